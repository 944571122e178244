"""Who acts: the roles, what each may do, and the logged-in user as plain
values (`Actor`), which every service that records a change takes. The web
pages check the same table: every route names one permission from it, so
the whole policy is readable (and tested) in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from doithoai.messages import web as web_msg
from doithoai.store.tables import UserRow


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "thu_ky"
    RADIO = "truyen_thanh"
    OFFICER = "can_bo"  # cán bộ xử lý: sees only the items of his unit


ROLES: tuple[Role, ...] = tuple(Role)  # `value in ROLES`: a str is compared with the members' values

ROLE_LABELS: dict[str, str] = {role: web_msg.ROLE_LABELS[role] for role in ROLES}

_ALL = frozenset(ROLES)
PERMISSIONS: dict[str, frozenset[Role]] = {
    "home": _ALL,
    "meetings.view": frozenset({Role.ADMIN, Role.SECRETARY}),
    "meetings.manage": frozenset({Role.ADMIN, Role.SECRETARY}),  # create, edit, upload, jobs
    "transcript.edit": frozenset({Role.ADMIN, Role.SECRETARY}),
    "items.review": frozenset({Role.ADMIN, Role.SECRETARY}),  # accept, edit, reject, merge, split, add, assign
    "documents.download": frozenset({Role.ADMIN, Role.SECRETARY}),
    "followup.view": frozenset({Role.ADMIN, Role.SECRETARY, Role.OFFICER}),
    "followup.update": frozenset({Role.ADMIN, Role.SECRETARY, Role.OFFICER}),
    "broadcast": frozenset({Role.ADMIN, Role.RADIO}),
    "publish": frozenset({Role.ADMIN, Role.SECRETARY}),  # the results: posted notice, bulletin draft for the radio
    "admin": frozenset({Role.ADMIN}),
}


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


@dataclass(frozen=True)
class Actor:
    """The logged-in user as plain values: safe to read after the request's
    database session has ended or rolled back (error pages)."""

    id: int
    username: str
    full_name: str
    role: Role
    unit: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))

    @classmethod
    def of(cls, user: UserRow) -> Actor:
        return cls(user.id, user.username, user.full_name, Role(user.role), user.unit)

    def may(self, permission: str) -> bool:
        return allowed(self.role, permission)
