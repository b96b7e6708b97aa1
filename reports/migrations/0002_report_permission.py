"""Officers and editors read the programme's report and "what to write next" (groups: kb's site structure)."""
from django.db import migrations


def grant(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="reports", model="dailycount")[0]
    permission = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_programme_report",
        defaults={"name": "Xem báo cáo chương trình và việc cần viết"})[0]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Cán bộ khuyến nông", "Biên tập viên"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("kb", "0002_site_structure"),
                    ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
