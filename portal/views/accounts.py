"""Password reset by email and password change, on Django's views with the site's pages."""
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from learners.services.accounts import password_changed

FORM = "registration/account_form.html"
MESSAGE = "registration/account_message.html"


def _page(title, **more) -> dict:
    return {"title": title, **more}


password_reset = auth_views.PasswordResetView.as_view(
    template_name=FORM, success_url=reverse_lazy("password_reset_done"),
    extra_context=_page(_("Reset your password"), button=_("Send me a link"),
                        intro=_("Give the email address of your account; we send a link to choose a new password.")))

password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name=MESSAGE,
    extra_context=_page(_("Check your email"), message=_(
        "If an account has this address, a link to choose a new password is on its way. It works once; if "
        "nothing arrives, check the spam folder or ask your teacher.")))

password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name=MESSAGE,
    extra_context=_page(_("Password set"), message=_("Your new password is set: sign in with it.")))

password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name=MESSAGE,
    extra_context=_page(_("Password changed"), message=_("Your new password is set.")))


class _ClearsTheRequirement:
    """A new password chosen: staff's request for one is met."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user)
        return response


class PasswordResetConfirm(_ClearsTheRequirement, auth_views.PasswordResetConfirmView):
    template_name = FORM
    success_url = reverse_lazy("password_reset_complete")
    extra_context = _page(_("Choose a new password"), button=_("Set my password"))


class PasswordChange(_ClearsTheRequirement, auth_views.PasswordChangeView):
    template_name = FORM
    success_url = reverse_lazy("password_change_done")
    extra_context = _page(_("Change your password"), button=_("Change my password"),
                          intro=_("Choose a new password to go on."))
