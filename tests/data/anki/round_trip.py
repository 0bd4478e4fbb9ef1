"""Anki -> omm-cards -> Anki, checked by Anki itself: the note count stays and the edited note is updated.

Not run by the tests or CI (it needs the official `anki` package, in a venv of its own). From the
repository root, with omm-cards importable by the interpreter named in OMM_PYTHON:

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    OMM_PYTHON=.venv/bin/python /tmp/anki-venv/bin/python tests/data/anki/round_trip.py

It imports each fixture package into a fresh Anki collection, imports the same package into omm-cards,
edits one card's answer in the YAML deck omm-cards wrote, re-imports it, exports the deck as an .apkg
and imports that into the Anki collection. It prints what Anki's import log says and exits 1 when the
note, card or review count changed, a card changed deck, or the edit did not arrive.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

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


if __name__ == "__main__":
    sys.exit(main())
