"""The citizen ID (số định danh cá nhân, CCCD): format, repair, and who sees it in full.

Every screen and export that shows a citizen ID calls `mask_citizen_id(user, value)`.
"""

import datetime
import re

from electionadmin.access.lookups import FULL_VIEW, sees_in_full

CITIZEN_ID = re.compile(r"\d{12}")

# The first three digits: the province where the birth was registered, "0" + the
# two-digit GSO code of the 63 provinces (Circular 07/2016/TT-BCA).
BIRTH_PROVINCES = frozenset(
    re.findall(
        r"\d{3}",
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 "
        "031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 "
        "060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 "
        "091 092 093 094 095 096",
    )
)

# Roles that work with identities: the commune makes and changes the list, the team
# checks voters at the polling station. Everyone else sees a masked number.
FULL_ID_ROLES = FULL_VIEW["citizen_id"]


def is_citizen_id(value: str) -> bool:
    return bool(CITIZEN_ID.fullmatch(value))


def century_gender_digit(birth_year: int, gender: str) -> int:
    """Digit 4: 0/1 for men/women born 1900-1999, 2/3 for 2000-2099, ..."""
    return (birth_year // 100 - 19) * 2 + (1 if gender == "F" else 0)


def matches_person(citizen_id: str, birth_date: datetime.date, gender: str) -> bool:
    """Do the province, century/gender and birth-year digits fit the person?"""
    return (
        citizen_id[:3] in BIRTH_PROVINCES
        and int(citizen_id[3]) == century_gender_digit(birth_date.year, gender)
        and citizen_id[4:6] == f"{birth_date.year % 100:02d}"
    )


def restore_leading_zeros(
    digits: str, birth_date: datetime.date | None, gender: str | None
) -> str | None:
    """The 12-digit ID a spreadsheet number lost its leading zeros from, if certain.

    Every ID starts with 0 (or 00: Hà Nội is 001), so a number of 10 or 11 digits
    is padded back only when the padded ID fits the person's birth year and gender;
    anything else is refused rather than guessed.
    """
    if len(digits) not in (10, 11) or birth_date is None or gender is None:
        return None
    candidate = digits.zfill(12)
    return candidate if matches_person(candidate, birth_date, gender) else None


def mask(value: str) -> str:
    """`079012345612` -> `0790******12`."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def can_see_citizen_ids(user) -> bool:
    return sees_in_full(user, "citizen_id")


def mask_citizen_id(user, value: str) -> str:
    """The ID as this user may see it: in full, or masked."""
    if not value:
        return ""
    return value if can_see_citizen_ids(user) else mask(value)
