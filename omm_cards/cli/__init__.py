"""The command line: parses and renders only."""
