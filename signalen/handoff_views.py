"""Hand-off to someone outside the application: the partner's form and revoke, and the
external page a link opens without an account."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from teams.formats import date_format
from teams.http import AuthenticatedRequest

from . import services
from .forms import HandoffAnswerForm, HandoffForm
from .models import ExternalHandoff, ExternalHandoffView, SignalPhoto
from .permissions import Access, get_signal_or_deny, may_hand_off

# Answers posted to one link within the window; more are refused until it has passed. One
# answer is kept in any case: this only stops a script from hammering the form.
ANSWER_POSTS = 10
ANSWER_WINDOW_SECONDS = 600


@login_required
def handoff_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signal, access = get_signal_or_deny(request, pk)
    if access != Access.FULL or not may_hand_off(request.roles, signal):
        raise PermissionDenied
    form = HandoffForm(request.POST or None, has_photos=signal.photos.exists())
    if request.method == "POST" and form.is_valid():
        try:
            handoff = services.handoff_create(
                signal=signal, actor=request.user, handoff=form.handoff()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            until = date_format(timezone.localtime(handoff.expires_at), "j F Y")
            messages.success(
                request,
                _("An e-mail with a link went to %(email)s. The link works until %(date)s.")
                % {"email": handoff.email, "date": until},
            )
            return redirect(signal)
    return render(request, "signalen/handoff_page.html", {"signal": signal, "form": form})


@login_required
@require_POST
def handoff_revoke(request: AuthenticatedRequest, pk: int, handoff_pk: int) -> HttpResponse:
    signal, _access = get_signal_or_deny(request, pk)
    handoff = get_object_or_404(ExternalHandoff, pk=handoff_pk, signal=signal)
    services.handoff_revoke(handoff=handoff, actor=request.user)
    revoked = _("The link to %(email)s no longer works.") % {"email": handoff.email}
    messages.success(request, revoked)
    return redirect(signal)


def external(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page opened from an e-mail without an account: never indexed, never named in a
    Referer header (the address is the key), never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


def _gone(request: HttpRequest, handoff: ExternalHandoff | None) -> HttpResponse:
    """Unknown (404), revoked or expired (410): a clear page, nothing of the signal."""
    return render(
        request,
        "signalen/external_gone.html",
        {"known": handoff is not None},
        status=404 if handoff is None else 410,
    )


def _too_many(handoff: ExternalHandoff) -> bool:
    key = f"handoff-answer-posts:{handoff.pk}"
    cache.add(key, 0, ANSWER_WINDOW_SECONDS)
    try:
        return cache.incr(key) > ANSWER_POSTS
    except ValueError:  # the counter expired between add and incr
        return False


# Exempt from CSRF, for two reasons. Nothing here rests on a cookie: the token in the
# address is the only key, a browser never adds it by itself, and whoever has it can post
# anyway, so a forged cross-site request gains nothing. And the page's
# `Referrer-Policy: no-referrer` (which keeps the address out of Referer headers) makes the
# browser send `Origin: null` with the form, which Django's CSRF check refuses.
@csrf_exempt
@external
def external_handoff(request: HttpRequest, token: str) -> HttpResponse:
    """What the partner shared, and one answer."""
    handoff = services.handoff_find(token)
    if handoff is None or not handoff.is_usable:
        return _gone(request, handoff)
    form = HandoffAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _too_many(handoff):
            form = HandoffAnswerForm()
            messages.error(request, _("Too many attempts. Please try again in ten minutes."))
            status = 429
        elif form.is_valid():
            try:
                services.handoff_answer(handoff=handoff, text=form.cleaned_data["answer"])
            except ValidationError as error:
                form.add_error(None, error)
                status = 409 if error.code == "answered" else 200
                handoff.refresh_from_db()
            else:
                messages.success(request, _("Thank you, your answer was received."))
                return redirect("signalen:external_handoff", token=token)
    else:
        services.handoff_viewed(handoff=handoff)
    signal = handoff.signal
    photos = list(signal.photos.all()) if handoff.share_photos else []
    context = {"handoff": handoff, "signal": signal, "photos": photos, "form": form, "token": token}
    return render(request, "signalen/external_handoff.html", context, status=status)


@external
def external_photo(request: HttpRequest, token: str, photo_pk: int) -> FileResponse:
    """A shared photo, checked against the link like the page itself."""
    handoff = services.handoff_find(token)
    if handoff is None or not handoff.is_usable or not handoff.share_photos:
        raise Http404
    item = get_object_or_404(SignalPhoto, pk=photo_pk, signal_id=handoff.signal_id)
    services.handoff_viewed(handoff=handoff, what=ExternalHandoffView.What.PHOTO)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="foto-{item.pk}.jpg"'
    return response
