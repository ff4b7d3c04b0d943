"""Forms of the results screens: the paper minutes, explanations, reasons, choices."""

from django import forms

from .checks import CATALOGUE, Finding, votes_field
from .models import FIGURE_LABELS, FIGURES, Round
from .rounds import latest_round_date, round_date_problem

NUMBER = {"inputmode": "numeric", "autocomplete": "off", "class": "vIntegerField"}


def _figure_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={"required": "Phải ghi số liệu này (ghi 0 nếu không có)."},
    )


class EntryForm(forms.Form):
    """One typing of the paper minutes: the six figures, every candidate's votes in
    ballot order, and the complaints. It never shows another entry's figures."""

    complaints = forms.CharField(
        label="Khiếu nại, tố cáo nhận được, đã giải quyết và chuyển Ban bầu cử",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for name in FIGURES:
            self.fields[name] = _figure_field(FIGURE_LABELS[name])
        for c in self.candidates:
            self.fields[self.vote_name(c)] = _figure_field(f"{c.full_name}")
        self.order_fields([*FIGURES, *map(self.vote_name, self.candidates)])

    @staticmethod
    def vote_name(candidate) -> str:
        return f"votes_{candidate.ballot_order}"

    def figure_fields(self):
        return [self[name] for name in FIGURES]

    def vote_fields(self):
        return [(c, self[self.vote_name(c)]) for c in self.candidates]

    def figures(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in FIGURES}

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.vote_name(c)] for c in self.candidates}

    def add_findings(self, findings: list[Finding]) -> None:
        """Blocking findings next to the field they name ("votes.3" -> votes_3)."""
        by_order = {votes_field(c): self.vote_name(c) for c in self.candidates}
        for f in findings:
            name = by_order.get(f.field, f.field)
            field = name if name in self.fields else None
            self.add_error(field, f"{f.code}: {f.message}")


class ExplanationsForm(forms.Form):
    """One text per warning; printed in the minutes' remarks."""

    def __init__(self, *args, warnings: list[Finding], explanations: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        for w in warnings:
            self.fields[w.code] = forms.CharField(
                label=f"{w.code}: {CATALOGUE[w.code][1]}",
                help_text=w.message,
                required=False,
                initial=explanations.get(w.code, ""),
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            )

    def explanations(self) -> dict[str, str]:
        return {code: (text or "").strip() for code, text in self.cleaned_data.items()}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": "Phải ghi lý do."},
    )


class ResolveForm(forms.Form):
    """The supervisor keeps one entry (checked against the paper) or sends back."""

    choice = forms.ChoiceField(label="Quyết định", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Ghi chú (đã đối chiếu với bản giấy)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(e.pk), f"Giữ lần nhập {i} ({e.entered_by or 'nhập từ tệp'})")
            for i, e in enumerate(entries, 1)
        ]
        choices.append(("back", "Trả lại: hủy cả hai lần nhập, nhập lại từ đầu"))
        self.fields["choice"].choices = choices


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy xác nhận",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Phải ghi lý do hủy xác nhận kết quả."},
    )


class CertifyForm(forms.Form):
    confirm = forms.BooleanField(
        label="Tôi đã kiểm tra kết quả của mọi đơn vị bầu cử và xác nhận kết quả này. "
        "Sau khi xác nhận, mọi biên bản của cuộc bầu cử bị khóa.",
        error_messages={"required": "Hãy đánh dấu ô xác nhận."},
    )
    note = forms.CharField(
        label="Ghi chú (số, ngày nghị quyết/biên bản …)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


class PrintForm(forms.Form):
    """The form by name, the scope and the contest from menus (documents'
    print_choices builds them for the user); values are print_form's codes."""

    form_key = forms.ChoiceField(label="Biểu mẫu")
    scope = forms.ChoiceField(
        label="In cho",
        required=False,
        help_text="Chọn trong nhóm của biểu mẫu: khu vực bỏ phiếu, đơn vị bầu cử, "
        "cuộc bầu cử hoặc đơn vị hành chính.",
    )
    contest = forms.ChoiceField(
        label="Hội đồng nhân dân (biên bản kiểm phiếu của Tổ bầu cử)", required=False
    )
    round = forms.ChoiceField(label="Lần bầu cử", choices=Round.choices)

    def __init__(self, *args, form_choices, scope_choices, scope_kinds, contests,
                 scope_of, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["form_key"].choices = form_choices
        self.fields["scope"].choices = scope_choices
        self.fields["contest"].choices = contests
        self.scope_kinds, self.scope_of = scope_kinds, scope_of

    def clean(self):
        data = super().clean()
        key, scope = data.get("form_key"), data.get("scope")
        wanted = self.scope_of.get(key)
        if key and scope and wanted and self.scope_kinds.get(scope) != wanted:
            self.add_error("scope", SCOPE_MISMATCH.format(group=wanted))
        return data


SCOPE_MISMATCH = (
    "Biểu mẫu này in cho một mục trong nhóm “{group}”: hãy chọn trong nhóm đó."
)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        help_text="Chuỗi đọc từ mã QR, hoặc mã ngắn in dưới mã QR (ví dụ ABCDE-FGHIJ).",
        widget=forms.TextInput(attrs={"size": 90, "autofocus": True}),
    )


class BatchForm(forms.Form):
    contests = forms.MultipleChoiceField(
        label="Cuộc bầu cử", widget=forms.CheckboxSelectMultiple
    )
    commune = forms.ChoiceField(label="Xã/phường", required=False)
    round = forms.ChoiceField(label="Lần bầu cử", choices=Round.choices)

    def __init__(self, *args, contests, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contests"].choices = [(c.key, str(c)) for c in contests]
        self.fields["contests"].initial = [c.key for c in contests]
        self.fields["commune"].choices = [("", "Tất cả xã/phường trong phạm vi")] + [
            (str(u.pk), f"{u.name} ({u.code})") for u in communes
        ]


DAY_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _day_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DAY_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ghi ngày theo dạng dd/mm/yyyy."},
    )


class OpenRoundForm(forms.Form):
    """The decision to hold a re-election or supplementary election (rounds.py)."""

    target = forms.ChoiceField(label="Đơn vị bầu cử và lần bầu cử")
    decision = forms.CharField(
        label="Số văn bản quyết định (ví dụ: Nghị quyết số 12/NQ-HĐBCQG)",
        max_length=200,
    )
    decision_date = _day_field("Ngày quyết định", required=False)
    decided_by = forms.CharField(
        label="Cơ quan quyết định (để trống: theo luật)",
        max_length=200,
        required=False,
    )
    election_date = _day_field("Ngày bầu cử lại / bầu cử thêm")

    def __init__(self, *args, flagged=(), election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        if election is not None:
            # The limit is said before the form is filled (rounds.round_date_problem).
            latest = latest_round_date(election)
            self.fields["election_date"].help_text = (
                f"Sau ngày bầu cử {election.election_date:%d/%m/%Y} và chậm nhất là "
                f"ngày {latest:%d/%m/%Y}."
            )
        self.fields["target"].choices = [
            (f"{unit.pk}:{round}", f"{unit} - {Round(round).label}: {why}")
            for unit, round, why in flagged
        ]

    def clean_election_date(self):
        day = self.cleaned_data["election_date"]
        if self.election is not None:
            problem = round_date_problem(self.election, day)
            if problem:
                raise forms.ValidationError(problem)
        return day


class ConfirmForm(forms.Form):
    """The confirming body's decision on one winner (rounds.confirm)."""

    candidate = forms.TypedChoiceField(label="Người trúng cử", coerce=int)
    confirmed = forms.TypedChoiceField(
        label="Quyết định",
        choices=[("1", "Xác nhận tư cách"), ("0", "Không xác nhận tư cách")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label="Văn bản quyết định", max_length=300)
    reason = forms.CharField(
        label="Lý do (bắt buộc khi không xác nhận)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
    )

    def __init__(self, *args, winners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "---------")] + [
            (w["pk"], f"{w['unit']} - {w['row']['full_name']}")
            for w in winners
            if w["certified"]
        ]
