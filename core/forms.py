"""Admin forms the project configures for Wagtail (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""
from django.contrib.auth.forms import AuthenticationForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with Django's label for the password: Wagtail declares the field without one, so
    Django names it after the attribute ("Password"), in English whatever the language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = AuthenticationForm.base_fields["password"].label
