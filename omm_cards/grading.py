"""The grade keys a student presses: SM-2's six grades, or Anki's four buttons mapped onto them. Pure."""

from __future__ import annotations

from omm_cards.scheduler import Grade

SIX, FOUR = 6, 4
# Anki's buttons on SM-2's scale: Again is a lapse, Hard a pass with difficulty, Good, Easy.
FOUR_BUTTONS = {"1": (1, "Again"), "2": (3, "Hard"), "3": (4, "Good"), "4": (5, "Easy")}
SIX_NAMES = {0: "blackout", 1: "wrong, familiar", 2: "wrong, easy", 3: "hard", 4: "hesitated", 5: "perfect"}


def grade_for_key(buttons: int, key: str) -> Grade | None:
    """The SM-2 grade a key gives, or None when the key is not a grade in this mode."""
    if buttons == FOUR:
        return Grade(FOUR_BUTTONS[key][0]) if key in FOUR_BUTTONS else None
    return Grade(int(key)) if key in ("0", "1", "2", "3", "4", "5") else None


def snap(buttons: int, grade: int) -> int:
    """A suggested grade as one the buttons can give: with four, anything below 3 is Again."""
    if buttons == FOUR and grade < 3:
        return 1
    return grade


def label(buttons: int, grade: int) -> str:
    """How a grade is named on screen: `4` with six grades, `Good` with four buttons."""
    if buttons == FOUR:
        return next((name for g, name in FOUR_BUTTONS.values() if g == grade), str(grade))
    return str(grade)


def legend(buttons: int) -> str:
    if buttons == FOUR:
        grades = " · ".join(f"{key} {name}" for key, (_, name) in FOUR_BUTTONS.items())
    else:
        grades = " · ".join(f"{g} {name}" for g, name in SIX_NAMES.items())
    return f"{grades} · m mark · s suspend · b bury · u undo · q quit"


def key_range(buttons: int) -> str:
    return "1-4" if buttons == FOUR else "0-5"
