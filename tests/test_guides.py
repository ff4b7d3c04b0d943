"""Guides: trainers write, the city committee approves through Wagtail's moderation
workflow, published guides are linked from the screen they explain; trainers see
nothing of the election's data; news pages by committees."""

import io
import shutil
import subprocess
import tempfile

import pypdf
from django.contrib import admin
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from electionadmin.access.scope import Jurisdiction, restrict
from electionadmin.publishing.models import (
    GuideIndexPage,
    GuidePage,
    NewsIndexPage,
    NewsPage,
)
from electionadmin.publishing.screens import SCREENS, screen_of
from electionadmin.setup.models import BodyMember, VotingArea

from .factories import make_user
from .test_polling_data import Polling2026Mixin

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_guide(title, slug, screen="", live=True, **fields) -> GuidePage:
    index = GuideIndexPage.objects.get()
    guide = GuidePage(title=title, slug=slug, screen=screen, **fields)
    index.add_child(instance=guide)
    if live:
        return publish(guide)
    guide.live = False
    guide.save_revision()
    Page.objects.filter(pk=guide.pk).update(live=False)
    return guide


class GuideTestMixin(Polling2026Mixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        cls.team_a1.members.update(phone="0912345678")
        cls.index = GuideIndexPage.objects.get()


class SectionsTests(TestCase):
    def test_migrations_place_the_two_sections_under_the_home_page(self):
        guides = GuideIndexPage.objects.get()
        news = NewsIndexPage.objects.get()
        self.assertEqual(guides.url_path, "/home/huong-dan/")
        self.assertEqual(news.url_path, "/home/tin-tuc/")
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.assertContains(self.client.get("/"), "Hướng dẫn nghiệp vụ")
        self.assertContains(self.client.get("/"), "Tra cứu nơi bỏ phiếu")

    def test_page_addresses_are_written_in_plain_letters(self):
        guide = GuideIndexPage.objects.get().add_child(
            instance=GuidePage(title="In thẻ cử tri", slug="in-thẻ-cử-tri-đợt-2")
        )
        self.assertEqual(guide.url_path, "/home/huong-dan/in-the-cu-tri-dot-2/")

    def test_every_screen_name_resolves_to_its_own_key(self):
        for key, (_, names) in SCREENS.items():
            for name in names:
                self.assertEqual(screen_of(name.replace("*", "changelist")), key)
        self.assertIsNone(screen_of("admin:auth_user_changelist"))


class ModerationTests(GuideTestMixin, TestCase):
    def guide_form(self, **extra):
        data = nested_form_data(
            {
                "title": "Nhập số cử tri đi bỏ phiếu",
                "slug": "nhap-so-cu-tri-di-bo-phieu",
                "intro": "Tổ bầu cử báo cáo số cử tri đã bỏ phiếu theo từng mốc giờ.",
                "screen": "turnout_entry",
                "steps": streamfield(
                    [("heading", "Bước 1: mở màn hình nhập của khu vực")]
                ),
                "attachments": streamfield([]),
            }
        )
        data["audience"] = ["team", "commune"]
        return data | extra

    def test_the_trainer_submits_the_committee_approves_the_screen_links_it(self):
        self.client.force_login(self.trainer)
        add = reverse(
            "wagtailadmin_pages:add", args=("publishing", "guidepage", self.index.pk)
        )
        self.assertEqual(self.client.get(add).status_code, 200)
        # A trainer cannot publish: "publish" only saves a draft.
        self.client.post(add, self.guide_form(**{"action-publish": "1"}))
        guide = GuidePage.objects.get(slug="nhap-so-cu-tri-di-bo-phieu")
        self.assertFalse(guide.live)
        self.assertEqual(guide.audience, ["team", "commune"])
        edit = reverse("wagtailadmin_pages:edit", args=(guide.pk,))
        response = self.client.post(edit, self.guide_form(**{"action-submit": "1"}))
        self.assertEqual(response.status_code, 302)
        guide.refresh_from_db()
        self.assertFalse(guide.live)
        state = guide.current_workflow_task_state
        self.assertEqual(state.task.name, "Ủy ban bầu cử tỉnh/thành phố duyệt")
        # Not on the screen while it waits.
        self.client.force_login(self.team_user)
        entry = reverse("polling:area_entry", args=[self.election.code, "26734", 1])
        self.assertNotContains(self.client.get(entry), "screen-guides")

        # The trainer cannot approve their own guide.
        self.client.force_login(self.trainer)
        action = reverse(
            "wagtailadmin_pages:workflow_action", args=(guide.pk, "approve", state.pk)
        )
        self.client.post(action, {"comment": ""})
        guide.refresh_from_db()
        self.assertFalse(guide.live)

        self.client.force_login(self.city_user)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Nhập số cử tri đi bỏ phiếu")
        self.client.post(action, {"comment": "Đã xem, đúng quy trình."})
        guide.refresh_from_db()
        self.assertTrue(guide.live)
        self.assertEqual(guide.current_workflow_state, None)  # the workflow is finished
        self.assertEqual(
            WorkflowState.objects.get(object_id=str(guide.pk)).status,
            WorkflowState.STATUS_APPROVED,
        )

        self.client.force_login(self.team_user)
        response = self.client.get(entry)
        self.assertContains(response, 'id="screen-guides"')
        self.assertContains(response, 'href="/huong-dan/nhap-so-cu-tri-di-bo-phieu/"')
        public = self.client.get("/huong-dan/nhap-so-cu-tri-di-bo-phieu/")
        self.assertContains(public, "Bước 1: mở màn hình nhập của khu vực")
        self.assertContains(public, "Dành cho: Tổ bầu cử, Ủy ban bầu cử xã/phường")

    def test_a_commune_committee_may_not_approve_guides(self):
        guide = add_guide("Nháp", "nhap", live=False)
        self.client.force_login(self.trainer)
        workflow = self.index.get_workflow()
        workflow.start(guide, self.trainer)
        state = guide.current_workflow_task_state
        self.client.force_login(self.ward_a_user)
        self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(guide.pk, "approve", state.pk),
            ),
            {"comment": ""},
        )
        guide.refresh_from_db()
        self.assertFalse(guide.live)

    def test_the_trainer_may_not_write_outside_the_guides_section(self):
        self.client.force_login(self.trainer)
        news = NewsIndexPage.objects.get()
        add = reverse(
            "wagtailadmin_pages:add", args=("publishing", "newspage", news.pk)
        )
        self.assertNotEqual(self.client.get(add).status_code, 200)


class ScreenLinkTests(GuideTestMixin, TestCase):
    def test_admin_lists_and_screens_link_their_published_guides_only(self):
        add_guide("Khu vực bỏ phiếu: thêm và sửa", "khu-vuc", "voting_areas")
        add_guide("Bản nháp khu vực", "khu-vuc-nhap", "voting_areas", live=False)
        add_guide("Nhập danh sách cử tri", "nhap-ds", "voters_import")
        self.client.force_login(self.city_user)
        changelist = self.client.get(reverse("admin:setup_votingarea_changelist"))
        self.assertContains(changelist, "Khu vực bỏ phiếu: thêm và sửa")
        self.assertContains(changelist, 'href="/huong-dan/khu-vuc/"')
        self.assertNotContains(changelist, "Bản nháp khu vực")
        self.assertNotContains(changelist, "nhap-ds")
        change = self.client.get(
            reverse("admin:setup_votingarea_change", args=(self.a1.pk,))
        )
        self.assertContains(change, 'href="/huong-dan/khu-vuc/"')
        index = self.client.get(reverse("admin:index"))
        self.assertNotContains(index, "screen-guides")

    @override_settings(TASKS=IMMEDIATE)  # the search index is updated by a task
    def test_the_guide_index_filters_by_screen_and_audience_and_searches(self):
        add_guide(
            "Nhập biên bản kiểm phiếu",
            "bien-ban",
            "counting_minutes",
            audience=["team"],
            steps=[("text", "<p>Ghi số phiếu hợp lệ của từng người ứng cử.</p>")],
        )
        add_guide(
            "In thẻ cử tri",
            "in-the",
            "voter_printing",
            audience=["commune"],
            steps=[("text", "<p>Chọn xã phường rồi bấm in.</p>")],
        )
        found = self.client.get("/huong-dan/", {"q": "phiếu hợp lệ"})
        self.assertEqual([g.slug for g in found.context["guides"]], ["bien-ban"])
        by_screen = self.client.get("/huong-dan/", {"man-hinh": "voter_printing"})
        self.assertEqual([g.slug for g in by_screen.context["guides"]], ["in-the"])
        by_audience = self.client.get("/huong-dan/", {"doi-tuong": "team"})
        self.assertEqual([g.slug for g in by_audience.context["guides"]], ["bien-ban"])
        self.assertEqual(
            [g.slug for g in GuidePage.objects.live().search("thẻ cử tri")], ["in-the"]
        )


class TrainerRefusedTests(GuideTestMixin, TestCase):
    """Every screen of the election's data refuses the trainer (fail closed)."""

    SAMPLE = {
        "code": None,  # filled with the election's code
        "unit": "79",
        "commune": "26734",
        "fmt": "xlsx",
    }

    def screen_urls(self) -> list[str]:
        urls = []
        for resolver in get_resolver().url_patterns:
            if isinstance(resolver, URLResolver) and resolver.namespace in (
                "importers",
                "results",
                "polling",
                "voters",
            ):
                urls += self._walk(resolver)
        return urls

    def _walk(self, resolver) -> list[str]:
        urls = []
        for pattern in resolver.url_patterns:
            if not isinstance(pattern, URLPattern) or pattern.name == "api_turnout":
                continue  # the API answers JSON: tested with a real body below
            kwargs = {}
            for key, converter in pattern.pattern.converters.items():
                if key in self.SAMPLE:
                    kwargs[key] = self.SAMPLE[key] or self.election.code
                else:
                    kwargs[key] = 1 if converter.regex == "[0-9]+" else "x"
            urls.append(reverse(f"{resolver.namespace}:{pattern.name}", kwargs=kwargs))
        return urls

    def assert_refused(self, url, method="get"):
        response = getattr(self.client, method)(url)
        if response.status_code == 302:
            self.assertTrue(
                response["Location"].startswith("/django-admin/login/"), url
            )
            response = self.client.get(response["Location"])
        self.assertIn(response.status_code, (401, 403, 404, 405), url)
        self.assertNotIn("0912345678", response.content.decode(), url)

    def test_the_trainer_has_no_staff_flag_no_scope_and_no_data_permissions(self):
        self.assertFalse(self.trainer.is_staff)
        self.assertTrue(Jurisdiction.for_user(self.trainer).is_empty)
        self.assertFalse(restrict(VotingArea.objects.all(), self.trainer).exists())
        data_perms = [
            p for p in self.trainer.get_all_permissions() if not p.startswith("wagtail")
        ]
        self.assertEqual(data_perms, [])

    def test_the_migration_takes_the_staff_flag_from_existing_trainers(self):
        import importlib

        from django.apps import apps as registry

        step = importlib.import_module(
            "electionadmin.access.migrations.0002_trainers_not_staff"
        )
        type(self.trainer).objects.filter(pk=self.trainer.pk).update(is_staff=True)
        step.trainers_not_staff(registry, None)
        self.trainer.refresh_from_db()
        self.assertFalse(self.trainer.is_staff)
        self.city_user.refresh_from_db()
        self.assertTrue(self.city_user.is_staff)

    def test_every_admin_list_form_and_export_refuses_the_trainer(self):
        self.client.force_login(self.trainer)
        self.assert_refused(reverse("admin:index"))
        for model in admin.site._registry:
            opts = model._meta
            for view in ("changelist", "add", "export", "import"):
                try:
                    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
                except Exception:
                    continue
                self.assert_refused(url)
        self.assert_refused(
            reverse("admin:setup_votingarea_change", args=(self.a1.pk,))
        )
        member = BodyMember.objects.filter(phone="0912345678").first()
        self.assert_refused(reverse("admin:setup_bodymember_change", args=(member.pk,)))

    def test_every_custom_screen_refuses_the_trainer(self):
        self.client.force_login(self.trainer)
        urls = self.screen_urls()
        self.assertGreater(len(urls), 40)
        for url in urls:
            self.assert_refused(url)
            self.assert_refused(url, "post")

    def test_the_turnout_api_refuses_the_trainers_session(self):
        self.client.force_login(self.trainer)
        body = {"area": "26734/1", "slot": "09:00", "voters_voted": 5}
        response = self.client.post(
            reverse("polling:api_turnout", args=[self.election.code]),
            body,
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)

    def test_the_trainer_still_works_in_wagtail(self):
        self.client.force_login(self.trainer)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(home.status_code, 200)
        self.assertNotContains(home, "Quản trị dữ liệu bầu cử")
        self.assertNotContains(home, "Ngày bầu cử: tiến độ")
        explorer = self.client.get(
            reverse("wagtailadmin_explore", args=(self.index.pk,))
        )
        self.assertEqual(explorer.status_code, 200)


class NewsTests(GuideTestMixin, TestCase):
    def test_a_committee_user_publishes_an_announcement(self):
        news = NewsIndexPage.objects.get()
        self.client.force_login(self.ward_a_user)
        add = reverse(
            "wagtailadmin_pages:add", args=("publishing", "newspage", news.pk)
        )
        data = nested_form_data(
            {
                "title": "Thông báo niêm yết danh sách cử tri",
                "slug": "niem-yet",
                "kind": "announcement",
                "date": "2026-02-03",
                "issuer": "Ủy ban bầu cử phường Tân Định",
                "summary": "Danh sách cử tri được niêm yết từ ngày 03/02/2026.",
                "body": rich_text("Cử tri kiểm tra tên mình."),
                "attachments": streamfield([]),
                "action-publish": "1",
            }
        )
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        page = NewsPage.objects.get(slug="niem-yet")
        self.assertTrue(page.live)
        listing = self.client.get("/tin-tuc/", {"loai": "announcement"})
        self.assertContains(listing, "Thông báo niêm yết danh sách cử tri")
        self.assertContains(listing, "03/02/2026")
        self.assertContains(
            self.client.get("/tin-tuc/niem-yet/"), "Cử tri kiểm tra tên mình."
        )
        home = self.client.get("/")
        self.assertContains(home, "Thông báo niêm yết danh sách cử tri")
        self.assertContains(home, "(Thông báo, 03/02/2026)")

    def test_the_trainer_and_a_team_cannot_publish_news(self):
        news = NewsIndexPage.objects.get()
        add = reverse(
            "wagtailadmin_pages:add", args=("publishing", "newspage", news.pk)
        )
        for user in (self.trainer, self.team_user):
            self.client.force_login(user)
            self.assertNotEqual(self.client.get(add).status_code, 200)


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="guides-media-"))
class GuidePdfTests(TestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        from django.conf import settings

        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)

    def test_a_guide_prints_with_its_text_and_pictures(self):
        picture = Image.objects.create(
            title="Màn hình nhập", file=get_test_image_file(filename="man-hinh.png")
        )
        guide = add_guide(
            "Nhập biên bản kết quả kiểm phiếu",
            "bien-ban-pdf",
            "counting_minutes",
            intro="Tổ bầu cử nhập biên bản sau khi kiểm phiếu xong.",
            audience=["team"],
            steps=[
                ("heading", "Bước 1: chọn khu vực và cuộc bầu cử"),
                ("text", "<p>Ghi đủ số phiếu hợp lệ, không hợp lệ của từng người.</p>"),
                ("picture", {"image": picture, "caption": "Màn hình nhập biên bản"}),
            ],
        )
        response = self.client.get("/huong-dan/bien-ban-pdf/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        pdf = response.content
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True
        ).stdout.decode()
        for words in (
            "Nhập biên bản kết quả kiểm phiếu",
            "Bước 1: chọn khu vực và cuộc bầu cử",
            "Ghi đủ số phiếu hợp lệ, không hợp lệ của từng người.",
            "Màn hình nhập biên bản",
            "Dành cho: Tổ bầu cử",
        ):
            self.assertIn(words, text)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.pages[0].images), 1)
        self.assertContains(self.client.get(guide.url), "/huong-dan/bien-ban-pdf/pdf/")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="guides-demo-media-"))
class DemoGuidesTests(TestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        from django.conf import settings

        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)

    def test_the_demo_publishes_three_illustrated_guides_once(self):
        from demo.guides import ensure_guides

        self.assertEqual([created for _, created in ensure_guides()], [True] * 3)
        self.assertEqual([created for _, created in ensure_guides()], [False] * 3)
        guides = {g.screen: g for g in GuidePage.objects.live()}
        self.assertEqual(
            set(guides), {"voters_import", "turnout_entry", "counting_minutes"}
        )
        pictures = [
            block
            for guide in guides.values()
            for block in guide.steps
            if block.block_type == "picture"
        ]
        self.assertEqual(len(pictures), 4)
        self.assertEqual(Image.objects.count(), 4)
        attachment = guides["voters_import"].attachments[0].value["document"]
        self.assertTrue(attachment.file.name.endswith(".xlsx"))
        page = self.client.get("/huong-dan/nhap-danh-sach-cu-tri/")
        self.assertContains(page, "Mẫu danh sách cử tri (tệp .xlsx trống)")
        self.assertContains(page, "<img", count=1)


class WagtailVietnameseTests(TestCase):
    def test_the_projects_catalogue_fills_wagtails_english_gaps(self):
        from django.utils import translation

        with translation.override("vi"):
            self.assertEqual(translation.gettext("Save draft"), "Lưu bản nháp")
            self.assertEqual(
                translation.gettext("Awaiting your review"), "Chờ bạn duyệt"
            )
