"""The profile pictures staff upload in the admin ("Tài khoản"): shown to whoever may use the admin, never
public. They are original uploads, with whatever the camera wrote in them, so they are not served with the
public image renditions (settings.PUBLIC_MEDIA_PREFIX) — but without this view they were a broken image."""
from django.conf import settings
from django.http import Http404
from django.views.static import serve

AVATARS = "avatar_images"  # Wagtail's UserProfile.avatar upload folder


def avatar(request, name):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise Http404
    response = serve(request, name, document_root=settings.MEDIA_ROOT / AVATARS)
    response["Cache-Control"] = "private, max-age=86400"
    return response
