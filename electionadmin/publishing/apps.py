from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "electionadmin.publishing"
    label = "publishing"
    verbose_name = "Trang công khai và hướng dẫn"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import permissions  # noqa: F401  (page rights and the guide workflow)
        from .links import forget_guides
        from .models import GuidePage

        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_guides, sender=GuidePage)
        post_page_move.connect(forget_guides)
