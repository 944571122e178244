"""User-facing text of the speech engine (pipeline package), one module per area.

Import the area: `from pipeline.messages import audio as msg`. Vietnamese first,
English after " / " for errors; tests assert phrases, so change wording
deliberately.
"""
