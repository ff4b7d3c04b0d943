"""The one login page (Wagtail's, which Django admin's sends people to): without a
page asked for (`next`), it lands on the user's home, Việc của tôi. A demo account
off a demo machine is told why it cannot log in (access/backends.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import account

from electionadmin.access.backends import DEMO_OFF, refused_demo_name


class LoginForm(account.get_user_login_form()):
    """Wagtail's login form; its password field gets a label (Wagtail gives none, so
    Django wrote the field's name, "Password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

    def clean(self):
        if refused_demo_name(self.cleaned_data.get("username")):
            raise ValidationError(DEMO_OFF, code="demo_off")
        return super().clean()


class LoginView(account.LoginView):
    def get_form_class(self):
        return LoginForm

    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        # Wagtail's form posts `next` as the Wagtail dashboard when none was asked.
        context = super().get_context_data(**kwargs)
        context["next"] = context.get("next") or self.get_success_url()
        return context
