"""Every admin page renders; both admins share one login and link to each other."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from .admin_helpers import admin_url
from .factories import SmallElectionMixin
from .second_factor import code_for, device_for


class EveryPageTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = get_user_model().objects.create_superuser(
            "quantri", password="matkhau-thu-123"
        )

    def setUp(self):
        self.client.force_login(self.root)

    def test_a_superuser_gets_every_changelist_add_and_change_page(self):
        for model, model_admin in admin.site._registry.items():
            pages = [admin_url(model, "changelist")]
            if model_admin.has_add_permission(self._request()):
                pages.append(admin_url(model, "add"))
            first = model._default_manager.first()
            if first is not None:
                pages.append(admin_url(model, "change", first.pk))
            for url in pages:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_import_and_export_pages_render_in_vietnamese(self):
        for name in ("adminunit", "votingarea", "electoralunit", "candidate"):
            for view in ("import", "export"):
                response = self.client.get(reverse(f"admin:setup_{name}_{view}"))
                self.assertEqual(response.status_code, 200)
        page = self.client.get(reverse("admin:setup_votingarea_import"))
        self.assertContains(page, "Tệp cần nhập")
        self.assertContains(page, "Mã xã/phường")

    def test_the_changelist_filters_by_election_and_commune(self):
        url = admin_url(self.a1.__class__, "changelist")
        response = self.client.get(url, {"commune": self.ward_b.pk})
        self.assertEqual(set(response.context["cl"].result_list), {self.b1, self.b2})
        units = self.client.get(
            reverse("admin:setup_electoralunit_changelist"), {"kind": "HDND_XA"}
        )
        self.assertEqual(list(units.context["cl"].result_list), [self.hdnd_a_unit])

    def test_the_electoral_unit_page_shows_areas_and_shortfall(self):
        self.hdnd_a_unit.candidates.last().delete()
        units = self.client.get(reverse("admin:setup_electoralunit_changelist"))
        self.assertContains(units, "thiếu")
        page = self.client.get(
            reverse("admin:setup_electoralunit_change", args=[self.hdnd_a_unit.pk])
        )
        self.assertContains(page, "26734/1, 26734/2")
        self.assertContains(page, "Ngô Thị Dung")

    def _request(self):
        request = self.client.get(reverse("admin:index")).wsgi_request
        request.user = self.root
        return request


class OneLoginTests(SmallElectionMixin, TestCase):
    def test_the_django_admin_login_sends_people_to_wagtails(self):
        response = self.client.get("/django-admin/setup/votingarea/")
        self.assertEqual(response.status_code, 302)
        login = self.client.get(response.url)
        self.assertRedirects(
            login,
            "/admin/login/?next=%2Fdjango-admin%2Fsetup%2Fvotingarea%2F",
            fetch_redirect_response=False,
        )

    def test_a_login_on_wagtail_opens_the_django_admin(self):
        self.city_user.set_password("matkhau-thu-123")  # with the test hasher
        self.city_user.save()
        response = self.client.post(
            "/admin/login/?next=/django-admin/",
            {"username": "thanhpho", "password": "matkhau-thu-123"},
        )
        self.assertRedirects(response, "/django-admin/", fetch_redirect_response=False)
        # A city committee passes the second factor first (test_access_login.py).
        self.assertRedirects(
            self.client.get("/django-admin/"),
            "/xac-thuc/?next=%2Fdjango-admin%2F",
            fetch_redirect_response=False,
        )
        code = code_for(device_for(self.city_user))
        self.client.post("/xac-thuc/", {"code": code, "next": "/django-admin/"})
        index = self.client.get("/django-admin/")
        self.assertContains(index, "Quản trị dữ liệu bầu cử")
        self.assertContains(index, 'href="/admin/"')
        self.assertContains(index, "Trang nội dung (Wagtail)")
        self.assertContains(index, reverse("importers:election"))
        self.assertContains(index, reverse("polling:index"))

    def test_a_role_user_reaches_both_admins(self):
        for user in (self.ward_a_user, self.team_user):
            self.client.force_login(user)
            django_admin = self.client.get("/django-admin/")
            self.assertEqual(django_admin.status_code, 200)
            wagtail = self.client.get("/admin/")
            self.assertEqual(wagtail.status_code, 200)
            self.assertContains(wagtail, '"url": "/bau-cu/"')
            # The sidebar comes as JSON (escaped): the item's name and link.
            self.assertContains(wagtail, '"name": "election-admin"')
            self.assertContains(wagtail, '"url": "/django-admin/"')

    def test_the_import_link_is_only_for_those_who_may_import(self):
        self.client.force_login(self.ward_a_user)
        index = self.client.get("/django-admin/")
        self.assertNotContains(index, reverse("importers:election"))
        page = self.client.get(reverse("importers:election"))
        self.assertEqual(page.status_code, 403)
