from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("publishing", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    # Replace Wagtail's placeholder welcome page with ours.
    Page.objects.filter(depth=2, slug="home").delete()
    home_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="publishing"
    )
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="Thông tin bầu cử",
        draft_title="Thông tin bầu cử",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="<p>Kết quả bầu cử đã được xác nhận và tài liệu hướng dẫn nghiệp vụ.</p>",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Bầu cử"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
