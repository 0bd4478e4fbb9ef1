"""Other formats in and out: CSV/TSV and Anki packages to our deck shape, and decks to YAML, CSV and .apkg.

One module per format; `convert` picks the reader for a file. Nothing here touches the database or
the user's data folder: `services.library` decides what is written where.
"""
