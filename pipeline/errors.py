"""Errors that are the user's to fix: shown as a message, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input or set-up.

    `message` is shown as is (Vietnamese first, English after " / " where
    useful); `exit_code` is what the CLI exits with (2 for bad input).
    """

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class NotFoundError(UserError):
    """A meeting, item or job that does not exist (the web app answers 404)."""

    http_status = 404


class BadInputError(UserError):
    """Input files that cannot be used (corrupt, empty, wrong type)."""


class ModelError(UserError):
    """A model that is missing, invalid or cannot be loaded."""
