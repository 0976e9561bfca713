import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import push, selectors, services
from .forms import PreferencesForm, PushSubscriptionForm
from .http import AuthenticatedRequest
from .models import Notification, NotificationPreference
from .receivers import SESSION_SUBSCRIPTION


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    page = selectors.inbox_page(request.user, request.GET.get("pagina"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def message_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The message; opening it changes nothing. The page posts "read" itself once shown
    (htmx), or the person presses the button: a link checker or a prefetch that follows the
    address from an e-mail leaves the message unread."""
    message = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    return render(request, "notifications/message_detail.html", {"message": message})


@login_required
def message_attachment(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """A file the e-mail had attached (a calendar entry), from the in-app copy of the
    message: only for its recipient, like the message."""
    message = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    if not 1 <= number <= len(message.attachments):
        raise Http404
    attachment = message.attachments[number - 1]
    content_type = attachment["mimetype"]
    if content_type.startswith("text/") and "charset=" not in content_type:
        content_type += "; charset=utf-8"
    response = HttpResponse(attachment["content"], content_type=content_type)
    # Saved, never shown in the site's own origin, whatever its type.
    disposition = content_disposition_header(True, attachment["filename"])
    response["Content-Disposition"] = disposition or "attachment"
    return response


@login_required
@require_POST
def mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    services.inbox_mark_read(user=request.user, notification_ids=[message.pk])
    if request.htmx:
        message.refresh_from_db()
        return render(request, "notifications/_message.html", {"message": message, "oob": True})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = services.inbox_mark_read(user=request.user)
    messages.success(request, _("Marked %(count)s messages as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    saved = NotificationPreference.objects.filter(user=request.user)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        current={p.event: p.delivery for p in saved},
        current_push={p.event: p.push for p in saved},
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user, choices=form.changeable_choices(), push_choices=form.push_choices()
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "push": selectors.push_settings(request.user)},
    )


def _json_error(message: object, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), **extra}, status=status)


def _json_body(request: AuthenticatedRequest) -> object:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None


@login_required
@require_POST
def push_subscribe(request: AuthenticatedRequest) -> JsonResponse:
    """Keep the subscription the browser made (push.js posts its JSON, with the CSRF token
    in a header)."""
    data = _json_body(request)
    if not isinstance(data, dict):
        return _json_error(_("Send the browser's push subscription as JSON."))
    if not push.configured():
        return _json_error(_("Push messages are not available on this site."), status=409)
    form = PushSubscriptionForm.from_json(data)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _json_error(first, errors=form.errors.get_json_data())
    subscription = services.push_subscribe(user=request.user, **form.cleaned_data)
    request.session[SESSION_SUBSCRIPTION] = subscription.pk
    return JsonResponse({"message": _("Push messages are on for this device.")}, status=201)


@login_required
@require_POST
def push_unsubscribe(request: AuthenticatedRequest) -> JsonResponse:
    """Forget this device: push.js posts its endpoint after unsubscribing in the browser."""
    data = _json_body(request)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _json_error(_("Send the endpoint of the browser's push subscription as JSON."))
    services.push_unsubscribe(user=request.user, endpoint=endpoint)
    return JsonResponse({"message": _("Push messages are off for this device.")})


@login_required
@require_POST
def push_unsubscribe_all(request: AuthenticatedRequest) -> HttpResponse:
    """Every device off at once, for example after losing a phone."""
    count = services.push_unsubscribe(user=request.user)
    messages.success(
        request,
        _("Push messages are off on all your devices (%(count)s).") % {"count": count},
    )
    return redirect("teams:profile")
