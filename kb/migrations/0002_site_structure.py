"""The site every installation starts from.

- the districts, towns and city of Thừa Thiên Huế as regions;
- the page tree: home (Vietnamese) and one index per sector, replacing Wagtail's welcome page;
- the two groups of the moderation flow: officers write and submit, editors review and publish;
- the workflow that makes an officer's guide go live only after an editor approves it.
"""
import uuid

from django.db import migrations
from django.utils import timezone

REGIONS = [
    ("Thành phố Huế", "thanh-pho-hue", "city"),
    ("Hương Thủy", "huong-thuy", "town"),
    ("Hương Trà", "huong-tra", "town"),
    ("Phong Điền", "phong-dien", "district"),
    ("Quảng Điền", "quang-dien", "district"),
    ("Phú Vang", "phu-vang", "district"),
    ("Phú Lộc", "phu-loc", "district"),
    ("Nam Đông", "nam-dong", "district"),
    ("A Lưới", "a-luoi", "district"),
]

SECTORS = [
    ("crop", "Trồng trọt", "trong-trot", "Kỹ thuật trồng lúa, rau màu, cây ăn quả, cây công nghiệp và rừng trồng."),
    ("livestock", "Chăn nuôi", "chan-nuoi", "Kỹ thuật nuôi lợn, gà, vịt, bò và phòng bệnh cho vật nuôi."),
    ("aquaculture", "Thủy sản", "thuy-san",
     "Nuôi tôm, cua, hàu và cá lồng ở phá Tam Giang – Cầu Hai và ao nuôi ven biển."),
]

OFFICERS_GROUP = "Cán bộ khuyến nông"
EDITORS_GROUP = "Biên tập viên"
PAGE_PERMISSIONS = {
    OFFICERS_GROUP: ["add_page", "change_page"],
    EDITORS_GROUP: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
MEDIA_PERMISSIONS = {
    OFFICERS_GROUP: ["add", "choose"],
    EDITORS_GROUP: ["add", "change", "choose", "delete"],
}
SNIPPET_PERMISSIONS = {
    OFFICERS_GROUP: ["view"],
    EDITORS_GROUP: ["view", "add", "change", "delete"],
}
SNIPPET_MODELS = ["commodity", "region", "officer", "technology"]


def create_regions(apps):
    Region = apps.get_model("kb", "Region")
    for name, slug, kind in REGIONS:
        Region.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})


def create_tree(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("kb", "HomePage")
    SectorIndexPage = apps.get_model("kb", "SectorIndexPage")

    vi, _ = Locale.objects.get_or_create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()

    now = timezone.now()
    common = {"live": True, "first_published_at": now, "last_published_at": now, "locale": vi}
    home = HomePage.objects.create(
        title="Khuyến nông Thừa Thiên Huế", draft_title="Khuyến nông Thừa Thiên Huế", slug="home",
        content_type=ContentType.objects.get_for_model(HomePage), path="00010001", depth=2,
        numchild=len(SECTORS), url_path="/home/", translation_key=uuid.uuid4(),
        intro="Hướng dẫn kỹ thuật trồng trọt, chăn nuôi và nuôi trồng thủy sản đã được kiểm chứng, "
              "do cán bộ khuyến nông tỉnh biên soạn.",
        **common,
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count(), locale=vi)
    sector_type = ContentType.objects.get_for_model(SectorIndexPage)
    for position, (sector, title, slug, intro) in enumerate(SECTORS, start=1):
        SectorIndexPage.objects.create(
            title=title, draft_title=title, slug=slug, sector=sector, intro=intro, content_type=sector_type,
            path=f"00010001{position:04d}", depth=3, numchild=0, url_path=f"/home/{slug}/",
            translation_key=uuid.uuid4(), **common,
        )
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": "Khuyến nông Thừa Thiên Huế",
    })
    return home


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
    )[0]


def create_groups(apps, home):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin"))
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=home.pk, permission=permission(apps, "wagtailcore", "page", codename)
            )
        for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
            for action in MEDIA_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=permission(apps, app_label, model, f"{action}_{model}"),
                )
        for model in SNIPPET_MODELS:
            for action in SNIPPET_PERMISSIONS[name]:
                group.permissions.add(permission(apps, "kb", model, f"{action}_{model}"))
    return groups


def create_workflow(apps, home, editors):
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    task = GroupApprovalTask.objects.create(
        name="Biên tập viên duyệt", active=True,
        content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0],
    )
    task.groups.set([editors])
    workflow = Workflow.objects.create(name="Duyệt hướng dẫn kỹ thuật", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


def retire_wagtail_defaults(apps):
    """Wagtail's own Moderators/Editors groups and workflow would bypass ours; a fresh site has no users in them."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    Workflow.objects.filter(name="Moderators approval").update(active=False)


def forwards(apps, schema_editor):
    retire_wagtail_defaults(apps)
    create_regions(apps)
    home = create_tree(apps)
    groups = create_groups(apps, home)
    create_workflow(apps, home, groups[EDITORS_GROUP])


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
