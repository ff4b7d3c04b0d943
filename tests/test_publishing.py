from django.test import TestCase
from wagtail.models import Page

from electionadmin.publishing.models import GuidePage, HomePage


class PublicPagesTests(TestCase):
    def test_the_home_page_lists_published_guides(self):
        home = HomePage.objects.get()
        home.add_child(
            instance=GuidePage(
                title="Hướng dẫn lập danh sách cử tri",
                slug="lap-danh-sach",
                body="<p>Cử tri đủ 18 tuổi tính đến ngày bầu cử.</p>",
            )
        )
        response = self.client.get("/")
        self.assertContains(response, "Hướng dẫn lập danh sách cử tri")
        guide = self.client.get("/lap-danh-sach/")
        self.assertContains(guide, "Cử tri đủ 18 tuổi tính đến ngày bầu cử.")

    def test_the_site_root_is_our_home_page(self):
        self.assertEqual(Page.objects.get(depth=2).specific_class, HomePage)
