"""Errors raised by the minutes library for input the user must fix."""


class MinutesError(ValueError):
    """Bad meeting file, transcript or reviewed items. `exit_code` for CLIs."""

    exit_code = 2
