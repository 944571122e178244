"""Who may do what: the table every route's `need(permission)` names. It
lives with the roles in the services layer (doithoai/services/actors.py),
which the start page and the follow-up scope read too."""

from __future__ import annotations

from doithoai.services.actors import PERMISSIONS, allowed

__all__ = ["PERMISSIONS", "allowed"]
