from django.test import TestCase
from wagtail.models import Page

from electionadmin.publishing.models import GuideIndexPage, GuidePage, HomePage


class PublicPagesTests(TestCase):
    def test_the_home_page_links_its_sections_and_the_guides_list_them(self):
        index = GuideIndexPage.objects.get()
        guide = index.add_child(
            instance=GuidePage(
                title="Hướng dẫn lập danh sách cử tri",
                slug="lap-danh-sach",
                steps=[("text", "<p>Cử tri đủ 18 tuổi tính đến ngày bầu cử.</p>")],
            )
        )
        guide.save_revision().publish()
        home = self.client.get("/")
        self.assertContains(home, 'href="/huong-dan/"')
        self.assertContains(home, 'href="/tin-tuc/"')
        self.assertContains(self.client.get("/huong-dan/"), "Hướng dẫn lập danh sách")
        page = self.client.get("/huong-dan/lap-danh-sach/")
        self.assertContains(page, "Cử tri đủ 18 tuổi tính đến ngày bầu cử.")

    def test_the_site_root_is_our_home_page(self):
        self.assertEqual(Page.objects.get(depth=2).specific_class, HomePage)
