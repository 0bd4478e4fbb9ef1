"""The figures behind bench/FSRS-CHOICE.md: `python bench/fsrs_choice.py [--runs N] [--skip-py-optimizer]`.

Run it in a venv holding `fsrs[optimizer]` (with the CPU build `torch==2.13.0`) and `fsrs-rs-python`. It measures,
for py-fsrs (`fsrs`) and for fsrs-rs (`fsrs-rs-python`):
- start-up: a fresh interpreter importing the library and creating a scheduler, median of N runs (the time inside
  the process, from before the import to after the scheduler exists, and the whole process's wall time, beside a
  bare `python -c pass`);
- installed size: the files each distribution's RECORD lists, summed over it and everything it requires;
- the optimizer on the whole shared log (fsrs-rs: median of N fits; py-fsrs: one fit, it is slow);
- the memory state both give for each card of the log with the same (default) parameters.
Wall-clock figures: run on an idle machine and read them as a range.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import revlog

STARTUP = {
    "bare python": "pass",
    "fsrs (py-fsrs) Scheduler": "import fsrs; fsrs.Scheduler()",
    "fsrs Optimizer (torch)": "import fsrs; fsrs.Scheduler(); from fsrs import Optimizer",
    "fsrs-rs-python FSRS": "import fsrs_rs_python as f; f.FSRS(f.DEFAULT_PARAMETERS)",
}


def startup(code: str, runs: int) -> tuple[float, float]:
    """Median in-process seconds (import + create) and median whole-process wall seconds."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    inside, wall = [], []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", timed], check=True, capture_output=True, text=True).stdout
        wall.append(time.perf_counter() - started)
        inside.append(float(out.strip()))
    return statistics.median(inside), statistics.median(wall)


def _name(requirement: str) -> tuple[str, bool]:
    """The requirement's distribution name, and whether it is needed without extras."""
    name = re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0]
    marker = requirement.split(";", 1)[1] if ";" in requirement else ""
    return name, "extra" not in marker


def closure(root: str, extras: tuple[str, ...] = ()) -> set[str]:
    """The distribution and everything it requires (with `extras` of the root), as installed here."""
    seen: set[str] = set()
    todo = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen.add(key)
        for requirement in dist.requires or []:
            dep, always = _name(requirement)
            if always or any(f'extra == "{extra}"' in requirement for extra in wanted):
                todo.append((dep, ()))
    return seen


def size_mb(names: set[str]) -> float:
    total = 0
    for name in names:
        for file in md.distribution(name).files or []:
            total += file.size or 0
    return total / 1e6


def fit_fsrs_rs(runs: int) -> tuple[float, list[float]]:
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview

    cards = revlog.by_card(revlog.load())
    dated = []
    for history in cards.values():
        reviews = []
        for index, review in enumerate(history):
            delta = 0 if index == 0 else review.day - history[index - 1].day
            reviews.append(FSRSReview(review.rating, delta))
            if delta > 0:
                item = FSRSItem(reviews)
                if item.long_term_review_cnt() > 0:
                    dated.append((review.time, item))
    dated.sort(key=lambda pair: pair[0])
    items = [item for _, item in dated]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parameters = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
        times.append(time.perf_counter() - started)
    return statistics.median(times), parameters


def fit_py_fsrs() -> tuple[float, list[float]]:
    from fsrs import Optimizer, Rating, ReviewLog

    logs = [ReviewLog(r.card, Rating(r.rating), r.time, None) for r in revlog.load()]
    started = time.perf_counter()
    parameters = Optimizer(logs).compute_optimal_parameters()
    return time.perf_counter() - started, list(parameters)


def agreement() -> tuple[int, float]:
    """Cards whose stability after their whole history differs by < 1%, and the largest relative gap.

    py-fsrs counts elapsed days as whole 24-hour periods between timestamps, fsrs-rs as differences of study days:
    that, and py-fsrs's learning-step states, are where the two can part.
    """
    from fsrs import Card, Rating, ReviewLog, Scheduler
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview

    py = Scheduler(enable_fuzzing=False)
    rs = FSRS(list(DEFAULT_PARAMETERS))
    close, worst = 0, 0.0
    cards = revlog.by_card(revlog.load())
    for card, history in cards.items():
        logs = [ReviewLog(card, Rating(r.rating), r.time, None) for r in history]
        s_py = py.reschedule_card(Card(card_id=card, due=history[0].time - timedelta(seconds=1)), logs).stability
        reviews = [FSRSReview(r.rating, 0 if i == 0 else r.day - history[i - 1].day) for i, r in enumerate(history)]
        s_rs = rs.memory_state(FSRSItem(reviews)).stability
        gap = abs(s_py - s_rs) / s_rs
        close += gap < 0.01
        worst = max(worst, gap)
    return close, worst


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-py-optimizer", action="store_true")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {datetime.now():%Y-%m-%d}; versions:", end=" ")
    print(", ".join(f"{n} {md.version(n)}" for n in ("fsrs", "fsrs-rs-python", "torch", "numpy", "pandas")))
    print(f"\nStart-up, median of {args.runs} fresh interpreters:")
    print(f"{'':<28} {'import+create':>14} {'process wall':>13}")
    for name, code in STARTUP.items():
        inside, wall = startup(code, args.runs)
        print(f"{name:<28} {inside * 1000:>11.1f} ms {wall * 1000:>10.1f} ms")

    print("\nInstalled size (files in RECORD, with everything required):")
    for label, root, extras in (
        ("fsrs", "fsrs", ()),
        ("fsrs[optimizer]", "fsrs", ("optimizer",)),
        ("fsrs-rs-python", "fsrs-rs-python", ()),
    ):
        names = closure(root, extras)
        print(f"{label:<28} {size_mb(names):>9.1f} MB  ({', '.join(sorted(names))})")

    print("\nOptimizer on the whole shared log (12,580 reviews):")
    seconds, parameters = fit_fsrs_rs(args.runs)
    print(f"fsrs-rs compute_parameters   {seconds * 1000:>9.1f} ms (median of {args.runs})")
    print("  parameters:", ", ".join(f"{w:.4f}" for w in parameters))
    if not args.skip_py_optimizer:
        seconds, parameters = fit_py_fsrs()
        print(f"py-fsrs Optimizer            {seconds:>9.1f} s  (one run)")
        print("  parameters:", ", ".join(f"{w:.4f}" for w in parameters))

    close, worst = agreement()
    cards = len(revlog.by_card(revlog.load()))
    print(f"\nSame history, default parameters: stability within 1% on {close} of {cards} cards;", end=" ")
    print(f"largest gap {worst:.0%}")


if __name__ == "__main__":
    main()
