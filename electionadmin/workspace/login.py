"""The one login page (Wagtail's, which Django admin's sends people to): without a
page asked for (`next`), it lands on the user's home, Việc của tôi."""

from django.conf import settings
from django.shortcuts import resolve_url
from wagtail.admin.views import account


class LoginView(account.LoginView):
    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        # Wagtail's form posts `next` as the Wagtail dashboard when none was asked.
        context = super().get_context_data(**kwargs)
        context["next"] = context.get("next") or self.get_success_url()
        return context
