"""Admin lists read only their own filters from the query string (issue #11, 1).

A masked citizen ID must not fall out digit by digit through
`?citizen_id__startswith=…`: no admin of the site accepts a query parameter that its
list filters and date hierarchy do not read, and none names a masked field.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase
from django.urls import reverse

from electionadmin.access.lookups import MASKED, StrictLookupsMixin, touches_masked
from electionadmin.voters.models import VoterChange, VoterEntry
from importers.voters import import_voters

from .admin_helpers import admin_url
from .factories import SmallElectionMixin, make_unit, make_user
from .test_voters_import import DATA

TRUE_PREFIX, FALSE_PREFIX = "0790800", "0791800"  # 079080000001 is on the list
PROBES = ["citizen_id__startswith", "citizen_id__contains", "citizen_id__regex"]


def changelist_url(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


class MaskedIdProbeTests(SmallElectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_voters(DATA / "ok.csv", cls.election)
        district = make_unit(
            cls.election.unit_set, "760", "Quận 1", "district", cls.city
        )
        cls.ward_a.parent = district
        cls.ward_a.save()
        cls.district_user = make_user(
            "quan1", "district_committee", admin_unit=district
        )

    def probe(self, user, lookup: str, prefix: str):
        self.client.force_login(user)
        value = prefix if lookup != "citizen_id__regex" else f"^{prefix}"
        return self.client.get(admin_url(VoterEntry, "changelist"), {lookup: value})

    def test_a_true_and_a_false_prefix_get_the_same_refusal(self):
        for user in (self.district_user, self.city_user, self.board_user):
            for lookup in PROBES:
                with self.subTest(user=user.username, lookup=lookup):
                    true = self.probe(user, lookup, TRUE_PREFIX)
                    false = self.probe(user, lookup, FALSE_PREFIX)
                    self.assertContains(true, "Yêu cầu không hợp lệ", status_code=400)
                    self.assertEqual(false.status_code, 400)
                    self.assertEqual(true.content, false.content)

    def test_nor_through_a_relation_or_the_export(self):
        self.client.force_login(self.city_user)
        url = admin_url(VoterChange, "changelist")
        lookup = "old_entry__citizen_id__startswith"
        self.assertEqual(self.client.get(url, {lookup: "079"}).status_code, 400)

    def test_the_lists_own_filters_and_links_still_work(self):
        self.client.force_login(self.district_user)
        url = admin_url(VoterEntry, "changelist")
        for query, expected in [
            ({"voting_area__id__exact": self.a1.pk}, 5),
            ({"election__id__exact": self.election.pk}, 6),
            ({"status__exact": "active"}, 6),
            ({"gender__exact": "F"}, 3),
            ({"q": "nguyen"}, 2),
        ]:
            with self.subTest(query=query):
                response = self.client.get(url, query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(response.context["cl"].result_list), expected)

    def test_a_masked_user_finds_nobody_by_the_digits_of_an_id(self):
        self.client.force_login(self.city_user)
        url = admin_url(VoterEntry, "changelist")
        response = self.client.get(url, {"q": TRUE_PREFIX})
        self.assertEqual(list(response.context["cl"].result_list), [])


class EveryAdminTests(TestCase):
    """Every ModelAdmin of the site, the project's and the libraries' alike."""

    @classmethod
    def setUpTestData(cls):
        cls.root = get_user_model().objects.create_superuser("goc", "", "matkhau-123")

    def test_every_admin_refuses_a_lookup_that_is_not_its_filter(self):
        self.client.force_login(self.root)
        for model, model_admin in admin.site._registry.items():
            with self.subTest(model=model._meta.label):
                self.assertIsInstance(model_admin, StrictLookupsMixin)
                url = changelist_url(model_admin)
                self.assertEqual(self.client.get(url).status_code, 200)
                refused = self.client.get(url, {"pk__gt": "0"})
                self.assertEqual(refused.status_code, 400)
                # No English "Show counts" toggle (and no counts over whole lists).
                self.assertNotContains(self.client.get(url), "Show counts")

    def test_no_admin_filters_searches_or_orders_on_a_masked_field(self):
        request = RequestFactory().get("/")
        request.user = self.root
        for model, model_admin in admin.site._registry.items():
            names = list(model_admin.get_search_fields(request))
            names += [
                item if isinstance(item, str) else item[0]
                for item in model_admin.get_list_filter(request)
                if isinstance(item, str | tuple | list)
            ]
            names += [model_admin.date_hierarchy or ""]
            names += [name.lstrip("-") for name in model_admin.get_ordering(request)]
            for name in filter(None, names):
                with self.subTest(model=model._meta.label, name=name):
                    self.assertFalse(touches_masked(model, name.lstrip("^=@")))

    def test_the_masked_fields_exist(self):
        from django.apps import apps

        for label, names in MASKED.items():
            model = apps.get_model(label)
            for name in names:
                model._meta.get_field(name)
