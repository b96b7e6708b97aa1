"""Private files stay private: restricted documents and print packs only through views that check access;
the media URL serves public image renditions and nothing else."""
import io
import re
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from fieldsheets.models import PrintPack
from tests.helpers import member

pytestmark = pytest.mark.django_db
SECRET_TEXT = b"Danh sach ho nong dan va so dien thoai"


def document_in(collection, name):
    document = Document(title=name, collection=collection)
    document.file.save(name, ContentFile(SECRET_TEXT), save=True)
    return document


def restricted_collection(name, restriction_type, **fields):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=restriction_type, **fields)
    return collection


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_document_in_a_password_protected_collection_is_served_only_after_the_password(client):
    collection = restricted_collection("Nội bộ", CollectionViewRestriction.PASSWORD, password="mat-khau")
    document = document_in(collection, "danh-sach.txt")

    response = client.get(document.url)
    assert SECRET_TEXT not in body(response)
    assert response.status_code == 200 and b"password" in response.content.lower()
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_a_document_in_a_signed_in_collection_is_refused_to_anonymous_visitors(client):
    collection = restricted_collection("Cán bộ", CollectionViewRestriction.LOGIN)
    document = document_in(collection, "ke-hoach.txt")

    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(User.objects.create_user("officer"))
    assert body(client.get(document.url)) == SECRET_TEXT


def test_a_public_document_is_served_through_the_document_view_not_the_media_folder(client):
    document = document_in(Collection.get_first_root_node(), "huong-dan.txt")
    assert document.url.startswith("/documents/")
    assert body(client.get(document.url)) == SECRET_TEXT
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_the_media_url_serves_image_renditions_but_not_original_uploads(client):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    image = Image.objects.create(title="Ruộng lúa", file=ImageFile(buffer, name="ruong.png"))
    rendition = image.get_rendition("width-20")

    assert rendition.url.startswith("/media/images/")
    assert client.get(rendition.url).status_code == 200
    assert client.get(f"/media/{image.file.name}").status_code == 404
    assert image.file.name.startswith("original_images/")


def test_a_print_pack_is_kept_outside_the_media_folder_and_downloaded_only_with_permission(client):
    pack = PrintPack.objects.create(title="Gói tập huấn", status=PrintPack.Status.DONE)
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 pack"), save=True)
    path = Path(pack.file.path)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    download = f"/admin/fieldsheets/packs/{pack.pk}/download/"

    assert client.get(f"/media/{pack.file.name}").status_code == 404
    assert "login" in client.get(download)["Location"]
    stranger = User.objects.create_user("stranger")
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    refused = client.get(download)  # Wagtail's admin answers PermissionDenied with a redirect and a message
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(User.objects.create_superuser("boss"))
    assert body(client.get(download)) == b"%PDF-1.4 pack"


def test_an_uploaded_profile_picture_is_shown_to_staff_and_to_nobody_else(client):
    officer = member("can-bo", "Cán bộ khuyến nông")
    buffer = io.BytesIO()
    PillowImage.new("RGB", (120, 120), "orange").save(buffer, "PNG")
    client.force_login(officer)
    picture = SimpleUploadedFile("chân dung.png", buffer.getvalue(), content_type="image/png")
    response = client.post("/admin/account/", {
        "name_email-first_name": "Chi Lan", "name_email-last_name": "Nguyễn Thị",
        "name_email-email": "chilan@example.org", "avatar-avatar": picture, "locale-preferred_language": "vi",
        "locale-current_time_zone": "Asia/Ho_Chi_Minh", "theme-theme": "system", "theme-density": "default",
        "theme-contrast": "system"})
    assert response.status_code == 302
    avatar = re.search(r'src="(/media/avatar_images/[^"]+)"', client.get("/admin/").content.decode()).group(1)
    assert client.get(avatar).status_code == 200  # not a broken image
    client.logout()
    assert client.get(avatar).status_code == 404
