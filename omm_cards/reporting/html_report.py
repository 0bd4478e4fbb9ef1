"""The HTML report: one self-contained file (inline CSS and SVG, no network), readable on a phone and
clean when printed to PDF."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from omm_cards.reporting import weak as thresholds
from omm_cards.reporting.breakdown import duration, percent, rows
from omm_cards.reporting.classview import class_rows, rate_n, week_cell
from omm_cards.reporting.figures import TREND_WEEKS, Coverage, Rate, Report, StudentFigures, Week
from omm_cards.reporting.weak import INACTIVE_DAYS, WeakAreas
from omm_cards.text import plural

CSS = """
:root { --ink:#1d2733; --muted:#5b6673; --line:#d9dee4; --good:#2e7d4f; --mid:#c58a12; --bad:#b23a3a;
        --new:#c9d3de; --learning:#6fa8dc; --mature:#2e7d4f; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; padding: 16px; max-width: 980px; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin-top: 28px;
     border-bottom: 2px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1.05em; margin: 18px 0 6px; }
.meta, .muted { color: var(--muted); }
.grid { display: flex; flex-wrap: wrap; gap: 16px; }
.grid > section { flex: 1 1 300px; min-width: 0; }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; min-width: 110px; }
.kpi b { display: block; font-size: 1.3em; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
.legend span { display: inline-block; margin-right: 10px; font-size: .85em; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
.weak li { margin-bottom: 4px; }
code { font-size: .9em; overflow-wrap: anywhere; }
.trend svg { width: 96px; height: 24px; display: inline-block; vertical-align: middle; }
.trend td { white-space: nowrap; }
ul.cards li { margin-bottom: 3px; } .q { color: var(--muted); }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.3; }
  h2 { margin-top: 0; } h3 { margin: 8px 0 3px; }
  .student { break-before: page; }
  .grid { gap: 8px; } .grid > section { flex: 1 1 45%; }
  .kpi { padding: 2px 6px; min-width: 80px; }
  section, table, svg, li, .kpis, h3 { break-inside: avoid; } h2, h3 { break-after: avoid; }
  svg { max-height: 120px; width: auto; max-width: 100%; }
  a { color: inherit; }
}
"""


def _colour(rate: float | None) -> str:
    if rate is None:
        return "var(--new)"
    return "var(--good)" if rate >= 0.85 else "var(--mid)" if rate >= 0.7 else "var(--bad)"


def retention_bars(rates: dict[str, Rate]) -> str:
    """Horizontal bars, one per category or region, 0-100 % retention."""
    items = sorted(rates.items())
    if not items:
        return '<p class="muted">No reviews of learned cards yet.</p>'
    height = 22 * len(items) + 8
    parts = [f'<svg viewBox="0 0 400 {height}" role="img" aria-label="retention">']
    for i, (name, rate) in enumerate(items):
        y = 4 + 22 * i
        width = 230 * (rate.rate or 0)
        parts.append(f'<text x="0" y="{y + 14}">{escape(name[:22])}</text>')
        parts.append(f'<rect x="130" y="{y + 2}" width="230" height="16" fill="#eef1f4" rx="3"/>')
        parts.append(f'<rect x="130" y="{y + 2}" width="{width:.1f}" height="16" fill="{_colour(rate.rate)}" rx="3"/>')
        parts.append(f'<text x="366" y="{y + 14}">{percent(rate)}</text><title>{rate_n(rate)}</title>')
    parts.append("</svg>")
    return "".join(parts)


def coverage_bars(coverage: dict[str, Coverage]) -> str:
    """Stacked bars of new, learning and mature cards, each scaled to its own total."""
    items = sorted((k, v) for k, v in coverage.items() if v.total)
    if not items:
        return '<p class="muted">No cards.</p>'
    height = 22 * len(items) + 8
    parts = [f'<svg viewBox="0 0 400 {height}" role="img" aria-label="coverage">']
    for i, (name, c) in enumerate(items):
        y, x = 4 + 22 * i, 130.0
        parts.append(f'<text x="0" y="{y + 14}">{escape(name[:22])}</text>')
        for part, colour in ((c.mature, "var(--mature)"), (c.learning, "var(--learning)"), (c.new, "var(--new)")):
            width = 230 * part / c.total
            parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="16" fill="{colour}"/>')
            x += width
        parts.append(f'<text x="366" y="{y + 14}">{c.total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def forecast_bars(forecast: list[int], today: date) -> str:
    """Cards due on each of the next 30 days."""
    top = max(forecast, default=0) or 1
    parts = ['<svg viewBox="0 0 400 120" role="img" aria-label="forecast">']
    for i, n in enumerate(forecast):
        h = 90 * n / top
        parts.append(
            f'<rect x="{4 + i * 13}" y="{96 - h:.1f}" width="10" height="{h:.1f}" fill="var(--learning)">'
            f"<title>{(today + timedelta(days=i + 1)).isoformat()}: {n}</title></rect>"
        )
    parts.append(
        f'<text x="4" y="112">tomorrow</text><text x="330" y="112">+30 days</text><text x="4" y="10">{top}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(activity: dict[date, int], today: date) -> str:
    """Reviews a day over the last 16 weeks, one column a week, Monday on top."""
    start = today - timedelta(days=today.weekday() + 15 * 7)
    top = max(activity.values(), default=0) or 1
    parts = ['<svg viewBox="0 0 400 110" role="img" aria-label="review calendar">']
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        n = activity.get(day, 0)
        shade = "#eef1f4" if n == 0 else f"rgba(46,125,79,{0.25 + 0.75 * n / top:.2f})"
        x, y = 30 + (offset // 7) * 22, 4 + (offset % 7) * 14
        parts.append(
            f'<rect x="{x}" y="{y}" width="18" height="11" rx="2" fill="{shade}"><title>{day}: {n}</title></rect>'
        )
    parts.append('<text x="0" y="13">Mon</text><text x="0" y="97">Sun</text></svg>')
    return "".join(parts)


def _legend() -> str:
    return (
        '<div class="legend"><span><i style="background:var(--mature)"></i>mature</span>'
        '<span><i style="background:var(--learning)"></i>learning</span>'
        '<span><i style="background:var(--new)"></i>new</span></div>'
    )


def _student(s: StudentFigures, today: date) -> str:
    last = s.last_review.isoformat() if s.last_review else "never"
    kpis = [
        ("retention", rate_n(s.retention)),
        ("reviews", str(s.reviews)),
        ("cards seen", str(s.cards_seen)),
        ("time", duration(s.seconds)),
        ("streak", plural(s.streak, "day")),
        ("last review", last),
        ("due today", str(s.due_today)),
        ("leeches", str(len(s.leeches))),
    ]
    if s.exam is not None and s.exam_recall is not None:
        kpis.append((f"exam {s.exam.isoformat()}", f"{s.exam_recall:.1%} predicted recall"))
    table = "".join(
        f"<tr><td>{r.dimension}</td><td>{escape(r.name)}</td><td class=n>{percent(r.retention)}</td>"
        f"<td class=n>{r.retention.reviews}</td><td class=n>{r.coverage.new}</td>"
        f"<td class=n>{r.coverage.learning}</td><td class=n>{r.coverage.mature}</td></tr>"
        for r in rows(s)
    )
    missed = "".join(
        f"<li><code>{escape(c.id)}</code> ({plural(c.misses, 'miss', 'misses')}): "
        f'<span class="q">{escape(c.question)}</span> → <b>{escape(c.answer)}</b></li>'
        for c in s.most_missed
    )
    return f"""
<article class="student">
<h2>{escape(s.name)}</h2>
<div class="kpis">{"".join(f'<div class="kpi">{k}<b>{escape(v)}</b></div>' for k, v in kpis)}</div>
<div class="grid">
<section><h3>Retention by category</h3>{retention_bars(s.retention_by_category)}</section>
<section><h3>Retention by region</h3>{retention_bars(s.retention_by_region)}</section>
<section><h3>Coverage by category</h3>{_legend()}{coverage_bars(s.coverage_by_category)}</section>
<section><h3>Coverage by region</h3>{_legend()}{coverage_bars(s.coverage_by_region)}</section>
<section><h3>Due in the next 30 days</h3>{forecast_bars(s.forecast, today)}</section>
<section><h3>Reviews, last 16 weeks</h3>{heatmap(s.activity, today)}</section>
</div>
<section><h3>Most-missed cards</h3><ul class="cards">{missed or "<li>None.</li>"}</ul></section>
<div class="scroll"><table><thead><tr><th>by</th><th>name</th><th class=n>retention</th><th class=n>reviews</th>
<th class=n>new</th><th class=n>learning</th><th class=n>mature</th></tr></thead><tbody>{table}</tbody></table></div>
</article>"""


def _weak(weak: WeakAreas) -> str:
    def rates(items: list[tuple[str, Rate]], few: list[tuple[str, Rate]]) -> str:
        ranked = "".join(f"<li>{escape(n)}: <b>{percent(r)}</b> of {r.reviews}</li>" for n, r in items)
        ranked = f"<ul>{ranked or '<li>None with enough reviews yet.</li>'}</ul>"
        if few:
            shown = ", ".join(f"{escape(n)} ({rate_n(r)})" for n, r in few)
            ranked += f'<p class="muted">Too few reviews to judge yet: {shown}</p>'
        return ranked

    leeches = "".join(
        f"<li>{escape(s)}: <code>{escape(c.id)}</code>: {escape(c.question)} → <b>{escape(c.answer)}</b></li>"
        for s, c in weak.leeches
    )
    missed = "".join(
        f"<li><code>{escape(c.id)}</code>: {plural(c.misses, 'miss', 'misses')} ({escape(', '.join(who))}): "
        f'<span class="q">{escape(c.question)}</span> → <b>{escape(c.answer)}</b></li>'
        for who, c in weak.most_missed
    )
    inactive = "".join(
        f"<li>{escape(s)}: "
        + (f"last review {last.isoformat()}, {plural(days or 0, 'day')} ago" if last else "no reviews yet")
        + "</li>"
        for s, days, last in weak.inactive
    )
    none = "<li>None.</li>"
    threshold = plural(thresholds.MIN_REVIEWS, "review")
    return f"""
<section class="weak"><h2>Weak areas to act on</h2>
<p class="muted">The 5 lowest retention rates among categories and regions with at least {threshold}
of learned cards; a percentage is followed by its n, the reviews counted.</p><div class="grid">
<section><h3>Lowest retention: categories</h3>{rates(weak.categories, weak.few_categories)}</section>
<section><h3>Lowest retention: regions</h3>{rates(weak.regions, weak.few_regions)}</section>
<section><h3>Not reviewing for {INACTIVE_DAYS} days or more</h3><ul>{inactive or none}</ul></section>
</div>
<section><h3>Most-missed cards</h3><ul class="cards">{missed or none}</ul></section>
<section><h3>Leeches (lapsed 8 times, now suspended)</h3><ul class="cards">{leeches or none}</ul></section>
</section>"""


def trend_bars(weeks: list[Week]) -> str:
    """Reviews a week as small bars, coloured by that week's retention (grey: no learned-card reviews)."""
    top = max((w.reviews for w in weeks), default=0) or 1
    parts = [f'<svg viewBox="0 0 {12 * len(weeks)} 24" role="img" aria-label="reviews a week">']
    for i, w in enumerate(weeks):
        h = 22 * w.reviews / top if w.reviews else 1
        tip = f"week of {w.start.isoformat()}: {plural(w.reviews, 'review')}, retention {rate_n(w.retention)}"
        parts.append(
            f'<rect x="{i * 12}" y="{23 - h:.1f}" width="10" height="{h:.1f}" fill="{_colour(w.retention.rate)}">'
            f"<title>{escape(tip)}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _class(report: Report) -> str:
    head = (
        "<tr><th>student</th><th class=n>reviews</th><th class=n>retention</th><th class=n>cards seen</th>"
        "<th class=n>mature</th><th class=n>due now</th><th class=n>overdue</th><th>last review</th>"
        "<th class=n>streak</th><th class=n>leeches</th></tr>"
    )
    body = "".join(
        f"<tr><td>{escape(r.name)}</td><td class=n>{r.reviews}</td><td class=n>{rate_n(r.retention)}</td>"
        f"<td class=n>{r.cards_seen} of {r.total}</td><td class=n>{r.mature} of {r.total}</td>"
        f"<td class=n>{r.due}</td><td class=n>{'-' if r.overdue is None else r.overdue}</td>"
        f"<td>{r.last_review.isoformat() if r.last_review else 'never'}</td>"
        f"<td class=n>{plural(r.streak, 'day')}</td><td class=n>{r.leeches}</td></tr>"
        for r in class_rows(report)
    )
    trended = [s for s in report.students if s.weekly]
    trend = ""
    if trended:
        weeks = trended[0].weekly
        cols = "".join(f"<th class=n>{w.start.strftime('%m-%d')}</th>" for w in weeks)
        lines = "".join(
            f"<tr><td>{escape(s.name)}</td><td>{trend_bars(s.weekly)}</td>"
            + "".join(f"<td class=n>{escape(week_cell(w))}</td>" for w in s.weekly)
            + "</tr>"
            for s in trended
        )
        trend = (
            f"<section><h3>The last {TREND_WEEKS} weeks: reviews · retention (weeks start on Monday)</h3>"
            f'<div class="scroll trend"><table><thead><tr><th>student</th><th>trend</th>{cols}</tr></thead>'
            f"<tbody>{lines}</tbody></table></div></section>"
        )
    return (
        f'<section class="class"><h2>The class</h2><div class="scroll"><table><thead>{head}</thead>'
        f"<tbody>{body}</tbody></table></div>"
        '<p class="muted">Retention: reviews of already-learned cards graded 3 or more, with n. Mature: an interval'
        f" of 21 days or more.</p>{trend}</section>"
    )


def render(report: Report, weak: WeakAreas) -> str:
    period = f"since {report.since.isoformat()}" if report.since else "all time"
    students = "".join(_student(s, report.today) for s in report.students)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OMM progress report {report.today.isoformat()}</title><style>{CSS}</style></head>
<body><header><h1>OMM progress report</h1>
<p class="meta">{report.today.isoformat()} · {period} · {plural(len(report.students), "student")} · made by
omm-cards</p></header>{_class(report)}{_weak(weak)}{students}</body></html>
"""
