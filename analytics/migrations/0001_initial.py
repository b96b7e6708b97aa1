"""SearchRecord moves here from the search app without touching its table or its rows: the model state is
created here (on the existing table `search_searchrecord`) and deleted from `search` by its 0003 migration.
The content type moves with it, so the report permission already granted to the groups stays granted."""
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="search", model="searchrecord").update(app_label="analytics")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="analytics", model="searchrecord").update(app_label="search")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("search", "0002_report_permission"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True,
                                                            verbose_name="thời điểm")),
                        ("query", models.CharField(blank=True, db_index=True, max_length=200,
                                                   help_text="Đã chuẩn hoá: chữ thường, dấu thanh đặt thống nhất.",
                                                   verbose_name="từ khoá")),
                        ("sector", models.CharField(blank=True, db_index=True, max_length=20,
                                                    verbose_name="lĩnh vực")),
                        ("filters", models.JSONField(blank=True, default=dict, verbose_name="bộ lọc")),
                        ("result_count", models.PositiveIntegerField(verbose_name="số kết quả")),
                        ("duration_ms", models.PositiveIntegerField(verbose_name="thời gian (ms)")),
                        ("degraded", models.BooleanField(default=False, verbose_name="tìm trong cơ sở dữ liệu")),
                        ("source", models.CharField(choices=[("page", "Trang tìm kiếm"), ("api", "API")],
                                                    default="page", max_length=10, verbose_name="nguồn")),
                    ],
                    options={
                        "verbose_name": "lượt tìm kiếm",
                        "verbose_name_plural": "lượt tìm kiếm",
                        "ordering": ["-created_at"],
                        "permissions": [("view_search_report", "Xem báo cáo tìm kiếm")],
                        "db_table": "search_searchrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        # Records are written in batches: the time of the search is given, not taken at the write.
        migrations.AlterField(
            model_name="searchrecord", name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="thời điểm"),
        ),
    ]
