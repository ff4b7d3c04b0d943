"""The voter list as the counting checks see it (results.checks W03 and W05).

W03 compares a minutes' "voters on the list" with the system's list; W05 needs to know
whether every voter of the area votes in every contest. Both read the per-area counts
that `polling.lists.refresh_list_counts` keeps after every import and change, so a
check costs one indexed row, not a count over the list. An election whose list was
never loaded into the system has no such rows: both answers are then None and the
checks stay silent, as before.
"""


class AreaListCounts:
    def voters_on_list(self, voting_area, contest) -> int | None:
        from electionadmin.polling.models import AreaListCount

        return (
            AreaListCount.objects.filter(voting_area=voting_area, contest=contest)
            .values_list("voters", flat=True)
            .first()
        )

    def has_partial_entitlement(self, voting_area) -> bool | None:
        from electionadmin.polling.models import AreaListCount

        rows = AreaListCount.objects.filter(
            voting_area=voting_area, contest__isnull=False
        ).values_list("whole_list", flat=True)
        wholes = list(rows)
        if not wholes:
            return None
        return not all(wholes)


def plug_in() -> None:
    from electionadmin.results.checks import set_voter_list_provider

    set_voter_list_provider(AreaListCounts())
