"""Wagtail pages: the public home page, trainers' guides and the results index."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    intro = RichTextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = "trang chủ"


class GuidePage(Page):
    """A guide written by a trainer (hướng dẫn nghiệp vụ)."""

    body = RichTextField("nội dung")

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["publishing.HomePage"]

    class Meta:
        verbose_name = "trang hướng dẫn"


class ResultsIndexPage(Page):
    """/ket-qua/: the elections with certified results (EXCHANGE §9).

    Editors write the intro around the figures; the figures themselves come from
    the certified snapshots (electionadmin/results/snapshots.py), never from a field
    of the page, so no preview, search index or revision can hold an uncertified one.
    """

    intro = RichTextField("lời giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "trang kết quả bầu cử"

    def get_context(self, request, *args, **kwargs):
        from .results import elections_published

        context = super().get_context(request, *args, **kwargs)
        context["elections"] = elections_published()
        return context

    def get_sitemap_urls(self, request=None):
        from .results import sitemap_entries

        urls = super().get_sitemap_urls(request)
        if urls:
            urls += sitemap_entries(self.get_full_url(request))
        return urls
