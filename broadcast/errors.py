"""Errors raised by the broadcast library for input the user must fix."""


class BroadcastError(ValueError):
    """Bad event file, script or settings. `exit_code` for CLIs."""

    exit_code = 2


class LeadTimeError(BroadcastError):
    """A broadcast plan whose first broadcast is too close to the event."""

    exit_code = 3
