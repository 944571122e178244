"""User-facing text of the broadcast library, one module per area.

Import the area: `from broadcast.messages import notice as msg`. Vietnamese
first, English after " / " for errors.
"""
