"""A ruling on a substance has a scope (crops, land animals, aquaculture, feed), its own legal source and
date, and says which text it was checked against: each entry's status, use, source and date become one
`Listing` per scope. Entries editors added themselves keep their ruling (a pesticide's for crops, a
veterinary ban for land animals and aquaculture, as the check applied them before); the shipped list is
then loaded from kb/data/substances.csv, which has no "restricted" status any more (the circular has no
such list: the three fumigants are permitted with conditions). The old fields go in 0011, a migration of
their own: PostgreSQL refuses to alter a table while the rows just written still have checks pending."""
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

from kb.substances import load_csv, read_csv


def to_listings(apps, schema_editor):
    Substance = apps.get_model("kb", "Substance")
    Listing = apps.get_model("kb", "Listing")
    shipped = set(read_csv())
    for substance in Substance.objects.exclude(name__in=shipped):
        if substance.use == "pesticide":
            scopes = ["crop"]
        else:
            scopes = ["livestock", "aquaculture"] if substance.status == "banned" else []
        for scope in scopes:
            Listing.objects.create(
                substance=substance, scope=scope, legal_source=substance.legal_source,
                status="banned" if substance.status == "banned" else "permitted",
                conditions="hạn chế sử dụng (danh mục cũ)" if substance.status == "restricted" else "",
                in_force_from=substance.banned_from)
    load_csv(substance_model=Substance, listing_model=Listing)


class Migration(migrations.Migration):

    dependencies = [
        ("kb", "0009_officer_user_question_answers"),
    ]

    operations = [
        migrations.CreateModel(
            name="Listing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("scope", models.CharField(choices=[("crop", "trồng trọt"), ("livestock", "chăn nuôi (động vật trên cạn)"), ("aquaculture", "thủy sản"), ("feed", "thức ăn chăn nuôi")], max_length=12, verbose_name="phạm vi")),
                ("status", models.CharField(choices=[("banned", "Cấm sử dụng"), ("permitted", "Được phép sử dụng")], default="banned", max_length=12, verbose_name="tình trạng")),
                ("legal_source", models.CharField(help_text="Số hiệu quyết định hoặc thông tư (và phụ lục), không ghi ngày cấm.", max_length=250, verbose_name="căn cứ pháp lý")),
                ("in_force_from", models.DateField(blank=True, null=True, verbose_name="áp dụng từ ngày")),
                ("first_banned", models.DateField(blank=True, help_text="Chỉ ghi khi đã đối chiếu văn bản cấm đầu tiên: báo cáo dùng ngày này để biết hướng dẫn được đăng trước hay sau khi cấm.", null=True, verbose_name="cấm lần đầu từ ngày")),
                ("first_banned_source", models.CharField(blank=True, max_length=250, verbose_name="văn bản cấm lần đầu")),
                ("conditions", models.CharField(blank=True, max_length=250, verbose_name="điều kiện, giới hạn")),
                ("checked", models.TextField(blank=True, help_text="Văn bản đã đọc để kiểm tra; phần nào chưa kiểm tra được thì ghi “chưa đối chiếu văn bản”. Để trống: chưa đối chiếu văn bản.", verbose_name="đã đối chiếu văn bản")),
                ("substance", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="listings", to="kb.substance")),
            ],
            options={
                "verbose_name": "quy định",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [models.UniqueConstraint(fields=("substance", "scope"), name="kb_listing_one_per_scope")],
            },
        ),
        migrations.RunPython(to_listings, migrations.RunPython.noop),
    ]
