"""Voter lists (docs/EXCHANGE.md §2): `import_voters(path, election)`.

Staged (any import; always on SQLite): stream the file -> parse and check each row in
Python, staging it (COPY on PostgreSQL, batched inserts elsewhere) -> check across
rows in SQL (a citizen twice in the file, or already listed in another area) ->
count added/updated/unchanged -> when no row is rejected and not a dry run, publish
with one INSERT … ON CONFLICT … DO UPDATE in the same transaction.

Direct (PostgreSQL, the first import of an election): the parsed rows go by COPY,
while the file is read, into a table of the election's own without any index; once
loaded it is indexed and attached as the election's partition of the voter table
(voters_pg.DirectLoad). The first problem abandons it, and the file is imported
staged instead, which reports every problem. Owning its transaction (not called
inside `transaction.atomic`), the import commits that table before attaching it,
to build its indexes over two connections at once; a failure drops it again.

List numbers (= voter-card numbers) are assigned per voting area and never change:
a voter already on the list keeps their number; new voters get the numbers after the
area's highest one, household by household in the file's order (head first). See
electionadmin/voters/README.md.
"""

from collections.abc import Collection
from itertools import chain, islice
from pathlib import Path

from django.db import connection
from django.utils import timezone

from electionadmin.audit.log import record
from electionadmin.figures import grouped
from electionadmin.setup.models import Election
from electionadmin.voters.counts import refresh_list_counts
from electionadmin.voters.models import VoterEntry

from . import voters_parallel as parallel
from .base import Importer, ImportReport, Progress, no_progress
from .columns import VOTER_REQUIRED as REQUIRED
from .columns import VOTER_SHEET as SHEET
from .voters_parallel import Sequential
from .voters_pg import Abandon, DirectLoad, drop_leftover, make_stage
from .voters_read import VoterFile, header_positions, open_voters
from .voters_rows import AreaBook, RowParser
from .voters_sql import Stage
from .workbook import WorkbookError

__all__ = ["import_voters"]

MAX_LISTED = 50_000  # problems listed one by one; the rest are counted
PRIME_ROWS = 1000  # rows read ahead to learn the file's legacy encoding
PROGRESS_EVERY = 2000


class Problems:
    """The sheet's problems: every rejected row counted, the first MAX_LISTED listed."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.rejected = bytearray()
        self.unlisted = {"error": 0, "warning": 0}

    def error(self, row: int | None, column: str | None, message: str) -> None:
        if row is not None:
            if row >= len(self.rejected):
                self.rejected.extend(bytes(row + 1 - len(self.rejected) + 4096))
            self.rejected[row] = 1
        if len(self.report.errors) < MAX_LISTED:
            self.report.error(SHEET, row, column, message)
        else:
            self.unlisted["error"] += 1

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.report.warnings) < MAX_LISTED:
            self.report.warn(SHEET, row, column, message)
        else:
            self.unlisted["warning"] += 1

    @property
    def rejected_count(self) -> int:
        return self.rejected.count(1)

    def room(self) -> int:
        return max(1, MAX_LISTED - len(self.report.errors))

    def finish(self) -> None:
        for severity, count in self.unlisted.items():
            if count:
                kind = "lỗi" if severity == "error" else "cảnh báo"
                message = (
                    f"Còn {grouped(count)} {kind} khác không liệt kê (chỉ liệt kê "
                    f"{grouped(MAX_LISTED)} {kind} đầu tiên)."
                )
                add = self.report.error if severity == "error" else self.report.warn
                add(SHEET, None, None, message)


EMPTY_LIST = (
    "Tệp chưa có cử tri nào: sau dòng tiêu đề không có dòng nào có dữ liệu (ô chứa "
    "công thức được đọc là ô trống; hãy dán giá trị thay cho công thức); chưa ghi gì."
)


def import_voters(
    path: str | Path,
    election: Election | str,
    *,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
    method: str | None = None,
    areas: Collection[int] | None = None,
) -> ImportReport:
    """Validate the whole file; write it (all or nothing) unless `dry_run`.

    `areas`: the ids of the voting areas the rows may name (an official's
    jurisdiction); a row for any other area of the election is rejected at its
    cell. None (the command line): any area of the election.

    `method`: "direct" (PostgreSQL: a clean first import, straight into the table),
    "copy" (PostgreSQL: staged by COPY) or "batched" (staged by inserts, any
    database). By default direct when it applies, else copy on PostgreSQL and
    batched elsewhere. A direct import that meets any problem is redone staged,
    which finds and reports every problem.
    """
    # Only an import that owns its transaction may commit the election's table
    # before attaching it, to index it over two connections (voters_pg.DirectLoad).
    separate = not connection.in_atomic_block
    if isinstance(election, str):
        election = Election.objects.select_related("cycle").get(code=election)
    if connection.vendor != "postgresql":
        method = "batched"
    method = method or "direct"
    first = not VoterEntry.objects.filter(election=election).exists()
    if method == "direct" and (dry_run or not first):
        method = "copy"
    options = {"dry_run": dry_run, "user": user, "progress": progress or no_progress}
    options["areas"] = None if areas is None else frozenset(areas)
    if method == "direct":
        # Two processes parse a large CSV (voters_parallel); one when the file turns
        # out to need it.
        for parallel in (True, False):
            try:
                direct = options | {"separate": separate, "parallel": parallel}
                return _import(path, election, "direct", direct)
            except Sequential:
                continue
            except Abandon:
                break
        method = "copy"
    return _import(path, election, method, options)


def _import(path, election: Election, method: str, options: dict) -> ImportReport:
    run = VoterImport(
        election,
        method,
        parallel=options.get("parallel", False),
        areas=options["areas"],
        separate=options.get("separate", False),
        dry_run=options["dry_run"],
        user=options["user"],
        progress=options["progress"],
    )
    written = False
    try:
        report = run.run(path)
        written = report.written
    finally:
        if run.direct is not None:  # its connections, and its table if not written
            run.direct.close(written)
    return report


class VoterImport(Importer):
    """The voters sheet, streamed: rows are checked and staged inside the transaction
    that writes them (`checks_in_transaction`); the write step is the COPY path of
    voters_pg.py / voters_sql.py."""

    checks_in_transaction = True
    unreadable = (WorkbookError,)
    sheet = SHEET

    def __init__(
        self,
        election: Election,
        method: str,
        *,
        parallel=False,
        areas=None,
        separate=False,
        **options,
    ):
        super().__init__(election_code=election.code, **options)
        self.election = election
        self.method = method
        self.parallel = parallel
        self.allowed_areas = areas
        self.separate = separate  # the direct path may commit the election's table
        self.direct: DirectLoad | None = None
        self.problems = Problems(self.report)

    def open(self, path):
        self.name = Path(path).name
        return open_voters(path)

    def read(self, source: VoterFile):
        positions = self.columns(source.header)
        if not self.report.ok:
            return None
        if source.note:
            self.problems.warn(None, None, source.note)
        # Everything the rows need is read before the COPY holds the connection.
        self.areas = AreaBook(self.election, allowed=self.allowed_areas)
        return source, positions

    def check_rows(self, data):
        """Every row parsed, checked and staged (or, direct, copied to the table)."""
        source, positions = data
        if self.method == "direct":
            return self.direct_load(source, positions)
        stage = make_stage(self.election.pk, self.method)
        stage.create()
        self.load(source, stage, positions)
        return stage

    def check_across_and_write(self, stage, source) -> None:
        super().check_across_and_write(stage, source)
        if self.method != "direct":
            stage.drop()

    def check_across(self, stage) -> None:
        if self.method == "direct":
            return  # the load stopped at the first problem: nothing to check
        self.check(stage)
        if self.report.ok and not stage.staged_count():
            # e.g. every cell a formula, which the reader takes as empty
            self.problems.error(None, None, EMPTY_LIST)
        if self.report.ok:
            self.count(stage, self.dry_run)

    def write(self, stage, source) -> None:
        if self.method == "direct":
            self.progress(1, 1, "Ghi vào cơ sở dữ liệu")
            stage.complete()
            self.report.count(SHEET, "added", stage.written)
            self.finish_writing(self.user, self.name)
        else:
            self.publish(stage, self.user, self.name)

    def finish(self) -> None:
        self.problems.finish()
        self.report.count(SHEET, "rejected", self.problems.rejected_count)

    def direct_load(self, source, positions: dict):
        """A clean first import straight into the table (voters_pg.DirectLoad)."""
        Election.objects.select_for_update().filter(pk=self.election.pk).first()
        if VoterEntry.objects.filter(election=self.election).exists():
            raise Abandon("no longer the first import")
        load = self.direct = DirectLoad(self.election.pk, timezone.now(), self.separate)
        load.create()
        self.load(source, load, positions, stop_at_error=True)
        return load

    def columns(self, header: list) -> dict[str, int]:
        positions, unknown, repeated = header_positions(header)
        for label in unknown:
            self.problems.warn(1, label, "Cột không có trong mẫu; bỏ qua.")
        for key in repeated:
            self.problems.error(None, key, "Cột này xuất hiện hai lần.")
        for key in sorted(REQUIRED - set(positions)):
            self.problems.error(None, key, f"Thiếu cột bắt buộc '{key}'.")
        return positions

    def load(self, source, stage, positions: dict, stop_at_error=False) -> None:
        """Stream every row through the parser into the stage (or the table).

        On the direct path a large CSV is parsed by two processes (voters_parallel):
        this one up to the cut, a helper from there; the helper's rows are written
        after these, in the file's order."""
        parser = RowParser(self.areas, positions, self.problems)
        helper = split = None
        try:
            # Inside the `try`: a file that fails while read ahead (a broken line)
            # must end the COPY too, or the rollback waits for it for ever.
            rows = source.rows()
            ahead = list(islice(rows, PRIME_ROWS))
            for _, cells in ahead:
                parser.prime(cells)
            if self.parallel and stop_at_error and parallel.applies(source, parser):
                split = parallel.split_row(source, len(ahead))
                helper = parallel.Helper(source, parser, split)
            cut = False
            for count, (number, cells) in enumerate(chain(ahead, rows), start=1):
                if number == split:
                    cut = True  # the helper's part
                    break
                staged = parser.parse(number, cells)
                if stop_at_error and self.report.errors:
                    raise Abandon(f"row {number}")
                if staged is not None:
                    stage.add(staged)
                if count % PROGRESS_EVERY == 0:
                    self.progress(*source.position(), f"Đọc tệp: {grouped(count)} dòng")
                    if helper is not None and not parallel.legacy_clean(parser.legacy):
                        raise parallel.Sequential("legacy text")
            if helper is not None:
                self.helpers_rows(helper, parser, stage, split if cut else None)
        except BaseException:
            stage.abort()
            raise
        finally:
            if helper is not None:
                helper.stop()
        self.progress(*source.position(), "Kiểm tra các dòng với nhau")
        stage.finish_loading()
        for line in parser.legacy.summary():
            self.problems.warn(None, None, line)
        for area in parser.areas_without_contests.values():
            self.problems.warn(
                None,
                "area_number",
                f"Khu vực bỏ phiếu {area.key} chưa thuộc đơn vị bầu cử nào: cử tri ở "
                "đây chưa được ghi quyền bầu cử nào.",
            )

    def helpers_rows(self, helper, parser, stage, first: int | None):
        """The rows the helper parsed, from row `first` (None: the file ended before
        the cut, so it must have none), written here in order. Any disagreement (the
        helper read other rows, or either process met legacy text) means one
        process does the file again (voters_parallel); a bad row, the staged path."""
        if not parallel.legacy_clean(parser.legacy):
            raise parallel.Sequential("legacy text")
        expected = first
        for chunk in helper.chunks():
            if chunk.first != expected or not chunk.clean:
                raise parallel.Sequential(f"rows from {chunk.first}, not {expected}")
            if chunk.error:
                raise Abandon(f"rows {chunk.first}-{chunk.last}")
            for row, column, message in chunk.warnings:
                self.problems.warn(row, column, message)
            for area_id in chunk.new_areas:
                area = self.areas.by_id[area_id]
                parser.areas_without_contests.setdefault(area_id, area)
            for staged in chunk.staged:
                stage.add(staged)
            expected = chunk.last + 1
            read = chunk.last - 1  # rows of the file (the header is row 1)
            self.progress(*chunk.position, f"Đọc tệp: {grouped(read)} dòng")
        if first is not None and expected == first:
            raise parallel.Sequential(f"no rows from {first}")

    def check(self, stage: Stage) -> None:
        """Across rows, under the election's lock so list numbers cannot race."""
        Election.objects.select_for_update().filter(pk=self.election.pk).first()
        if connection.vendor == "postgresql":  # a killed first import's table
            drop_leftover(connection.cursor(), self.election.pk)
        for row, citizen_id, first in stage.duplicates(self.problems.room()):
            self.problems.error(
                row,
                "citizen_id",
                f"Số định danh {citizen_id} đã ghi ở dòng {first}: mỗi cử tri chỉ được "
                "ghi tên một lần.",
            )
        self.listed = VoterEntry.objects.filter(election=self.election).exists()
        if not self.listed:
            return  # a first import: nobody to clash with
        for row, area_id, number in stage.listed_elsewhere(self.problems.room()):
            area = self.areas.by_id.get(area_id)
            self.problems.error(
                row,
                "citizen_id",
                f"Cử tri đã có tên trong danh sách khu vực bỏ phiếu "
                f"{area.key if area else area_id} (số thứ tự {number}); muốn đổi nơi "
                "bỏ phiếu hãy dùng chức năng chuyển cử tri.",
            )
        self.skip_struck_off(stage)

    def count(self, stage: Stage, dry_run: bool) -> None:
        """What the import will do. A real run on PostgreSQL counts while writing."""
        self.counted = True
        if not self.listed:
            counts = {"added": stage.staged_count(), "updated": 0, "unchanged": 0}
        elif dry_run or not stage.counts_while_writing:
            counts = stage.classify()
        else:
            self.counted = False
            return
        for outcome, n in counts.items():
            self.report.count(SHEET, outcome, n)

    def skip_struck_off(self, stage: Stage) -> None:
        """A re-import never undoes a recorded removal, transfer or certificate."""
        inactive = VoterEntry.objects.filter(election=self.election).exclude(
            status=VoterEntry.Status.ACTIVE
        )
        if not inactive.exists():
            return
        rows = stage.struck_off()
        for row in rows:
            self.problems.warn(
                row,
                "citizen_id",
                "Cử tri đã được ghi biến động (xóa tên, chuyển đi hoặc cấp giấy chứng "
                "nhận) nên dòng này được bỏ qua; muốn ghi tên lại hãy dùng chức năng "
                "bổ sung cử tri.",
            )
        stage.skip(rows)
        self.report.count(SHEET, "unchanged", len(rows))

    def publish(self, stage: Stage, user, name: str) -> None:
        self.progress(1, 1, "Ghi vào cơ sở dữ liệu")
        total = None if self.counted else stage.staged_count()
        written = stage.publish(timezone.now(), count=total is not None)
        if total is not None:
            for outcome, n in written.items():
                self.report.count(SHEET, outcome, n)
            self.report.count(SHEET, "unchanged", total - sum(written.values()))
        expected = self.report.counts[SHEET]
        if isinstance(written, dict):
            written = sum(written.values())
        if written != expected["added"] + expected["updated"]:
            raise RuntimeError(f"wrote {written} rows, expected {expected}")
        self.finish_writing(user, name)

    def finish_writing(self, user, name: str) -> None:
        self.report.written = True
        replaced: list[int] = []
        refresh_list_counts(self.election, replaced=replaced)
        if replaced:
            self.report.warn(
                SHEET,
                None,
                None,
                f"{grouped(len(replaced))} khu vực bỏ phiếu có số cử tri khai báo: số "
                "đếm từ danh sách vừa nhập thay cho số khai báo (nhật ký thay đổi "
                "ghi lại số cũ).",
            )
        if not self.report.changed(SHEET):
            return  # every row unchanged: no record changed, nothing to audit
        record(
            user,
            "import",
            changes=dict(self.report.counts[SHEET]),
            reason=f"Nhập danh sách cử tri từ tệp {name}",
            election_code=self.election.code,
            label=f"Danh sách cử tri: {name}",
        )
