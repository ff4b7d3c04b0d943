"""Wagtail pages: the public home page and trainers' guides."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
