from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferencesForm
from .http import AuthenticatedRequest
from .models import Notification, NotificationPreference


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    page = selectors.inbox_page(request.user, request.GET.get("pagina"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def message_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    if message.read_at is None:
        services.inbox_mark_read(user=request.user, notification_ids=[message.pk])
    return render(request, "notifications/message_detail.html", {"message": message})


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
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("event", "delivery")
    )
    form = PreferencesForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.changeable_choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
