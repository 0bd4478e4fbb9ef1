"""Progress figures and the report formats built from them (Markdown, CSV, JSON, HTML)."""
