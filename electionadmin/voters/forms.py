"""Forms of the screens that record changes to the voter list (change_views.py).

Each form only reads and checks what the clerk typed and hands `changes.py` a
`Person` and a `Paper`; the rules of law (deadlines, age, one entry per citizen)
stay in `changes.py` and come back as `ChangeRefused`.
"""

import datetime

from django import forms
from django.utils import timezone

from electionadmin import cells
from electionadmin.setup.models import VotingArea
from electionadmin.text import clean_text, person_name
from importers.cells import CellError
from importers.cells import voter_birth_date as birth_date

from . import eligibility, identity
from .changes import Paper, Person
from .models import VoterChange, VoterEntry

Reason = VoterChange.Reason
ADD_REASONS = [Reason.NEWLY_ELIGIBLE, Reason.RIGHTS_RESTORED, Reason.MOVED_IN]
TRANSFER_REASONS = [Reason.PERMANENT_MOVE, Reason.TEMPORARY_MOVE, Reason.DETAINED]
CERTIFICATE_REASON = Reason.OTHER  # the why goes into the note


def reasons(*chosen) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in (*chosen, Reason.OTHER)]


def text_field(label: str, max_length: int, required=False, **extra):
    wide = forms.TextInput(attrs={"class": "vTextField"})
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=wide, **extra
    )


def area_label(area: VotingArea) -> str:
    place = f" — {area.polling_place}" if area.polling_place else ""
    return f"{area.key} — KVBP số {area.number}{place}"


def grouped_area_choices(areas) -> list:
    """Voting areas grouped by commune, for a <select> with <optgroup>s."""
    groups: dict[str, list] = {}
    for area in areas.select_related("commune").order_by("commune__code", "number"):
        groups.setdefault(area.commune.name, []).append(
            (str(area.pk), area_label(area))
        )
    return [("", "— Chọn khu vực bỏ phiếu —"), *groups.items()]


def effective_moment(day: datetime.date | None) -> datetime.datetime | None:
    """Midnight of the chosen day (now when it is today or left blank)."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class PaperForm(forms.Form):
    """Why and on what authority: the reason, a note, the document, the date."""

    note = forms.CharField(
        label="Diễn giải",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    document = text_field(
        "Văn bản, quyết định",
        200,
        help_text="Số, ngày của văn bản hoặc giấy tờ làm căn cứ.",
    )
    effective_on = forms.DateField(
        label="Có hiệu lực từ ngày",
        required=False,
        help_text="Ghi ngày/tháng/năm; để trống là hôm nay.",
    )

    def __init__(self, area: VotingArea, *args, **kwargs):
        self.area = area
        super().__init__(*args, **kwargs)

    def clean_note(self):
        return clean_text(self.cleaned_data["note"])

    def clean_document(self):
        return clean_text(self.cleaned_data["document"])

    def clean_effective_on(self):
        day = self.cleaned_data.get("effective_on")
        voting = eligibility.voting_day(self.area)
        if day and day > voting:
            raise forms.ValidationError(
                f"Ngày có hiệu lực không được sau ngày bỏ phiếu {voting:%d/%m/%Y}."
            )
        return day

    def paper(self, reason: str | None = None, electronic=False) -> Paper:
        data = self.cleaned_data
        return Paper(
            reason=reason or data["reason"],
            note=data.get("note", ""),
            document=data.get("document", ""),
            effective_at=effective_moment(data.get("effective_on")),
            electronic=electronic,
        )


class RemoveForm(PaperForm):
    # No reason chosen in advance: the clerk picks the one the papers show.
    reason = forms.ChoiceField(
        label="Lý do xóa tên",
        choices=[("", "— Chọn lý do xóa tên —"), *VoterEntry.RemovalReason.choices],
        error_messages={"required": "Hãy chọn lý do xóa tên."},
    )
    # Set by the confirmation page; without it the form only shows what will happen.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    field_order = ["reason", "note", "document", "effective_on"]

    def reason_label(self) -> str:
        return VoterEntry.RemovalReason(self.cleaned_data["reason"]).label


class TransferForm(PaperForm):
    to_area = forms.TypedChoiceField(
        label="Chuyển đến khu vực bỏ phiếu", coerce=int, empty_value=None
    )
    reason = forms.ChoiceField(label="Lý do", choices=reasons(*TRANSFER_REASONS))
    residence = forms.ChoiceField(label="Diện cư trú ở nơi mới", required=False)
    field_order = ["to_area", "reason", "residence", "note", "document"]

    def __init__(self, entry: VoterEntry, areas, *args, **kwargs):
        super().__init__(entry.voting_area, *args, **kwargs)
        self.areas = areas
        self.fields["to_area"].choices = grouped_area_choices(areas)
        keep = f"Giữ nguyên: {entry.get_residence_display()}"
        self.fields["residence"].choices = [("", keep), *VoterEntry.Residence.choices]
        self.fields[
            "residence"
        ].help_text = "Tạm trú dưới 12 tháng chỉ được bầu một số cuộc bầu cử."

    def clean_to_area(self):
        found = self.areas.filter(pk=self.cleaned_data["to_area"]).first()
        if found is None:
            raise forms.ValidationError(
                "Hãy chọn một khu vực bỏ phiếu trong danh sách."
            )
        return found


class CertificateForm(PaperForm):
    electronic = forms.TypedChoiceField(
        label="Hình thức",
        choices=[
            ("0", "Giấy chứng nhận bản giấy"),
            ("1", "Giấy chứng nhận điện tử (VNeID)"),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Lý do bỏ phiếu ở nơi khác",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Ví dụ: đi công tác, điều trị tại bệnh viện, học tập xa nhà.",
    )
    document = text_field(
        "Số giấy chứng nhận", 200, help_text="Số vào sổ cấp giấy chứng nhận."
    )
    effective_on = None  # issued now: the date printed on the certificate

    def paper(self, reason=None, electronic=False) -> Paper:
        return super().paper(CERTIFICATE_REASON, self.cleaned_data["electronic"])


class PersonForm(PaperForm):
    """A voter typed in by hand: the columns of the voter file (docs/EXCHANGE.md §2)."""

    citizen_id = forms.CharField(
        label="Số định danh cá nhân",
        max_length=20,
        help_text="Đủ 12 chữ số, kể cả các số 0 ở đầu.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 16}
        ),
    )
    full_name = text_field("Họ và tên", 200, required=True)
    birth = forms.CharField(
        label="Ngày sinh",
        max_length=10,
        help_text="Ngày/tháng/năm (15/03/1956); chỉ biết tháng và năm: 03/1956; "
        "chỉ biết năm: 1956.",
    )
    gender = forms.ChoiceField(
        label="Giới tính",
        choices=VoterEntry.Gender.choices,
        widget=forms.RadioSelect,
    )
    residence = forms.ChoiceField(
        label="Diện cư trú",
        choices=VoterEntry.Residence.choices,
        initial=VoterEntry.Residence.PERMANENT,
    )
    permanent_address = text_field("Nơi thường trú", 300)
    temporary_address = text_field("Nơi tạm trú", 300)
    temporary_since = forms.DateField(label="Tạm trú từ ngày", required=False)
    household = text_field(
        "Hộ gia đình", 50, help_text="Mã hộ như trong danh sách đã nhập, nếu có."
    )
    ethnicity = text_field("Dân tộc", 50)
    occupation = text_field("Nghề nghiệp", 200)
    person_fields = [
        "citizen_id",
        "full_name",
        "birth",
        "gender",
        "residence",
        "permanent_address",
        "temporary_address",
        "temporary_since",
        "household",
        "ethnicity",
        "occupation",
    ]

    def clean_citizen_id(self):
        value = "".join(self.cleaned_data["citizen_id"].split())
        if not identity.is_citizen_id(value):
            raise forms.ValidationError(
                "Số định danh cá nhân phải gồm đúng 12 chữ số (giữ các số 0 ở đầu)."
            )
        return value

    def clean_birth(self):
        try:
            day, precision = birth_date(self.cleaned_data["birth"])
        except CellError as error:
            raise forms.ValidationError(str(error)) from None
        if not eligibility.EARLIEST_BIRTH <= day <= timezone.localdate():
            raise forms.ValidationError("Ngày sinh không hợp lệ.")
        return day, precision

    def clean(self):
        data = super().clean()
        for name in self.person_fields:
            if isinstance(data.get(name), str):
                data[name] = clean_text(data[name])
        if data.get("full_name"):  # typed names: "nguyễn văn an" → "Nguyễn Văn An"
            data["full_name"] = person_name(data["full_name"])
        if cells.formula_like(data.get("full_name")):
            self.add_error("full_name", cells.FORMULA_NAME)
        return data

    def formula_places(self) -> list[str]:
        """Addresses that look like formulas: saved, with a warning (cells.py)."""
        labels = {name: field.label for name, field in self.fields.items()}
        return cells.formula_places(self.cleaned_data, labels)

    def person(self) -> Person:
        data = self.cleaned_data
        born, precision = data["birth"]
        names = set(self.person_fields) - {"birth"}
        return Person(
            birth_date=born,
            birth_precision=precision,
            **{name: data[name] for name in names},
        )

    def id_mismatch(self) -> bool:
        """An oddity worth a warning: the ID's birth digits do not fit the person."""
        data = self.cleaned_data
        born, _ = data["birth"]
        return not identity.matches_person(data["citizen_id"], born, data["gender"])


class AddForm(PersonForm):
    reason = forms.ChoiceField(label="Lý do bổ sung", choices=reasons(*ADD_REASONS))
    field_order = [*PersonForm.person_fields, "reason", "note", "document"]


class ReceiveIssuedForm(PaperForm):
    """A voter of this election whose certificate was issued at their own area."""

    issued = forms.ModelChoiceField(
        VoterEntry.objects.none(),
        label="Cử tri có giấy chứng nhận",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Hãy chọn một cử tri trong kết quả tìm."},
    )
    document = text_field(
        "Số giấy chứng nhận", 200, help_text="Số ghi trên giấy chứng nhận cử tri nộp."
    )
    effective_on = None
    field_order = ["issued", "document", "note"]

    def __init__(self, area, found, label, *args, **kwargs):
        super().__init__(area, *args, **kwargs)
        self.fields["issued"].queryset = found
        self.fields["issued"].label_from_instance = label

    def paper(self, reason=None, electronic=False) -> Paper:
        return super().paper(CERTIFICATE_REASON)


class ReceiveOtherForm(PersonForm):
    """A voter from outside this election, with the contests the certificate names."""

    contests = forms.MultipleChoiceField(
        label="Được bỏ phiếu bầu",
        widget=forms.CheckboxSelectMultiple,
        help_text="Các cuộc bầu cử ghi trên giấy chứng nhận mà khu vực này cũng tổ "
        "chức.",
    )
    origin = text_field(
        "Nơi cấp giấy chứng nhận",
        300,
        required=True,
        help_text="Ủy ban nhân dân xã/phường, tỉnh/thành phố đã cấp.",
    )
    document = text_field("Số giấy chứng nhận", 200)
    effective_on = None
    field_order = [*PersonForm.person_fields, "contests", "origin", "document"]

    def __init__(self, area, contest_choices, *args, **kwargs):
        super().__init__(area, *args, **kwargs)
        self.fields["contests"].choices = contest_choices

    def paper(self, reason=None, electronic=False) -> Paper:
        return super().paper(CERTIFICATE_REASON)
