"""Benchmark, run by hand: reading a 10 MB Anki collection of 2,000 notes with its media (target < 2 s).

    PYTHONPATH=. python bench/anki_read.py [--notes 2000] [--megabytes 10] [--media 200]

Builds the package from a real Anki file (tests/data/anki/history.colpkg, made by Anki 26.09): its
schema-18 collection gets N Basic notes whose HTML fields fill it to the size asked for, one card each,
a review log (4 rows a card), and numbered media members in the zip, zstd-compressed as Anki writes them.
Then it measures, median of 5 runs each:
- `convert`: the package read, every note rendered through its templates, the YAML deck assembled, and
  the media files the cards show read from the zip (200 of 20 KB each by default);
- the whole `decks import` in process (a fresh data folder each run): conversion, the YAML written and
  loaded back, the media files written (each atomically, synced), the database writes, and the
  progress that comes along.

Measured on the 2-core shared machine (2026-12-01): convert 1.50-1.64 s; whole import 1.9 s without
media files written, 3.2 s with the 200 written.
Wall time on this machine: run it on an idle machine and read it as a range.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omm_cards.interchange.readers import convert  # noqa: E402

SOURCE = ROOT / "tests" / "data" / "anki" / "history.colpkg"
DAY_MS = 86_400_000


def build(path: Path, notes: int, megabytes: float, media: int) -> tuple[int, int]:
    """Write the package; returns (collection bytes, package bytes)."""
    with zipfile.ZipFile(SOURCE) as archive:
        data = zstandard.ZstdDecompressor().stream_reader(archive.read("collection.anki21b")).read()
        meta = archive.read("meta")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "collection.anki21"
        db.write_bytes(data)
        conn = sqlite3.connect(db)
        conn.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
        mid, did = conn.execute("SELECT n.mid, c.did FROM notes n JOIN cards c ON c.nid = n.id LIMIT 1").fetchone()
        crt = conn.execute("SELECT crt FROM col").fetchone()[0]
        filler = max(0, int(megabytes * 1024 * 1024 / notes) - 200)
        paragraph = "<div>Counterstrain: <b>hold</b> the position of comfort for 90 seconds &amp; recheck.</div>"
        back = (paragraph * (filler // len(paragraph) + 1))[:filler]
        for n in range(notes):
            nid = 1_700_000_000_000 + n
            front = f'Bench question {n}: where is tender point {n}?<br><img src="bench-{n % max(media, 1)}.png">'
            conn.execute(
                "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, '')",
                (nid, f"bench-{n}", mid, " bench OMM::Bench ", f"{front}\x1f{back}", front),
            )
            cid = 1_800_000_000_000 + n
            conn.execute(
                "INSERT INTO cards VALUES (?, ?, ?, 0, 0, 0, 2, 2, ?, 21, 2500, 4, 0, 0, 0, 0, 0, '')",
                (cid, nid, did, 40 + n % 30),
            )
            for step in range(4):
                when = (crt * 1000) + (step * 5 + n % 5) * DAY_MS + n
                ivl = (1, 4, 10, 21)[step]
                conn.execute(
                    "INSERT INTO revlog VALUES (?, ?, -1, 3, ?, 0, 2500, 6000, ?)",
                    (when, cid, ivl, 0 if step == 0 else 1),
                )
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        collection = db.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(collection))
        archive.writestr("collection.anki2", b"")
        archive.writestr("meta", meta)
        listing = {str(i): f"bench-{i}.png" for i in range(media)}
        archive.writestr("media", json.dumps(listing).encode())  # the name map (JSON, as older Anki writes it)
        png = b"\x89PNG\r\n\x1a\n" + random.randbytes(20_000)  # incompressible, as images are
        for i in range(media):
            archive.writestr(str(i), zstandard.ZstdCompressor().compress(png))
    path.write_bytes(out.getvalue())
    return len(collection), path.stat().st_size


def median_seconds(run: object, times: int = 5) -> float:
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        taken.append(time.perf_counter() - start)
    return statistics.median(taken)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--media", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "bench.apkg"
        collection_size, package_size = build(package, args.notes, args.megabytes, args.media)
        conversion = convert(package)
        cards = len(conversion.document["cards"])
        assert len(conversion.media_files) == args.media, "every media file the cards show is read"
        read = median_seconds(lambda: convert(package))
        print(f"collection {collection_size / 1024**2:.1f} MB, package {package_size / 1024**2:.1f} MB")
        print(f"{args.notes} notes -> {cards} cards, {args.media} media members, {args.notes * 4} review log rows")
        print(f"| read and convert (target < 2 s) | {read:.2f} s |")
        # A deck file is at most 5 MB of YAML: the whole import runs on the same notes with shorter fields.
        small = Path(folder) / "bench-small.apkg"
        build(small, args.notes, min(args.megabytes, 3), args.media)

        from datetime import datetime

        from omm_cards.services.library import import_decks
        from omm_cards.services.startup import open_workspace

        runs = iter(range(100))

        def whole_import() -> None:
            db = Path(folder) / f"home-{next(runs)}" / "omm-cards.db"
            with open_workspace(db, "bench", datetime(2026, 10, 1, 10)) as ws:
                import_decks(ws, [small])

        imported = median_seconds(whole_import)
    print(f"| whole decks import of a 3 MB collection of {args.notes} notes, with progress | {imported:.2f} s |")


if __name__ == "__main__":
    main()
