"""Other formats in and out: CSV/TSV and Anki packages to our deck shape, and decks to CSV and .apkg.

An import is a pipeline, one module a step: `readers` picks the reader for a file (`csv_in`, or
`anki_package` -> `anki_collection` -> `anki_notes`), each turns the source into drafts, `drafts`
settles ids, tags and categories into one deck document, and the deck-file package writes and
validates it; `services.library` applies it. Nothing here touches our database or the user's data
folder: the service decides what is written where.
"""
