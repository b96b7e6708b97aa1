"""Huế's 40 communes and wards since 1 July 2025 (Nghị quyết 1675/NQ-UBTVQH15), each with its former
communes and district as alternative names and the former district (a Region) it mostly lay in. Existing
regions, and every question, officer and guide placed in one, are left as they were: nothing loses its place."""
import django.db.models.deletion
from django.db import migrations, models

from kb.places import load_communes


def load(apps, schema_editor):
    load_communes(model=apps.get_model("kb", "Commune"), region_model=apps.get_model("kb", "Region"))


def snippet_permissions(apps, schema_editor):
    """Officers read the communes, editors keep them, like the other catalogues (0002)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="kb", model="commune")
    for name, actions in {"Cán bộ khuyến nông": ["view"], "Biên tập viên": ["add", "view", "change", "delete"]}.items():
        group = Group.objects.filter(name=name).first()
        for action in actions if group else ():
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_commune", defaults={"name": f"Can {action} commune"})
            group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('kb', '0012_answer_asked_by_officer'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='Commune',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.PositiveIntegerField(help_text='Mã của Tổng cục Thống kê, ví dụ 19942.', unique=True, verbose_name='mã đơn vị hành chính')),
                ('name', models.CharField(help_text='Ví dụ: Xã Phú Vang', max_length=100, unique=True, verbose_name='tên')),
                ('slug', models.SlugField(max_length=120, unique=True)),
                ('kind', models.CharField(choices=[('phuong', 'Phường'), ('xa', 'Xã')], max_length=10, verbose_name='loại')),
                ('former_names', models.TextField(blank=True, help_text='Xã, phường, huyện trước 1/7/2025; mỗi dòng một tên.', verbose_name='tên cũ')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='communes', to='kb.region', verbose_name='huyện, thị xã cũ')),
            ],
            options={
                'verbose_name': 'xã, phường',
                'verbose_name_plural': 'xã, phường',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='officer',
            name='communes',
            field=models.ManyToManyField(blank=True, related_name='officers', to='kb.commune', verbose_name='xã, phường phụ trách'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(snippet_permissions, migrations.RunPython.noop),
    ]
