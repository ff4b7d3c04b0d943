"""Wagtail pages: the public home page, committees' news and announcements,
trainers' guides and the results index.

    HomePage
      NewsIndexPage "Tin tức và thông báo"   (committees write and publish)
        NewsPage
      GuideIndexPage "Hướng dẫn nghiệp vụ"   (trainers write, the city committee
        GuidePage                             approves: publishing/permissions.py)
      ResultsIndexPage "/ket-qua/"           (certified results, migration 0004)

The news and guides sections are placed by data migration 0006.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from electionadmin.text import fold

from . import screens


def plain_slug(slug: str) -> str:
    return slugify(fold(slug)) if slug and not slug.isascii() else slug


class PlainSlugForm(WagtailAdminPageForm):
    def clean_slug(self):
        # Before Wagtail's check that the slug is free among the siblings.
        return plain_slug(self.cleaned_data.get("slug", ""))


class PlainSlugMixin:
    """Addresses in plain letters: the editor's slug `nhập-số-cử-tri` (Wagtail makes
    it from the title) is saved as `nhap-so-cu-tri`."""

    base_form_class = PlainSlugForm

    def full_clean(self, *args, **kwargs):
        self.slug = plain_slug(self.slug)
        super().full_clean(*args, **kwargs)


class HomePage(Page):
    intro = RichTextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.live().order_by("-date", "-pk")[:5]
        return context

    class Meta:
        verbose_name = "trang chủ"


# --- News and announcements ---------------------------------------------------------


class NewsIndexPage(PlainSlugMixin, Page):
    """The list of committees' news and announcements, newest first."""

    intro = RichTextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "trang tin tức và thông báo"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        kind = request.GET.get("loai")
        if kind in NewsPage.Kind.values:
            items = items.filter(kind=kind)
        context["items"] = items
        context["kinds"] = NewsPage.Kind.choices
        context["kind"] = kind
        return context


class NewsPage(PlainSlugMixin, Page):
    """A committee's news item or announcement (tin tức, thông báo)."""

    class Kind(models.TextChoices):
        NEWS = "news", "Tin tức"
        ANNOUNCEMENT = "announcement", "Thông báo"

    kind = models.CharField(
        "loại", max_length=20, choices=Kind.choices, default=Kind.NEWS
    )
    date = models.DateField("ngày đăng", default=timezone.localdate)
    issuer = models.CharField(
        "cơ quan đăng",
        max_length=200,
        blank=True,
        help_text="Ví dụ: Ủy ban bầu cử Thành phố Hồ Chí Minh.",
    )
    summary = models.TextField("tóm tắt", blank=True)
    body = RichTextField("nội dung")
    attachments = StreamField(
        [("document", DocumentChooserBlock(label="tệp đính kèm"))],
        blank=True,
        verbose_name="tệp đính kèm",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("date"), FieldPanel("issuer")],
            heading="Thông tin chung",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["publishing.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "tin tức, thông báo"


# --- Guides -------------------------------------------------------------------------


class Audience(models.TextChoices):
    TEAM = "team", "Tổ bầu cử"
    COMMUNE = "commune", "Ủy ban bầu cử xã/phường"
    BOARD = "board", "Ban bầu cử"
    COMMITTEE = "committee", "Ủy ban bầu cử tỉnh/thành phố, quận/huyện"


class ChoiceListField(models.JSONField):
    """A list of choice values stored as JSON, edited as check boxes (works on
    SQLite and PostgreSQL alike)."""

    def __init__(self, *args, choice_list=None, **kwargs):
        self.choice_list = list(choice_list or [])
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path_, args, kwargs = super().deconstruct()
        kwargs["choice_list"] = self.choice_list
        return name, path_, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _ in self.choice_list}
        if any(item not in allowed for item in value or []):
            raise ValidationError("Giá trị không hợp lệ.")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=capfirst(self.verbose_name),
            choices=self.choice_list,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            help_text=self.help_text,
        )


class PictureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="ảnh")
    caption = blocks.CharBlock(label="chú thích", required=False)

    class Meta:
        icon = "image"
        label = "Hình ảnh"
        template = "publishing/blocks/picture.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="tài liệu")
    note = blocks.CharBlock(
        label="ghi chú", required=False, help_text="Ví dụ: mẫu biểu, tệp mẫu."
    )

    class Meta:
        icon = "doc-full"
        label = "Tệp đính kèm"


class GuideIndexPage(PlainSlugMixin, Page):
    """The guides section: trainers write here; listed, filtered and searched."""

    intro = RichTextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.GuidePage"]
    max_count = 1

    class Meta:
        verbose_name = "mục hướng dẫn nghiệp vụ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.live().child_of(self)
        screen = request.GET.get("man-hinh", "")
        audience = request.GET.get("doi-tuong", "")
        query = request.GET.get("q", "").strip()
        # Wagtail search first (it takes live/child_of filters only), then the rest.
        results = list(guides.search(query) if query else guides.order_by("title"))
        if screen in screens.SCREENS:
            results = [guide for guide in results if guide.screen == screen]
        if audience in Audience.values:
            results = [guide for guide in results if audience in guide.audience]
        context.update(
            guides=results,
            query=query,
            screen=screen,
            screen_label=screens.SCREENS.get(screen, ("",))[0],
            audience=audience,
            audiences=Audience.choices,
        )
        return context


class GuidePage(PlainSlugMixin, RoutablePageMixin, Page):
    """A guide written by a trainer (hướng dẫn nghiệp vụ) for one screen of the app."""

    intro = models.TextField(
        "tóm tắt", blank=True, help_text="Hướng dẫn này giúp làm việc gì."
    )
    # The choices are the app's screens (publishing/screens.py), offered by the
    # panel and checked in clean(): a new screen needs no migration.
    screen = models.CharField(
        "màn hình được hướng dẫn",
        max_length=40,
        blank=True,
        help_text="Màn hình quản trị hiện liên kết «Hướng dẫn» tới trang này.",
    )
    audience = ChoiceListField(
        "dành cho",
        choice_list=Audience.choices,
        blank=True,
    )
    steps = StreamField(
        [
            ("heading", blocks.CharBlock(label="Tiêu đề bước", form_classname="title")),
            ("text", blocks.RichTextBlock(label="Nội dung")),
            ("picture", PictureBlock()),
        ],
        verbose_name="các bước",
    )
    attachments = StreamField(
        [("attachment", AttachmentBlock())],
        blank=True,
        verbose_name="tệp đính kèm (mẫu biểu, tệp mẫu)",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "screen",
                    widget=forms.Select(choices=[("", "---------"), *screens.CHOICES]),
                ),
                FieldPanel("audience"),
            ],
            heading="Áp dụng cho",
        ),
        FieldPanel("steps"),
        FieldPanel("attachments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("steps"),
        index.AutocompleteField("title"),
        index.FilterField("screen"),
    ]
    parent_page_types = ["publishing.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "trang hướng dẫn"

    def clean(self):
        super().clean()
        if self.screen and self.screen not in screens.SCREENS:
            raise ValidationError({"screen": "Màn hình này không có trong phần mềm."})

    @property
    def screen_label(self) -> str:
        return screens.SCREENS.get(self.screen, ("",))[0]

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[key] for key in self.audience or [] if key in labels]

    @path("")
    def guide(self, request):
        return self.render(request)

    @path("pdf/")
    def pdf(self, request):
        from .guide_pdf import render_guide_pdf

        response = HttpResponse(render_guide_pdf(self), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response


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
