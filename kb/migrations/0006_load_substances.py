"""Let editors keep the list of active ingredients up to date in the admin while officers may read it.

This migration also loaded kb/data/substances.csv when it was written; the list's rulings now have scopes
(0010_substance_listings), and that migration loads it, in the shape the loader of today writes."""
from django.db import migrations

GROUP_PERMISSIONS = {
    "Cán bộ khuyến nông": ["view"],
    "Biên tập viên": ["add", "view", "change", "delete"],
}


def load(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="kb", model="substance")
    for name, actions in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        for action in actions if group else ():
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_substance",
                defaults={"name": f"Can {action} substance"})
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("kb", "0005_substances_and_dose_rows"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
