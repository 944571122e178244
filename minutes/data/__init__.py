"""Extraction data files (TOML): topic lexicon, markers, routing presets,
announced-content scope. Shipped with the package; a commune overrides them
with a folder of the same file names (docs/extraction.md)."""
