"""URL map: admin and API first, then the localised site (Vietnamese unprefixed, English under /en/)."""
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alerts import urls as alert_urls
from core import media
from core.health import healthz
from core.ratelimit import rate_limited
from fieldsheets import views as fieldsheet_views
from kb import views as kb_views
from offline import views as offline_views
from search import views as search_views
from search.api import api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", api.urls),
    path("g/<int:pk>", kb_views.short_link, name="short-link"),
    path("g/<int:pk>.txt", kb_views.short_text, name="short-text"),
    path("g/revisions.json", kb_views.guide_revisions, name="guide-revisions"),
    path("", include("chat.urls")),
    path("", include(alert_urls.feed_patterns)),
    path("sw.js", offline_views.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
]

# Staff's profile pictures, to staff only, whether or not a front server serves the public media.
urlpatterns.append(path(f"media/{media.AVATARS}/<str:name>", media.avatar, name="avatar"))

if settings.SERVE_MEDIA:  # public image renditions only; see PUBLIC_MEDIA_PREFIX
    urlpatterns.append(re_path(rf"^media/(?P<path>{settings.PUBLIC_MEDIA_PREFIX}[^/]+)$", serve,
                               {"document_root": settings.MEDIA_ROOT}))

urlpatterns += i18n_patterns(
    path(_("cong-nghe/<slug:slug>/"), kb_views.technology_detail, name="technology"),
    path(_("tim-kiem/"), search_views.search_page, name="search"),
    path("", include("questions.urls")),
    path("", include("feedback.urls")),
    path("", include(alert_urls.urlpatterns)),
    path(_("da-luu/"), offline_views.saved, name="saved"),
    # Before Wagtail's catch-all: `<guide url>phieu-ky-thuat.pdf`.
    re_path(r"^(?P<path>(?:[\w-]+/)+)phieu-ky-thuat\.pdf$", fieldsheet_views.guide_sheet, name="fieldsheet"),
    # Wagtail's page-password form, at its own address and name, with tries counted per client.
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         rate_limited("page_password")(wagtail_views.authenticate_with_password),
         name="wagtailcore_authenticate_with_password"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
