"""Staff page of the JSON API's tokens: make one (shown once), revoke one, see when each was last used."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learners.models import ApiToken
from learners.selectors.api_tokens import api_tokens
from learners.services.api_tokens import api_token_create, api_token_revoke
from portal.forms import ApiTokenForm
from portal.views.staff import staff_only, staff_with


@require_http_methods(["GET", "POST"])
@staff_only
def tokens_page(request):
    """GET: the tokens and the form; POST (with the permission to add tokens): a new token, shown on this answer
    only (never stored in clear, never put in a redirect or the session)."""
    if request.method == "POST":
        return _create(request)
    return _page(request, ApiTokenForm())


def _page(request, form: ApiTokenForm, new_token: str | None = None, status: int = 200):
    return render(request, "staff/api_tokens.html", {"form": form, "tokens": api_tokens(), "new_token": new_token},
                  status=status)


@staff_with("learners.add_apitoken")
def _create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, plain = api_token_create(created_by=request.user, **form.cleaned_data)
    messages.success(request, _("Token %(name)s is made. Copy it now: it is not shown again.") % {"name": token.name})
    return _page(request, ApiTokenForm(), new_token=plain)


@staff_with("learners.change_apitoken")
@require_POST
def token_revoke(request, token_id: int):
    token = api_token_revoke(token=get_object_or_404(ApiToken, pk=token_id))
    messages.success(request, _("Token %(name)s is revoked.") % {"name": token.name})
    return redirect("staff-api-tokens")
