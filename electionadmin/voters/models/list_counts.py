"""The voters on each area's list, kept for election day and the counting checks."""

from django.db import models
from django.db.models import Q

from electionadmin.setup.models import AdminUnit, Contest, Election, VotingArea

OVERALL = Q(contest__isnull=True)


PER_CONTEST = Q(contest__isnull=False)


class AreaListCount(models.Model):
    """Voters on a voting area's list: overall (no contest) or entitled to a contest.

    A copy of the list's counts, kept by `counts.refresh_list_counts()`, so the
    turnout rules, the roll-ups and the counting checks read one small row per area
    instead of counting millions of list entries. The overall row also carries the
    area's struck-off entries (so the admin list of all its lines is counted exactly,
    voters/paging.py) and the version of the area's turnout figures
    (polling/entry.py).

    `declared`: the commune declared the area's list size (the list as posted is
    kept outside the system, on paper or in a spreadsheet, and has no entries
    here): `counts.declare_list_sizes()` writes it, audited; `refresh_list_counts()`
    keeps it while the area has no entries and replaces it by the count of the
    entries (audited too) once the list is imported.
    """

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="+", verbose_name="cuộc bầu cử"
    )
    voting_area = models.ForeignKey(
        VotingArea,
        models.CASCADE,
        related_name="list_counts",
        verbose_name="khu vực bỏ phiếu",
    )
    commune = models.ForeignKey(
        AdminUnit,
        models.CASCADE,
        db_constraint=False,
        related_name="+",
        verbose_name="xã/phường",
    )
    contest = models.ForeignKey(
        Contest,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cuộc bầu cử",
    )
    voters = models.PositiveIntegerField("số cử tri")
    struck_off = models.PositiveIntegerField(
        "số dòng đã xóa tên hoặc chuyển đi",
        default=0,
        help_text="Trên dòng chung của khu vực: các dòng của danh sách không còn "
        "hiệu lực (bị xóa tên, chuyển đi, bỏ phiếu nơi khác), vẫn hiện trong danh "
        "sách quản trị.",
    )
    whole_list = models.BooleanField(
        "mọi cử tri của khu vực đều được bầu",
        default=True,
        help_text="Khi đúng, số cử tri đã bỏ phiếu chung của khu vực cũng là số của "
        "cuộc bầu cử này.",
    )
    declared = models.BooleanField(
        "số cử tri khai báo",
        default=False,
        help_text="Số cử tri theo danh sách niêm yết do xã/phường khai báo (danh "
        "sách giữ ngoài hệ thống); thay bằng số đếm từ danh sách khi danh sách "
        "được nhập.",
    )
    refreshed_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    figures_version = models.PositiveBigIntegerField(
        "phiên bản số liệu",
        db_default=0,  # older code that inserts counts without it keeps working
        editable=False,
        help_text="Trên dòng chung của khu vực: tăng mỗi lần một số liệu tiến độ của "
        "khu vực được ghi hoặc danh sách của khu vực được đếm lại (entry.py).",
    )

    class Meta:
        verbose_name = "số cử tri trong danh sách"
        verbose_name_plural = "số cử tri trong danh sách"
        constraints = [
            models.UniqueConstraint(
                fields=["voting_area"],
                condition=OVERALL,
                name="arealistcount_one_overall_per_area",
            ),
            models.UniqueConstraint(
                fields=["voting_area", "contest"],
                condition=PER_CONTEST,
                name="arealistcount_one_per_area_contest",
            ),
        ]
        indexes = [models.Index(fields=["election", "commune"])]

    def __str__(self):
        return f"{self.voting_area_id}/{self.contest_id or '-'}: {self.voters}"
