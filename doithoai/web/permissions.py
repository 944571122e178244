"""Who may do what: every route names one permission from this table, so
the whole policy is readable (and tested) in one place."""

from __future__ import annotations

ADMIN, SECRETARY, RADIO, OFFICER = "admin", "thu_ky", "truyen_thanh", "can_bo"

ROLE_LABELS = {
    ADMIN: "Quản trị",
    SECRETARY: "Thư ký",
    RADIO: "Truyền thanh",
    OFFICER: "Cán bộ xử lý",
}

PERMISSIONS: dict[str, frozenset[str]] = {
    "home": frozenset({ADMIN, SECRETARY, RADIO, OFFICER}),
    "meetings.view": frozenset({ADMIN, SECRETARY}),
    "meetings.manage": frozenset({ADMIN, SECRETARY}),  # create, edit, upload, jobs
    "transcript.edit": frozenset({ADMIN, SECRETARY}),
    "items.review": frozenset({ADMIN, SECRETARY}),  # accept, edit, reject, merge, split, add, assign
    "documents.download": frozenset({ADMIN, SECRETARY}),
    "followup.view": frozenset({ADMIN, SECRETARY, OFFICER}),
    "followup.update": frozenset({ADMIN, SECRETARY, OFFICER}),
    "broadcast": frozenset({ADMIN, RADIO}),
    "admin": frozenset({ADMIN}),
}


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]
