"""Place the two sections under the home page: "Tin tức và thông báo" and
"Hướng dẫn nghiệp vụ"; guides written before (under the home page, text in `body`)
move into the guides section with their text as one step.

Historical models have no tree methods, so paths are computed here as treebeard
does (four base-36 digits per level).
"""

import uuid

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def _number(step: str) -> int:
    return int(step, 36)


def _next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    following = _number(last[-STEP:]) + 1 if last else 1
    return parent.path + _step(following)


def _add_section(apps, home, model_name, title, slug, intro):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Model = apps.get_model("publishing", model_name)
    existing = Model.objects.first()
    if existing is not None:
        return existing
    content_type, _ = ContentType.objects.get_or_create(
        app_label="publishing", model=model_name.lower()
    )
    section = Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        intro=intro,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    home.numchild += 1
    return section


def place_sections(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("publishing", "HomePage")
    GuidePage = apps.get_model("publishing", "GuidePage")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    _add_section(
        apps,
        home,
        "NewsIndexPage",
        "Tin tức và thông báo",
        "tin-tuc",
        "<p>Tin tức và thông báo của các Ủy ban bầu cử.</p>",
    )
    guides = _add_section(
        apps,
        home,
        "GuideIndexPage",
        "Hướng dẫn nghiệp vụ",
        "huong-dan",
        "<p>Hướng dẫn sử dụng phần mềm cho Tổ bầu cử, Ban bầu cử và các Ủy ban "
        "bầu cử, do cán bộ tập huấn biên soạn.</p>",
    )
    moved = 0
    for guide in GuidePage.objects.filter(
        path__startswith=home.path, depth=home.depth + 1
    ).order_by("path"):
        new_path = _next_child_path(Page, guides)
        Page.objects.filter(pk=guide.pk).update(
            path=new_path,
            depth=guides.depth + 1,
            url_path=f"{guides.url_path}{guide.slug}/",
        )
        Page.objects.filter(pk=guides.pk).update(numchild=guides.numchild + 1)
        guides.numchild += 1
        moved += 1
    if moved:
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild - moved)
    for guide in GuidePage.objects.exclude(body=""):
        guide.steps = [{"type": "text", "value": guide.body, "id": str(uuid.uuid4())}]
        guide.save(update_fields=["steps"])


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0005_guides_and_news"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(place_sections, migrations.RunPython.noop)]
