"""Rendered page parts kept in the shared cache (doithoai/services/cache.py):
fifty reviewers on one meeting all see the same item list, rendered once per
change instead of once per request. Per-user bits (the CSRF token) are
filled into the cached HTML on the way out.
"""

from __future__ import annotations

from markupsafe import Markup

from doithoai.services.view_cache import CACHE, Cache

__all__ = ["CACHE", "CSRF_SLOT", "Cache", "fill"]

# Stands for the session's token in cached HTML. Markup with a "<": text a
# user typed is escaped on render (&lt;), so it can never hold the slot.
CSRF_SLOT = Markup("<doithoai-csrf>")


def fill(html: str, csrf: str) -> Markup:
    """Cached HTML with this session's CSRF token in its forms."""
    return Markup(html.replace(CSRF_SLOT, csrf))
