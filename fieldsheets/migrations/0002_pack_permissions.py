"""Officers and editors may make print packs and download them; editors may also delete any."""
from django.db import migrations

GROUP_PERMISSIONS = {
    "Cán bộ khuyến nông": ["add", "view"],
    "Biên tập viên": ["add", "view", "change", "delete"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="fieldsheets", model="printpack")
    for name, actions in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_printpack",
                defaults={"name": f"Can {action} print pack"})
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("fieldsheets", "0001_print_pack"), ("kb", "0002_site_structure"),
                    ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
