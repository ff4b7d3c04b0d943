"""The CSV form of the results (EXCHANGE §5): one row per candidate, the unit's
figures repeated on each row. Written by `manage.py election_results --format csv`
and by the public site's `ket-qua.csv` (publishing), from the same dict; cells go
through `cells.safe` (never run as a formula in a spreadsheet)."""

from electionadmin import cells

UNIT_COLUMNS = [
    "round",
    "number",
    "seats",
    "areas_expected",
    "areas_reported",
    "voters_on_list",
    "voters_voted",
    "turnout_pct",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
    "valid_pct",
    "invalid_pct",
    "status",
    "elected_count",
    "seats_unfilled",
    "supplementary_election_required",
    "seats_undecided",
    "tie_unresolved",
    "not_confirmed_count",
]
CANDIDATE_COLUMNS = [
    "ballot_order",
    "full_name",
    "birth_date",
    "votes",
    "pct_of_valid",
    "rank",
    "elected",
    "tie_unresolved",
    "elected_round",
    "confirmed",
    "confirmation_decision",
    "confirmation_reason",
]


def write_csv(results: dict, stream) -> None:
    """`results` has the shape of `election_results` (election, contests)."""
    writer = cells.csv_writer(stream, lineterminator="\n")
    candidate_headers = [
        f"candidate_{c}" if c in UNIT_COLUMNS else c for c in CANDIDATE_COLUMNS
    ]
    writer.writerow(["election", "contest", *UNIT_COLUMNS, *candidate_headers])
    for contest in results["contests"]:
        for unit in contest["units"]:
            head = [results["election"], contest["contest"]]
            head += [unit.get(key, "") for key in UNIT_COLUMNS]
            for candidate in unit["candidates"]:
                # Keys of §5a exist only where they apply (a winner's confirmation,
                # the final outcome): an empty cell elsewhere.
                writer.writerow(
                    head + [candidate.get(k, "") for k in CANDIDATE_COLUMNS]
                )
