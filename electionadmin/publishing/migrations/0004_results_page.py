"""The results index page (/ket-qua/) under the home page, so the public results
have their address from the first migration on (EXCHANGE §9)."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _next_path(parent, Page) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(STEP, "0")


def create_results_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ResultsIndexPage = apps.get_model("publishing", "ResultsIndexPage")
    home = Page.objects.filter(depth=2, slug="home").first()
    if home is None or Page.objects.filter(
        path__startswith=home.path, depth=3, slug="ket-qua"
    ).exists():
        return
    page_type, _ = ContentType.objects.get_or_create(
        model="resultsindexpage", app_label="publishing"
    )
    now = timezone.now()
    ResultsIndexPage.objects.create(
        title="Kết quả bầu cử",
        draft_title="Kết quả bầu cử",
        slug="ket-qua",
        content_type=page_type,
        path=_next_path(home, Page),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}ket-qua/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro=(
            "<p>Kết quả bầu cử do Ủy ban bầu cử xác nhận, theo từng đơn vị bầu cử: "
            "số cử tri, số phiếu hợp lệ, số phiếu của từng người ứng cử và những "
            "người trúng cử. Kết quả chỉ được công bố sau khi đã được xác nhận.</p>"
        ),
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def remove_results_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    home = Page.objects.filter(depth=2, slug="home").first()
    if home is None:
        return
    deleted, _ = Page.objects.filter(
        path__startswith=home.path, depth=3, slug="ket-qua"
    ).delete()
    if deleted:
        Page.objects.filter(pk=home.pk).update(numchild=max(home.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_results_index_page")]
    operations = [migrations.RunPython(create_results_page, remove_results_page)]
