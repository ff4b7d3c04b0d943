"""The scope suite, generated from the URL conf (issue #11, 12): every admin model's
object URLs and every screen of our own, for every role, with an object outside the
role's jurisdiction, answer 403 or 404 and show nothing of it.

Nothing is listed by hand that the URL conf and the admin registry can tell:

- **Admin models**: every model registered on the Django admin; for each role the
  foreign object is a row the scope (`access.scope.restrict`) hides from it, and its
  change, history and delete pages must refuse. A model with no such row in the
  fixture for any role must be named in NO_FOREIGN_ROW (with the reason), and the
  list is checked both ways.
- **Our screens**: every named URL of the project's own views (not the admin
  models', not Wagtail's or Django's own) must have a case: its parameters are
  filled by name (`params`: a foreign object for each), or the URL is named in
  PUBLIC (no login, no object), OWN (the user's own page: no object in the URL),
  ELECTION_PAGES (an election's page: the election is visible to every committee
  on its unit set, by design, and what the page lists is scoped) or NOT_YET (no
  foreign fixture yet; the reason says what is missing). A URL added tomorrow with
  none of these fails `test_every_url_has_a_scope_case`. Our screens are tried as
  a ward committee, a team and a trainer (foreign: ward B's objects) and as the
  city committee, the viewer and the board (foreign: the other province's
  election, its pages included; for the board, the HĐND unit's minutes in its
  own area).
- **Spreadsheets**: every admin model with an export/import URL; the CSV export
  of every role holds exactly its scoped rows and none of the foreign ones
  (compared line by line with the resource's export of the foreign rows); an
  import of a foreign row is refused at the preview, or, unchanged, skipped and
  its confirmation (process_import) writes nothing.

- **The viewer** (read-only): an empty POST to every screen, with its own city's
  objects, changes no row of any model of ours; and with the form filled in (below).

- **Wagtail**: a guide's editor opens to the trainer alone, the home page's to
  none of ward, team, board, viewer, trainer (a sample, not every Wagtail URL).

- **A 2021 district committee** (tỉnh/huyện/xã, `DistrictScopeTests`): another
  district's areas, voters, minutes and teams, in the scope, the admin and the
  voter-list screens (by hand, a sample of models and screens).
- **The viewer with a filled-in form** (`ViewerFilledFormTests`): every screen the
  city committee's page shows a POST form on, posted by the viewer with that form's
  fields filled, changes no row.

Not yet generated: Wagtail's documents, images and snippets and the results pages
(by hand, one guide and the home page).

Refused means 403, 404, a redirect to the login (a role with no place in the
Django admin: the trainer), or a redirect to a page itself refused.
"""

import datetime
import re

from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from config import urls as config_urls
from electionadmin.access.scope import restrict
from electionadmin.polling.models import CountingStart, TurnoutFigure
from electionadmin.printing.models import PrintJob
from electionadmin.results.models import CountingRecord
from electionadmin.setup.models import BodyMember, Contest, ElectionBody
from electionadmin.voters.models import VoterChange, VoterEntry
from electionadmin.voters.views import change_report
from importers.models import ImportJob

from .factories import (
    SmallElectionMixin,
    make_area,
    make_candidate,
    make_election,
    make_electoral_unit,
    make_unit,
    make_user,
)

ROLES = ("city_user", "viewer", "ward_a_user", "board_user", "team_user", "trainer")
REFUSED = (403, 404)
OBJECT_VIEWS = ("change", "history", "delete")

# Admin models no role has a foreign row of in this fixture, and why.
NO_FOREIGN_ROW = {
    "otp_totp.totpdevice": "no second-factor device in the fixture",
    "voters.arealistcount": "no list count in the fixture",
    "results.ballotinventory": "no ballot inventory in the fixture",
    "results.certification": "no certification in the fixture",
    "results.countingrecordversion": "no minutes version in the fixture",
    "polling.apitoken": "no API token in the fixture",
    "audit.auditentry": "no audit entry in the fixture",
    "django_tasks_database.dbtaskresult": "no task result in the fixture",
    "wagtaildocs.document": "no document in the fixture",
    "wagtailimages.image": "no image in the fixture",
    "taggit.tag": "no tag in the fixture",
}

# Our screens that take no login and show no one's object.
PUBLIC = {
    "voter_lookup",
    "public_results:election",
    "public_results:unit",
    "public_results:ket-qua.json",
    "public_results:ket-qua.csv",
    "public_results:SHA256SUMS",
    "public_results:v-ket-qua.json",
    "public_results:v-ket-qua.csv",
    "public_results:v-SHA256SUMS",
    "wagtailadmin_login",
}
# The user's own pages: nothing in the URL names an object of another jurisdiction.
OWN = {
    "access:verify",
    "access:enrol",
    "workspace:home",
    "voters:index",
    "polling:index",
    "importers:election",
    "importers:election_template",
    "importers:voters",
    "importers:voters_template",
    "results:index",
    "results:entry_list",
    "results:open",
    "results:verify",
    "voters:change_report",
    "polling:api_turnout",  # a token's user, not a session (test_polling_api.py)
}
# An election's pages (its code only): see the module's docstring.
ELECTION_PAGES = {
    "polling:home",
    "polling:upload",
    "results:print",
    "results:batch",
}
# Screens whose foreign object the fixture cannot make yet.
NOT_YET: dict[str, str] = {}
# What `pk` names, URL by URL (the one parameter whose name does not say).
PK_OF = {
    "results:record": "record",
    "results:entry": "record",
    "results:mismatch": "record",
    "results:submit": "record",
    "results:explain": "record",
    "results:accept": "record",
    "results:reopen": "record",
    "results:discard": "record",
    "results:board": "unit",
    "results:accept_submitted": "unit",
    "results:committee": "contest",
    "results:certify": "contest",
    "results:revoke": "contest",
    "results:rounds": "contest",
    "results:confirm": "contest",
    "results:print_job": "print_job",
    "results:print_job_status": "print_job",
    "results:print_job_download": "print_job",
}


# The probe's URL conf: ours, and two screens no case was written for.
urlpatterns = [
    path("cu-tri/moi/<int:thing_id>/", change_report, name="scope_probe"),
    path("cu-tri/moi/", change_report, name="scope_probe_bare"),
    *config_urls.urlpatterns,
]


def project_urls() -> list[tuple[str, str, list[str]]]:
    """(name, route, parameter names) of every named URL of our own views."""
    found = []

    def walk(patterns, route, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}".lstrip(":")
                walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}".lstrip(":")
                if ours(pattern.lookup_str, name):
                    full = route + str(pattern.pattern)
                    found.append((name, full, params_of(full)))

    walk(get_resolver().url_patterns, "", "")
    return found


def ours(view: str, name: str) -> bool:
    if name.startswith("admin:"):  # the admin's own and its models' (below)
        return False
    return view.startswith(("electionadmin.", "importers.", "demo."))


def params_of(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


class ScopeSuiteMixin(SmallElectionMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        # Another province's election: foreign to the city's roles too.
        other = cls.other = make_election(code="HN-2026")
        hanoi = make_unit(other.unit_set, "01", "Thành phố Hà Nội", "province")
        commune = make_unit(other.unit_set, "00004", "Phường Ba Đình", "commune", hanoi)
        other.province = hanoi
        other.save()
        cls.other_area = make_area(other, commune, 1)
        contest = Contest.objects.create(election=other, kind="QH", name="Quốc hội")
        cls.other_contest = contest
        cls.other_unit = make_electoral_unit(contest, 1, 1, [cls.other_area])
        make_candidate(cls.other_unit, 1, "Hoàng Văn Hà")
        team_hn = ElectionBody.objects.create(
            election=other, kind="team", voting_area=cls.other_area
        )
        BodyMember.objects.create(body=team_hn, full_name="Trịnh Thị Nội", role="chair")
        cls.record_b1 = CountingRecord.objects.create(
            contest=cls.qh, voting_area=cls.b1, electoral_unit=cls.qh_unit
        )
        cls.record_hn = CountingRecord.objects.create(
            contest=contest, voting_area=cls.other_area, electoral_unit=cls.other_unit
        )
        # Another unit's minutes in the board's own areas.
        cls.record_hdnd_a1 = CountingRecord.objects.create(
            contest=cls.hdnd_a, voting_area=cls.a1, electoral_unit=cls.hdnd_a_unit
        )
        now = timezone.now()
        cls.entry_b1 = cls.voter(cls.b1, "079080000001")
        cls.entry_hn = cls.voter(cls.other_area, "001080000001")
        cls.change_b1 = cls.certificate(cls.entry_b1)
        cls.change_hn = cls.certificate(cls.entry_hn)
        for area in (cls.b1, cls.other_area):
            TurnoutFigure.objects.create(
                election=area.election,
                voting_area=area,
                commune=area.commune,
                slot="09:00",
                voters_voted=1,
                voters_on_list=2,
                entered_at=now,
            )
            CountingStart.objects.create(voting_area=area, started_at=now)
        cls.turnout_job = ImportJob.objects.create(
            kind=ImportJob.Kind.TURNOUT, user=cls.ward_b_user, election=cls.election
        )
        cls.voters_job = ImportJob.objects.create(
            kind=ImportJob.Kind.VOTERS, user=cls.ward_b_user, election=cls.election
        )
        cls.print_job = PrintJob.objects.create(
            election=cls.election, user=cls.ward_b_user, commune_ids=[cls.ward_b.pk]
        )
        cls.hanoi_commune = commune
        cls.turnout_job_hn = ImportJob.objects.create(
            kind=ImportJob.Kind.TURNOUT, user=cls.ward_b_user, election=other
        )
        cls.voters_job_hn = ImportJob.objects.create(
            kind=ImportJob.Kind.VOTERS, user=cls.ward_b_user, election=other
        )
        cls.print_job_hn = PrintJob.objects.create(
            election=other, user=cls.ward_b_user, commune_ids=[commune.pk]
        )

    @classmethod
    def certificate(cls, entry) -> VoterChange:
        """A certificate to vote elsewhere, issued to `entry`."""
        return VoterChange.objects.create(
            election=entry.election,
            kind=VoterChange.Kind.CERTIFICATE_ISSUED,
            reason=VoterChange.Reason.TEMPORARY_MOVE,
            old_entry=entry,
            from_area=entry.voting_area,
            effective_at=timezone.now(),
            user=cls.ward_b_user,
        )

    @classmethod
    def voter(cls, area, citizen_id) -> VoterEntry:
        return VoterEntry.objects.create(
            election=area.election,
            voting_area=area,
            commune=area.commune,
            list_number=1,
            citizen_id=citizen_id,
            full_name="Nguyễn Văn Thử",
            birth_date=datetime.date(1980, 1, 1),
            gender="M",
            residence="permanent",
            permanent_address="12 Hai Bà Trưng",
            added_at=timezone.now(),
        )

    def user(self, role: str):
        return getattr(self, role)

    def assert_refused(self, response, hops: int = 1) -> None:
        """403, 404, a redirect to the login, or to a page itself refused (a form
        sent back to the foreign record's page, which is a 404)."""
        if response.status_code == 302:
            target = response["Location"]
            if "/login/" not in target:
                self.assertTrue(hops, f"{response.wsgi_request.path} -> {target}")
                self.assert_refused(self.client.get(target), hops - 1)
            return
        self.assertIn(response.status_code, REFUSED, response.wsgi_request.path)


def database_state() -> dict:
    """Every row of every model of ours, as values (the sessions' aside)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith(("electionadmin.", "importers."))
    }


def foreign_rows(model, user):
    """Rows of `model` the scope hides from `user` (every row if it has no scope)."""
    try:
        seen = restrict(model._default_manager.all(), user).values("pk")
    except Exception:  # a model the scope does not know: fail-closed, none seen
        return model._default_manager.all()
    return model._default_manager.exclude(pk__in=seen)


class AdminModelScopeTests(ScopeSuiteMixin, TestCase):
    def test_every_admin_models_foreign_object_is_refused_to_every_role(self):
        uncovered = set()
        for model in admin.site._registry:
            label = model._meta.label_lower
            covered = False
            for role in ROLES:
                user = self.user(role)
                row = foreign_rows(model, user).first()
                if row is None:
                    continue
                covered = True
                self.client.force_login(user)
                for view in OBJECT_VIEWS:
                    url = reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}",
                        args=[row.pk],
                    )
                    with self.subTest(model=label, role=role, view=view):
                        self.assert_refused(self.client.get(url))
            if not covered:
                uncovered.add(label)
        self.assertEqual(uncovered, set(NO_FOREIGN_ROW))


# Roles whose jurisdiction holds all of ward B: their foreign objects are Hà Nội's.
PROVINCE_ROLES = ("city_user", "viewer", "board_user")
SCREEN_ROLES = ("ward_a_user", "team_user", "trainer", *PROVINCE_ROLES)


class ScreenScopeTests(ScopeSuiteMixin, TestCase):
    def params(self, name: str, role: str = "ward_a_user") -> dict:
        """Each parameter pointing at an object foreign to `role`: ward B's for a
        ward, a team and a trainer; the other province's for the city's roles and
        the board (which also gets the HĐND unit's minutes in its own area)."""
        if role in PROVINCE_ROLES:
            return self.province_params(name, role)
        namespace = name.split(":")[0]
        jobs = {
            "polling": self.turnout_job,
            "importers": self.voters_job,
            "voters": self.print_job,
            "results": self.print_job,
        }
        pks = {
            "record": self.record_b1.pk,  # ward B's minutes
            "unit": self.other_unit.pk,  # Hà Nội's: every unit here covers ward A
            "contest": self.other_contest.pk,
            "print_job": self.print_job.pk,
        }
        return {
            "code": self.election.code,
            "unit": self.ward_b.code,
            "commune": self.ward_b.code,
            "number": 1,
            "area_id": self.b1.pk,
            "contest_id": self.qh.pk,  # with ward B's area (results:new_entry)
            "election_id": self.election.pk,
            "commune_id": self.ward_b.pk,
            "job_id": jobs.get(namespace, self.print_job).pk,
            "pk": pks[PK_OF[name]] if name in PK_OF else None,
            "entry_id": self.entry_b1.pk,
            "change_id": self.change_b1.pk,
            "fmt": "csv",
        }

    def province_params(self, name: str, role: str) -> dict:
        namespace = name.split(":")[0]
        jobs = {
            "polling": self.turnout_job_hn,
            "importers": self.voters_job_hn,
            "voters": self.print_job_hn,
            "results": self.print_job_hn,
        }
        record = self.record_hdnd_a1 if role == "board_user" else self.record_hn
        pks = {
            "record": record.pk,
            "unit": self.other_unit.pk,
            "contest": self.other_contest.pk,
            "print_job": self.print_job_hn.pk,
        }
        return {
            "code": self.other.code,
            "unit": self.hanoi_commune.code,
            "commune": self.hanoi_commune.code,
            "number": 1,
            "area_id": self.other_area.pk,
            "contest_id": self.other_contest.pk,
            "election_id": self.other.pk,
            "commune_id": self.hanoi_commune.pk,
            "job_id": jobs.get(namespace, self.print_job_hn).pk,
            "pk": pks[PK_OF[name]] if name in PK_OF else None,
            "entry_id": self.entry_hn.pk,
            "change_id": self.change_hn.pk,
            "fmt": "csv",
        }

    def cases(self, role: str = "ward_a_user"):
        """A province role's foreign election is not on its unit set: its election
        pages are refused too (electionadmin/setup/scopes.py, election_visible)."""
        skipped = PUBLIC | OWN | set(NOT_YET)
        if role not in PROVINCE_ROLES:
            skipped |= ELECTION_PAGES
        for name, route, params in project_urls():
            if name not in skipped:
                yield name, route, params

    def missing_cases(self) -> list[str]:
        known = set(self.params("x"))
        missing = []
        for name, route, params in project_urls():
            if name in PUBLIC | OWN | ELECTION_PAGES or name in NOT_YET:
                continue
            unknown = [p for p in params if p not in known]
            if "pk" in params and name not in PK_OF:
                unknown.append("pk (PK_OF)")
            if not params or unknown:
                missing.append(f"{name} ({route}): {unknown or 'no object'}")
        return missing

    def test_every_url_has_a_scope_case(self):
        self.assertEqual(self.missing_cases(), [], "URLs without a scope case")
        names = {name for name, _, _ in project_urls()}
        listed = set(NOT_YET) | OWN | ELECTION_PAGES | set(PK_OF)
        self.assertLessEqual(listed, names, "stale entries")

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_new_url_without_a_case_fails_the_suite(self):
        self.assertEqual(
            self.missing_cases(),
            [
                "scope_probe (cu-tri/moi/<int:thing_id>/): ['thing_id']",
                "scope_probe_bare (cu-tri/moi/): no object",
            ],
        )

    def test_every_screen_refuses_a_foreign_object_to_every_role(self):
        for role in SCREEN_ROLES:
            self.client.force_login(self.user(role))
            for name, _route, params in self.cases(role):
                values = self.params(name, role)
                url = reverse(name, kwargs={p: values[p] for p in params})
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    if response.status_code == 405:  # POST only
                        response = self.client.post(url)
                    self.assert_refused(response)

    def test_the_viewer_writes_nothing_through_any_screen(self):
        """Read-only: a POST to any of our screens, with the viewer's own (city)
        objects, changes no row of any model (a screen may answer it with its
        page or a redirect back, as long as it writes nothing)."""
        self.client.force_login(self.viewer)
        for name, _route, params in self.cases():
            values = self.params(name)  # ward B's: inside the viewer's city
            url = reverse(name, kwargs={p: values[p] for p in params})
            with self.subTest(url=url):
                before = database_state()
                self.client.post(url)
                self.assertEqual(database_state(), before)


def spreadsheet_admins() -> dict:
    """Every admin model with an export or import URL (django-import-export)."""
    found = {}
    for pattern in admin.site.get_urls():
        if not isinstance(pattern, URLResolver):
            continue
        for inner in pattern.url_patterns:
            name = getattr(inner, "name", None) or ""
            if name.endswith(("_export", "_import", "_process_import")):
                model = next(
                    m
                    for m, a in admin.site._registry.items()
                    if name.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")
                )
                found.setdefault(model, set()).add(name.rsplit("_", 1)[-1])
    return found


def csv_lines(text: str) -> set[str]:
    return {line for line in text.splitlines()[1:] if line}


class SpreadsheetScopeTests(ScopeSuiteMixin, TestCase):
    """The admin's export and import pages of every model that has them."""

    def resource(self, model, user):
        request = RequestFactory().get("/")
        request.user = user
        model_admin = admin.site._registry[model]
        return model_admin, model_admin.get_export_resource_classes(request)[0]

    def test_every_spreadsheet_model_has_export_and_import(self):
        found = spreadsheet_admins()
        self.assertTrue(found)
        for model, views in found.items():
            self.assertEqual(views, {"export", "import"}, model)

    def test_an_export_holds_none_of_the_foreign_rows_for_every_role(self):
        for model in spreadsheet_admins():
            for role in ROLES:
                user = self.user(role)
                model_admin, resource_class = self.resource(model, user)
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_export"
                )
                self.client.force_login(user)
                with self.subTest(model=model._meta.label_lower, role=role):
                    page = self.client.get(url)
                    if page.status_code != 200:
                        self.assert_refused(page)
                        continue
                    formats = [
                        f().get_title() for f in model_admin.get_export_formats()
                    ]
                    fields = resource_class().get_export_order()
                    prefix = resource_class.__name__.lower()
                    data = {"format": str(formats.index("csv")), "resource": "0"}
                    data |= {f"{prefix}_{name}": "on" for name in fields}
                    response = self.client.post(url, data)
                    self.assertEqual(response.status_code, 200)
                    exported = csv_lines(response.content.decode("utf-8-sig"))
                    seen = restrict(model._default_manager.all(), user)
                    self.assertEqual(len(exported), seen.count())
                    foreign = foreign_rows(model, user)
                    self.assertTrue(foreign.exists())
                    hidden = csv_lines(
                        resource_class().export(queryset=foreign).export("csv")
                    )
                    self.assertFalse(exported & hidden)

    def test_an_import_of_a_foreign_row_is_refused_to_every_role(self):
        for model in spreadsheet_admins():
            for role in ROLES:
                user = self.user(role)
                model_admin, resource_class = self.resource(model, user)
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_import"
                )
                row = foreign_rows(model, user)[:1]
                text = resource_class().export(queryset=row).export("csv")
                upload = SimpleUploadedFile("tep.csv", text.encode("utf-8-sig"))
                formats = [f().get_title() for f in model_admin.get_import_formats()]
                data = {"import_file": upload, "resource": "0"}
                data["format"] = str(formats.index("csv"))
                before = (model._default_manager.count(), text)
                self.client.force_login(user)
                with self.subTest(model=model._meta.label_lower, role=role):
                    response = self.client.post(url, data)
                    if response.status_code != 200:
                        self.assert_refused(response)
                    elif "confirm_form" in response.context:
                        # Only an unchanged row gets this far: skipped, and the
                        # confirmation, which reads the file again, writes nothing.
                        result = response.context["result"]
                        kinds = {row.import_type for row in result.rows}
                        self.assertEqual(kinds, {"skip"})
                        form = response.context["confirm_form"]
                        confirm = {name: form[name].value() for name in form.fields}
                        self.client.post(
                            url.replace("/import/", "/process_import/"), confirm
                        )
                    else:
                        self.assertTrue(
                            response.context["result"].has_validation_errors()
                        )
                    again = resource_class().export(queryset=row).export("csv")
                    after = (model._default_manager.count(), again)
                    self.assertEqual(after, before)


class WagtailScopeTests(ScopeSuiteMixin, TestCase):
    """Wagtail's own admin: only the trainer writes guides; no role of the
    election's data edits a guide or another page."""

    def test_no_role_but_the_trainer_opens_a_guides_editor(self):
        from wagtail.models import Page

        from .test_guides import add_guide

        guide = add_guide("Nhập số cử tri", "nhap-so-cu-tri")
        home = Page.objects.get(url_path="/home/")
        for role in ("ward_a_user", "team_user", "board_user", "viewer", "trainer"):
            self.client.force_login(self.user(role))
            for page in (guide, home):
                url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
                with self.subTest(role=role, page=page.url_path):
                    response = self.client.get(url)
                    if role == "trainer" and page == guide:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assertNotEqual(response.status_code, 200)


class DistrictScopeTests(TestCase):
    """A 2021 election with a district level (tỉnh/huyện/xã): a district committee
    sees its own district's records and none of another district's, in the scope,
    the Django admin and the voter-list screens."""

    @classmethod
    def setUpTestData(cls):
        election = make_election("HCM-2021", cycle="2021")
        units = election.unit_set
        city = make_unit(units, "79", "Thành phố Hồ Chí Minh", "province")
        own = make_unit(units, "760", "Quận 1", "district", city)
        other = make_unit(units, "770", "Quận 3", "district", city)
        own_ward = make_unit(units, "26734", "Phường Tân Định", "commune", own)
        other_ward = make_unit(units, "27139", "Phường Võ Thị Sáu", "commune", other)
        cls.own_area = make_area(election, own_ward, 1)
        cls.other_area = make_area(election, other_ward, 1)
        qh = Contest.objects.create(election=election, kind="QH", name="Quốc hội")
        unit = make_electoral_unit(qh, 1, 3, [cls.own_area, cls.other_area])
        cls.rows = {}
        for key, area in (("own", cls.own_area), ("other", cls.other_area)):
            cls.rows[key] = {
                "area": area,
                "entry": ScopeSuiteMixin.voter(area, f"079080{area.pk % 10**6:06d}"),
                "record": CountingRecord.objects.create(
                    contest=qh, voting_area=area, electoral_unit=unit
                ),
                "team": ElectionBody.objects.create(
                    election=election, kind="team", voting_area=area
                ),
            }
        cls.district = make_user("quan1", "district_committee", admin_unit=own)

    def test_the_scope_hides_another_districts_records(self):
        for key, row in self.rows["other"].items():
            model = type(row)
            seen = restrict(model._default_manager.all(), self.district)
            with self.subTest(model=key):
                self.assertIn(self.rows["own"][key], seen)
                self.assertNotIn(row, seen)

    def test_another_districts_admin_pages_and_screens_are_refused(self):
        self.client.force_login(self.district)
        for key, row in self.rows["other"].items():
            opts = row._meta
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            with self.subTest(model=key):
                own = self.client.get(reverse(change, args=[self.rows["own"][key].pk]))
                self.assertIn(own.status_code, (200, 302))  # minutes: their screen
                self.assertNotIn("/login/", own.get("Location", ""))
                page = self.client.get(reverse(change, args=[row.pk]))
                if page.status_code == 302 and "/login/" not in page["Location"]:
                    page = self.client.get(page["Location"])  # minutes: their screen
                self.assertIn(page.status_code, (302, *REFUSED))
        other = self.rows["other"]
        for url in (
            reverse("voters:entry_remove", args=[other["entry"].pk]),
            reverse("voters:area_add", args=[other["area"].pk]),
            reverse("voters:area_cards", args=[other["area"].pk]),
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, REFUSED)


class ViewerFilledFormTests(ScopeSuiteMixin, TestCase):
    """The viewer's POSTs with a valid-looking body (what the city committee's own
    page of the same screen offers, every field filled) change nothing."""

    def filled(self, html: str) -> dict:
        """The first POST form's fields, filled as a committee would."""
        form = re.search(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        if form is None:
            return {}
        data = {}
        body = form.group(1)
        for tag in re.finditer(r"<input[^>]*>", body):
            name = re.search(r'name="([^"]+)"', tag.group(0))
            if name is None:
                continue
            value = re.search(r'value="([^"]*)"', tag.group(0))
            kind = re.search(r'type="([^"]+)"', tag.group(0))
            kind = kind.group(1) if kind else "text"
            default = {"number": "1", "date": "2026-03-01", "time": "09:00"}
            data[name.group(1)] = (
                value.group(1)
                if value and value.group(1)
                else (default.get(kind, "Thử"))
            )
        for select in re.finditer(
            r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S
        ):
            options = re.findall(r'<option value="([^"]+)"', select.group(2))
            if options:
                data[select.group(1)] = options[0]
        for area in re.finditer(r'<textarea[^>]*name="([^"]+)"', body):
            data[area.group(1)] = "Ghi chú thử"
        return data

    def test_the_viewer_writes_nothing_with_a_filled_form(self):
        tried = accepted = 0
        for name, _route, params in ScreenScopeTests.cases(self):
            values = ScreenScopeTests.params(self, name)  # ward B's: the city's
            url = reverse(name, kwargs={p: values[p] for p in params})
            self.client.force_login(self.city_user)
            page = self.client.get(url)
            if page.status_code != 200 or "text/html" not in page["Content-Type"]:
                continue
            data = self.filled(page.content.decode())
            if not data:
                continue
            tried += 1
            self.client.force_login(self.viewer)
            with self.subTest(url=url, fields=sorted(data)):
                before = database_state()
                self.client.post(url, data)
                self.assertEqual(database_state(), before)
            accepted += self.accepted_from_the_city(url, data, before)
        self.assertGreater(tried, 5)  # the screens with a form were tried
        # The bodies are real: some of them, sent by the city, do write.
        self.assertGreater(accepted, 0)

    def accepted_from_the_city(self, url: str, data: dict, before: dict) -> bool:
        with transaction.atomic():
            self.client.force_login(self.city_user)
            self.client.post(url, data)
            wrote = database_state() != before
            transaction.set_rollback(True)
        return wrote
