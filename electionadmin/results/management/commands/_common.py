"""What the results commands share: look-ups that exit with a Vietnamese message."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from electionadmin.results.determination import UnknownContest, contests_of
from electionadmin.setup.models import Election


def election_of(code: str) -> Election:
    election = Election.objects.select_related("cycle").filter(code=code).first()
    if election is None:
        raise CommandError(f"Không có cuộc bầu cử mã '{code}'.")
    return election


def contest_of(election, key: str):
    try:
        [contest] = contests_of(election, key)
    except UnknownContest as exc:
        raise CommandError(str(exc)) from exc
    return contest


def user_of(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng '{username}'.")
    return user


def date_of(text: str, option: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CommandError(
        f"{option}: '{text}' không phải ngày (YYYY-MM-DD hoặc DD/MM/YYYY)."
    )
