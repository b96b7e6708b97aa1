"""Officers and editors read, answer and publish farmers' questions (groups from kb's site-structure
migration); only editors delete them."""
from django.db import migrations

GRANTS = {
    "Cán bộ khuyến nông": ["view", "change", "publish"],
    "Biên tập viên": ["view", "change", "publish", "delete"],
}
NAMES = {"view": "Can view", "change": "Can change", "delete": "Can delete",
         "publish": "Đăng câu hỏi thành hỏi đáp công khai"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="questions", model="farmerquestion")
    for group in Group.objects.filter(name__in=GRANTS):
        for action in GRANTS[group.name]:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_farmerquestion",
                defaults={"name": f"{NAMES[action]} farmer question"})
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial"), ("kb", "0002_site_structure"),
                    ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
