"""Save-Data: a phone whose owner asked to save data gets pages with images as tap-to-load links."""
from django.utils.cache import patch_vary_headers


def save_data(get_response):
    def middleware(request):
        request.save_data = request.headers.get("Save-Data", "").strip().lower() == "on"
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Save-Data"])
        return response

    return middleware
