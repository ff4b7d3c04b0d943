"""Roles are Django groups whose permissions are declared here, once; their names
in role_names.py (re-exported here): every other module names a role with them.

A user's jurisdiction narrows what the role allows (see scope.py).
"""

from django.contrib.auth.models import Group, Permission

from .role_names import (  # noqa: F401  (every role's name, for the whole project)
    CITY_COMMITTEE,
    COMMITTEES,
    COMMUNE_COMMITTEE,
    DISTRICT_COMMITTEE,
    ELECTION_TEAM,
    ELECTORAL_BOARD,
    SYSADMIN,
    TRAINER,
    UNIT_ROLES,
    VIEWER,
    role_of,
)

SETUP_MODELS = [
    "cycle",
    "adminunitset",
    "adminunit",
    "election",
    "contest",
    "electoralunit",
    "votingarea",
    "electionbody",
    "bodymember",
    "candidate",
]
VIEW_ALL = [f"setup.view_{model}" for model in SETUP_MODELS] + [
    "audit.view_auditentry",
    "wagtailadmin.access_admin",
]


def _manage(*models: str) -> list[str]:
    return [f"setup.{verb}_{m}" for m in models for verb in ("add", "change", "delete")]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    CITY_COMMITTEE: VIEW_ALL
    + ["setup.change_election", "setup.change_adminunit"]
    + _manage(
        "contest",
        "electoralunit",
        "candidate",
        "votingarea",
        "electionbody",
        "bodymember",
    ),
    DISTRICT_COMMITTEE: VIEW_ALL
    + _manage(
        "contest",
        "electoralunit",
        "candidate",
        "votingarea",
        "electionbody",
        "bodymember",
    ),
    COMMUNE_COMMITTEE: VIEW_ALL
    + _manage(
        "contest",
        "electoralunit",
        "candidate",
        "votingarea",
        "electionbody",
        "bodymember",
    ),
    ELECTORAL_BOARD: VIEW_ALL,
    ELECTION_TEAM: VIEW_ALL,
    # Trainers write guides in Wagtail and see nothing of an election's data
    # (publishing/permissions.py gives them the guides section).
    TRAINER: ["wagtailadmin.access_admin"],
    VIEWER: VIEW_ALL,
    SYSADMIN: [],
}
GROUP_NAMES = {
    CITY_COMMITTEE: "Ủy ban bầu cử tỉnh/thành phố",
    DISTRICT_COMMITTEE: "Ủy ban bầu cử quận/huyện",
    COMMUNE_COMMITTEE: "Ủy ban bầu cử xã/phường",
    ELECTORAL_BOARD: "Ban bầu cử",
    ELECTION_TEAM: "Tổ bầu cử",
    TRAINER: "Người tập huấn",
    VIEWER: "Chỉ xem",
    SYSADMIN: "Quản trị hệ thống",
}


# Roles without the election-data admin: no staff flag, so the Django admin and every
# screen behind it refuse them; their work is in Wagtail alone.
WAGTAIL_ONLY_ROLES = {TRAINER}
# Run after the groups are synced (e.g. Wagtail page permissions on a section).
AFTER_SYNC: list = []


def extend_role(role: str, permissions: list[str]) -> None:
    """Later stages (voters, results) add their permissions to a role."""
    ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] + permissions


def _permission(code: str) -> Permission | None:
    app_label, codename = code.split(".", 1)
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def sync_groups() -> dict[str, Group]:
    """Create or update one group per role with exactly the declared permissions."""
    groups = {}
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set([p for p in map(_permission, codes) if p is not None])
        groups[role] = group
    for step in AFTER_SYNC:
        step(groups)
    return groups


def apply_role(user, role: str) -> None:
    """Give the user the role's group, staff access (not to trainers), and
    (sysadmin) full rights."""
    groups = (
        sync_groups()
        if not Group.objects.filter(name=GROUP_NAMES[role]).exists()
        else {role: Group.objects.get(name=GROUP_NAMES[role])}
    )
    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*role_groups)
    user.groups.add(groups[role])
    staff = role not in WAGTAIL_ONLY_ROLES
    changed = user.is_staff != staff or user.is_superuser != (role == SYSADMIN)
    user.is_staff = staff
    user.is_superuser = role == SYSADMIN
    if changed:
        user.save(update_fields=["is_staff", "is_superuser"])


# Roles that pass a second factor (a TOTP app) at login, besides every superuser
# (middleware.SecondFactorMiddleware): the committees, and the administrators.
SECOND_FACTOR_ROLES = COMMITTEES | {SYSADMIN}


# Wagtail's reports (workflows, workflow tasks, site history, aging pages, page
# types, locked pages) are for whoever approves guides and oversees the site.
WAGTAIL_REPORT_ROLES = frozenset({CITY_COMMITTEE, SYSADMIN})


def sees_wagtail_reports(user) -> bool:
    """The city committee and administrators; trainers and the district and commune
    committees (they write guides, publish news) neither see nor open them."""
    return user.is_superuser or role_of(user) in WAGTAIL_REPORT_ROLES


def needs_second_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    profile = getattr(user, "profile", None)
    return profile is not None and profile.role in SECOND_FACTOR_ROLES
