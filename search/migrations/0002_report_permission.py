"""Officers and editors may read the search report (the groups come from kb's site-structure migration)."""
from django.db import migrations

GROUPS = ["Cán bộ khuyến nông", "Biên tập viên"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="searchrecord")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_search_report", defaults={"name": "Xem báo cáo tìm kiếm"})
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="search", codename="view_search_report").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("kb", "0002_site_structure"),
                    ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, revoke)]
