"""The roles' names, the one place they are spelled (access/roles.py re-exports
them with the groups and permissions; this module imports nothing, so that even
the admin site's configuration may read it)."""

CITY_COMMITTEE = "city_committee"
DISTRICT_COMMITTEE = "district_committee"  # 2021 only
COMMUNE_COMMITTEE = "commune_committee"
ELECTORAL_BOARD = "electoral_board"
ELECTION_TEAM = "election_team"
TRAINER = "trainer"
VIEWER = "viewer"
SYSADMIN = "sysadmin"
COMMITTEES = frozenset({CITY_COMMITTEE, DISTRICT_COMMITTEE, COMMUNE_COMMITTEE})
# The roles whose jurisdiction is an administrative unit (access.Profile).
UNIT_ROLES = COMMITTEES | {TRAINER, VIEWER}


def role_of(user) -> str | None:
    """The role of the user's profile (None without one)."""
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None
