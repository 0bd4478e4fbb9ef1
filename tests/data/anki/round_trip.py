"""Anki -> omm-cards -> Anki, checked by Anki itself: the note count stays and the edited note is updated.

Not run by the tests or CI (it needs the official `anki` package, in a venv of its own). From the
repository root, with omm-cards importable by the interpreter named in OMM_PYTHON:

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    OMM_PYTHON=.venv/bin/python /tmp/anki-venv/bin/python tests/data/anki/round_trip.py

It imports each fixture package into a fresh Anki collection, imports the same package into omm-cards,
edits one card's answer in the YAML deck omm-cards wrote, re-imports it, exports the deck as an .apkg
and imports that into the Anki collection. Then it switches formats: a deck exported as .apkg, then
edited and exported as CSV, .apkg and CSV by turns, each import into the same collection. It prints what
Anki's import log says and exits 1 when the note, card or review count changed, a card changed deck, an
import conflicted, or an edit did not arrive.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportCsvRequest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OMM_PYTHON = os.environ.get("OMM_PYTHON", sys.executable)
# (fixture, deck id omm-cards gives it, the answer to edit, its replacement)
CASES = [
    ("history.colpkg", "omm-history", "back: 90 seconds", "back: 90 seconds (edited in omm-cards)"),
    ("muscles.apkg", "omm", "Lesser trochanter of the femur", "Lesser trochanter (edited in omm-cards)"),
    ("formatting.apkg", "omm-formatting", "back: '9'", "back: '9 (edited in omm-cards)'"),
    ("clozes.apkg", "omm-clozes", "Chapman, 1930s", "Chapman, 1930s (edited in omm-cards)"),
]


def omm(home: Path, *args: str) -> str:
    env = os.environ | {"OMM_CARDS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([OMM_PYTHON, "-m", "omm_cards", *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"omm-cards {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def anki_import(col: Collection, path: Path) -> str:
    if path.suffix in (".csv", ".txt"):
        metadata = col.get_csv_metadata(path=str(path), delimiter=None)
        log = col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log
    else:
        options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)
        log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log
    return (
        f"new {len(log.new)}, updated {len(log.updated)}, duplicate {len(log.duplicate)}, "
        f"conflicting {len(log.conflicting)}, first field match {len(log.first_field_match)}, "
        f"missing notetype {len(log.missing_notetype)}"
    )


def placement(col: Collection) -> dict[tuple[str, int], str]:
    """Each card's deck, by note GUID and card ordinal: the deck tree must survive the round trip."""
    rows = col.db.all("select n.guid, c.ord, c.did from cards c join notes n on n.id = c.nid")
    return {(guid, ord_): col.decks.name(did) for guid, ord_, did in rows}


def main() -> int:
    failed = 0
    for fixture, deck_id, old, new in CASES:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            col = Collection(str(tmp / "collection.anki2"))
            print(f"{fixture}: into Anki: {anki_import(col, HERE / fixture)}")
            notes, cards, reviews = col.note_count(), col.card_count(), col.db.scalar("select count() from revlog")
            decks = placement(col)
            home = tmp / "omm"
            omm(home, "decks", "import", str(HERE / fixture))
            deck = home / "decks" / f"{deck_id}.yaml"
            deck.write_text(deck.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            omm(home, "decks", "import", str(deck))
            out = tmp / "export.apkg"
            omm(home, "decks", "export", deck_id, "--format", "apkg", "-o", str(out))
            print(f"{fixture}: back into Anki: {anki_import(col, out)}")
            edited = new.split(": ", 1)[-1].strip("'")
            found = col.find_notes(f'"{edited}"')
            after = col.note_count(), col.card_count(), col.db.scalar("select count() from revlog")
            ok = after == (notes, cards, reviews) and len(found) == 1 and placement(col) == decks
            verdict = "ok" if ok else "FAILED"
            print(
                f"{fixture}: notes, cards, reviews {(notes, cards, reviews)} -> {after};"
                f" edited note found: {len(found)}; {verdict}"
            )
            failed += not ok
            col.close()
    failed += not own_cards_stay_interactive()
    failed += not formats_update_the_same_notes()
    return 1 if failed else 0


def own_cards_stay_interactive() -> bool:
    """Our own deck exported: Anki asks for the typed answer and the multiple-choice letter."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        home = tmp / "omm"
        omm(home, "decks", "import", str(ROOT / "tests" / "data" / "interchange" / "tricky.yaml"))
        out = tmp / "tricky.apkg"
        omm(home, "decks", "export", "tricky", "--format", "apkg", "-o", str(out))
        col = Collection(str(tmp / "collection.anki2"))
        print(f"tricky.apkg (ours): into Anki: {anki_import(col, out)}")
        boxes = {}
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            boxes[card.note().note_type()["name"]] = "[[type:Answer]]" in card.question()
        col.close()
    ok = boxes.get("omm-cards Typed") is True and boxes.get("omm-cards Multiple choice") is True
    print(f"tricky.apkg (ours): a typing box by note type: {boxes}; {'ok' if ok else 'FAILED'}")
    return ok


def formats_update_the_same_notes() -> bool:
    """Our deck and an Anki deck, exported by turns as .apkg and CSV with an edit before each: every
    import into Anki updates the edited note, and the note count never changes. Anki's own text export
    (notes with GUIDs in stock note types) goes back as CSV the same way."""
    ok = True
    text_export = ROOT / "tests" / "data" / "interchange" / "anki-notes.txt"
    for source, deck_id, anchor, rounds in [
        (
            ROOT / "tests" / "data" / "interchange" / "tricky.yaml",
            "tricky",
            "90 seconds",
            (".apkg", ".csv", ".apkg", ".csv"),
        ),
        (HERE / "muscles.apkg", "omm", "Lesser trochanter of the femur", (".apkg", ".csv", ".apkg", ".csv")),
        (text_export, "omm", "Tip of the right 12th rib", (".csv", ".csv")),
    ]:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            col = Collection(str(tmp / "collection.anki2"))
            home = tmp / "omm"
            if source.suffix != ".yaml":
                print(f"{source.name}: into Anki: {anki_import(col, source)}")
                deck = home / "decks" / f"{deck_id}.yaml"  # the deck file the conversion wrote
            else:
                deck = tmp / source.name  # a YAML deck is the student's own file: edit a copy
                deck.write_bytes(source.read_bytes())
                source = deck
            omm(home, "decks", "import", str(source))
            first = tmp / f"first{rounds[0]}"
            omm(home, "decks", "export", deck_id, "-o", str(first))
            print(f"{deck_id}: {rounds[0]} into Anki: {anki_import(col, first)}")
            notes = col.note_count()
            before = anchor
            for round_, suffix in enumerate(rounds[1:], 1):
                after = f"{anchor} (edit {round_})"
                deck.write_text(deck.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
                before = after
                omm(home, "decks", "import", str(deck))
                out = tmp / f"export{round_}{suffix}"
                omm(home, "decks", "export", deck_id, "-o", str(out))
                log = anki_import(col, out)
                found = col.find_notes(f'"*(edit {round_})*"')
                good = col.note_count() == notes and len(found) == 1 and "conflicting 0" in log
                print(
                    f"{deck_id}: edit {round_} by {suffix}: {log}; notes {notes} -> {col.note_count()};"
                    f" edited note found: {len(found)}; {'ok' if good else 'FAILED'}"
                )
                ok &= good
            col.close()
    return ok


if __name__ == "__main__":
    sys.exit(main())
