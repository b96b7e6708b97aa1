"""The pages Django would render bare (400, 403, 404, 500, a refused form token), in the site's layout and
the visitor's language (from the address: /en/… is English), each with a way home and to search.

They are rendered from a static context, without the request's context processors or the database: a 500
may come from the database itself, and a 404 costs a bot nothing more than the page.
"""
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CSRF = "csrf"
PAGES = {
    400: (_("Yêu cầu không hợp lệ"), _("Địa chỉ hoặc biểu mẫu này không đọc được. Bạn quay về trang chủ hoặc "
                                        "tìm hướng dẫn.")),
    403: (_("Không được xem trang này"), _("Trang này chỉ dành cho người được phép. Bạn quay về trang chủ "
                                            "hoặc tìm hướng dẫn.")),
    404: (_("Không tìm thấy trang"), _("Trang này không có hoặc đã được gỡ xuống. Bạn tìm hướng dẫn khác ở "
                                        "ô tìm kiếm.")),
    500: (_("Trang đang gặp lỗi"), _("Trang chưa mở được vì máy chủ gặp lỗi; cán bộ kỹ thuật đã được báo. "
                                      "Bạn thử lại sau ít phút.")),
    CSRF: (_("Biểu mẫu đã quá hạn"), _("Biểu mẫu mở đã lâu hoặc trình duyệt chặn cookie, nên chưa gửi được. "
                                        "Bạn quay lại, tải lại trang rồi gửi lại.")),
}


def error_page(request, page, status):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        title, message = PAGES[page]
        html = get_template("core/error.html").render(
            {"request": request, "LANGUAGE_CODE": language, "title": title, "message": message, "status": status})
    return HttpResponse(html, status=status)


def bad_request(request, exception):
    return error_page(request, 400, 400)


def permission_denied(request, exception):
    return error_page(request, 403, 403)


def page_not_found(request, exception):
    return error_page(request, 404, 404)


def server_error(request):
    return error_page(request, 500, 500)


def csrf_failure(request, reason=""):
    return error_page(request, CSRF, 403)
