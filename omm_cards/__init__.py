"""omm-cards: sourced COMLEX OMM flashcards with exact SM-2 scheduling, in the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("omm-cards")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
