"""An organisation's webhooks: make one (its secret shown once), see its deliveries, send a
test, try the failed ones again, remove it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from notifications.models import WebhookEndpoint
from notifications.webhooks import REPLAY_WINDOW, SIGNATURE_HEADER, get

from .. import services
from ..forms import WebhookForm
from ..http import AuthenticatedRequest
from ..models import PartnerOrganisation
from ..permissions import can_manage_connections, get_organisation_or_deny, require

# The deliveries an endpoint's page lists, newest first.
DELIVERIES_SHOWN = 30


def _organisation(request: AuthenticatedRequest, pk: int) -> PartnerOrganisation:
    organisation = get_organisation_or_deny(request, pk)
    require(can_manage_connections(request.roles, organisation))
    return organisation


def _endpoint(organisation: PartnerOrganisation, webhook_pk: int) -> WebhookEndpoint:
    return get_object_or_404(organisation.webhooks, pk=webhook_pk)


@login_required
def webhook_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = WebhookForm(request.POST or None)
    endpoint = secret = None
    if request.method == "POST" and form.is_valid():
        endpoint, secret = services.webhook_create(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
    response = render(
        request,
        "teams/webhook_form.html",
        {
            "organisation": organisation,
            "form": form,
            "endpoint": endpoint,
            "secret": secret,
            "signature_header": SIGNATURE_HEADER,
            "replay_minutes": REPLAY_WINDOW // 60,
        },
    )
    response["Cache-Control"] = "no-store"  # the secret is shown once, and not kept
    return response


@login_required
def webhook_detail(request: AuthenticatedRequest, pk: int, webhook_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    endpoint = _endpoint(organisation, webhook_pk)
    return render(
        request,
        "teams/webhook_detail.html",
        {
            "organisation": organisation,
            "endpoint": endpoint,
            "event_labels": [get(code).label for code in endpoint.events],
            "deliveries": endpoint.deliveries.order_by("-created_at", "-pk")[:DELIVERIES_SHOWN],
            "failed": endpoint.deliveries.filter(status="failed").count(),
            "signature_header": SIGNATURE_HEADER,
            "replay_minutes": REPLAY_WINDOW // 60,
        },
    )


@login_required
@require_POST
def webhook_test(request: AuthenticatedRequest, pk: int, webhook_pk: int) -> HttpResponse:
    endpoint = _endpoint(_organisation(request, pk), webhook_pk)
    services.webhook_test(actor=request.user, endpoint=endpoint)
    messages.success(request, _("A test message is on its way. Its result is below."))
    return redirect("teams:webhook_detail", pk, endpoint.pk)


@login_required
@require_POST
def webhook_retry(request: AuthenticatedRequest, pk: int, webhook_pk: int) -> HttpResponse:
    endpoint = _endpoint(_organisation(request, pk), webhook_pk)
    count = services.webhook_retry(actor=request.user, endpoint=endpoint)
    messages.success(
        request,
        ngettext("%(count)d message is sent again.", "%(count)d messages are sent again.", count)
        % {"count": count},
    )
    return redirect("teams:webhook_detail", pk, endpoint.pk)


@login_required
@require_POST
def webhook_delete(request: AuthenticatedRequest, pk: int, webhook_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    endpoint = _endpoint(organisation, webhook_pk)
    services.webhook_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, _("The webhook to %(url)s is removed.") % {"url": endpoint.url})
    return redirect(organisation.get_absolute_url() + "#webhooks")
