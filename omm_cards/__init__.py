"""omm-cards: sourced COMLEX OMM flashcards with exact SM-2 scheduling, in the terminal."""

__version__ = "0.1.0"
