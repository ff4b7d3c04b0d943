"""The read replica (electionadmin/replica.py, DATABASE_REPLICA_URL): the dashboards
and the public results pages read it, everything else reads and writes the primary.

The replica here is a second connection to the same test database (a test mirror,
as Django's docs suggest for primary/replica set-ups), so the data must be
committed for it to see them: TransactionTestCase. Which connection ran a query is
read from each connection's own query log.
"""

import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from electionadmin import replica
from electionadmin.setup.models import AdminUnit, VotingArea

from .test_results_base import ResultsMixin, counted

UNIT_PAGE = "/ket-qua/TEST-2026/quoc-hoi/don-vi-1/"


class ReplicaMixin:
    """Adds the alias "replica" (a mirror of the test database) for the class."""

    serialized_rollback = True  # the migrations' rows (cycles, roles) stay
    databases = {DEFAULT_DB_ALIAS, replica.ALIAS}

    @classmethod
    def setUpClass(cls):
        primary = connections.settings[DEFAULT_DB_ALIAS]
        connections.settings[replica.ALIAS] = {
            **primary,
            "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
        }
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        connections[replica.ALIAS].close()
        del connections[replica.ALIAS]
        del connections.settings[replica.ALIAS]

    def queries_on(self, alias):
        return CaptureQueriesContext(connections[alias])


class RouterTests(ReplicaMixin, TransactionTestCase):
    def test_reads_go_to_the_replica_only_inside_reads(self):
        self.assertEqual(replica.read_alias(), "default")
        with replica.reads():
            self.assertEqual(replica.read_alias(), "replica")
            self.assertEqual(AdminUnit.objects.all().db, "replica")
            with transaction.atomic():  # a transaction keeps its reads with it
                self.assertEqual(replica.read_alias(), "default")
        self.assertEqual(AdminUnit.objects.all().db, "default")

    def test_writes_and_migrations_always_go_to_the_primary(self):
        router = replica.ReplicaRouter()
        with replica.reads():
            self.assertEqual(router.db_for_write(AdminUnit), "default")
        self.assertTrue(router.allow_migrate("default", "setup"))
        self.assertFalse(router.allow_migrate("replica", "setup"))

    def test_without_a_replica_everything_stays_on_the_primary(self):
        settings = connections.settings.pop(replica.ALIAS)
        try:
            with replica.reads():
                self.assertEqual(replica.read_alias(), "default")
        finally:
            connections.settings[replica.ALIAS] = settings


class DashboardAndPublicTests(ReplicaMixin, ResultsMixin, TransactionTestCase):
    def setUp(self):
        type(self).setUpTestData()  # committed, so the replica's connection sees it
        cache.clear()

    def certify_qh(self, *extra):
        call_command(
            "certify_results",
            *("TEST-2026", "--contest", "QH", "--user", "thanhpho", *extra),
            stdout=io.StringIO(),
        )

    def test_the_dashboard_reads_its_figures_from_the_replica(self):
        self.client.force_login(self.city_user)
        url = reverse("polling:dashboard", args=[self.election.code, "79"])
        with (
            self.queries_on("replica") as on_replica,
            self.queries_on("default") as on_primary,
        ):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Phường Tân Định")
        replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
        primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
        self.assertIn(VotingArea._meta.db_table, replica_sql)
        # Who is asking is read from the primary: a new login is never lost to lag.
        self.assertIn("django_session", primary_sql)
        self.assertNotIn("django_session", replica_sql)

    def test_a_foreign_dashboard_is_still_refused(self):
        self.client.force_login(self.ward_b_user)
        url = reverse("polling:dashboard", args=[self.election.code, "26734"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_public_page_is_built_on_the_replica_and_revoked_at_once(self):
        for area in (self.a1, self.a2, self.b1, self.b2):
            counted(self.qh_unit, area, {1: 500, 2: 300, 3: 80})
        self.certify_qh()
        with self.queries_on("replica") as on_replica:
            response = self.client.get(UNIT_PAGE)
        self.assertContains(response, "Lê Văn An")
        replica_sql = [q["sql"] for q in on_replica.captured_queries]
        self.assertGreater(len(replica_sql), 1)  # more than the state check
        self.assertTrue(any("wagtailcore_page" in sql for sql in replica_sql))
        # The state (what is certified now) is read from the primary: a revocation
        # takes the page off at once, whatever the replica has copied yet.
        self.certify_qh("--revoke", "--reason", "Sai sót trong biên bản")
        self.assertEqual(self.client.get(UNIT_PAGE).status_code, 404)
