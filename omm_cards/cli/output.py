"""Consoles and small rendering helpers shared by the command modules."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape


def console() -> Console:
    # Built per call so that it writes to whatever sys.stdout is now (tests swap it).
    return Console(file=sys.stdout, highlight=False)


def safe(text: str) -> str:
    """Deck text is full of [brackets]: never let Rich read it as markup."""
    return escape(text)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
