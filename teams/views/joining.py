"""How new volunteers find a team: "Doe mee" (from the public page or the QR code on the
sign-up sheet), the coordinator's answer to each request, the public page's settings with
its open evenings, and the printable sign-up sheet."""

from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import qr, selectors, services
from ..forms import JoinRequestForm, OpenEveningForm, PublicPageForm
from ..http import AuthenticatedRequest, Request
from ..models import JoinRequest, OpenEvening, Team
from ..permissions import get_team_or_deny


def join_from_page(request: Request, slug: str) -> HttpResponse:
    team = get_object_or_404(Team, slug=slug, is_public=True, is_active=True)
    return _join(request, team, JoinRequest.Source.PAGE)


def join_from_sheet(request: Request, code: str) -> HttpResponse:
    team = get_object_or_404(Team, join_code=code, is_active=True)
    return _join(request, team, JoinRequest.Source.SHEET)


def _join(request: Request, team: Team, source: str) -> HttpResponse:
    form = JoinRequestForm(request.POST or None)
    refused = None
    if request.method == "POST":
        if not ratelimit.consume(request, action="team_join"):
            refused = _("Many requests came from your connection. Try again in an hour.")
        elif form.is_valid():
            if not form.is_bot:
                services.join_request_create(
                    team=team,
                    first_name=form.cleaned_data["first_name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    source=source,
                )
            return redirect("teams:join_sent")
    return render(
        request,
        "teams/join.html",
        {"team": team, "form": form, "refused": refused},
        status=429 if refused else 200,
    )


def join_sent(request: Request) -> HttpResponse:
    return render(request, "teams/join_sent.html")


@login_required
@require_POST
def join_request_decide(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    join_request = get_object_or_404(team.join_requests, pk=request_pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        return HttpResponseBadRequest(_("Choose to invite or to decline."))
    approve = decision == "approve"
    name = join_request.first_name
    try:
        services.join_request_decide(actor=request.user, join_request=join_request, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (_("%(name)s is invited.") if approve else _("The request of %(name)s is declined."))
            % {"name": name},
        )
    return redirect(reverse("teams:team_detail", args=[team.pk]) + "#join-requests")


@login_required
def team_public(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The public page's settings and the team's open evenings."""
    team = get_team_or_deny(request, pk, manage=True)
    page_form = PublicPageForm(
        request.POST if "save_page" in request.POST else None,
        team=team,
        initial={"is_public": team.is_public, "slug": team.slug, "public_intro": team.public_intro},
    )
    evening_form = OpenEveningForm(request.POST if "add_evening" in request.POST else None)
    if "save_page" in request.POST and page_form.is_valid():
        services.public_page_update(
            actor=request.user,
            team=team,
            is_public=page_form.cleaned_data["is_public"],
            slug=page_form.cleaned_data["slug"],
            intro=page_form.cleaned_data["public_intro"],
        )
        messages.success(request, _("The public page is saved."))
        return redirect("teams:team_public", team.pk)
    if "add_evening" in request.POST and evening_form.is_valid():
        data = evening_form.cleaned_data
        services.open_evening_add(
            actor=request.user,
            team=team,
            starts_at=data["starts_at"],
            place=data["place"],
            note=data["note"],
        )
        messages.success(request, _("The open evening is added."))
        return redirect("teams:team_public", team.pk)
    return render(
        request,
        "teams/team_public.html",
        {
            "team": team,
            "page_form": page_form,
            "evening_form": evening_form,
            "evenings": selectors.open_evenings(team),
        },
    )


@login_required
@require_POST
def open_evening_remove(request: AuthenticatedRequest, pk: int, evening_pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    evening = get_object_or_404(OpenEvening, pk=evening_pk, team=team)
    services.open_evening_remove(actor=request.user, evening=evening)
    messages.success(request, _("The open evening is removed."))
    return redirect("teams:team_public", team.pk)


@login_required
def join_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A page to print for a meeting in the community centre: its QR code leads to "Doe mee"
    for this team. Renewing the code makes sheets printed before stop working."""
    team = get_team_or_deny(request, pk, manage=True)
    renew = request.method == "POST" and "renew" in request.POST
    code = services.join_code(actor=request.user, team=team, renew=renew)
    if renew:
        messages.success(request, _("Sheets printed before no longer work."))
        return redirect("teams:join_sheet", team.pk)
    # The site's own address (SITE_URL), not the one this request came in on: a sheet lasts.
    url = settings.SITE_URL + reverse("teams:join_from_sheet", args=[code])
    return render(
        request,
        "teams/join_sheet.html",
        {
            "team": team,
            "url": url,
            "qr_svg": qr.svg(url),
            "evenings": selectors.open_evenings(team),
        },
    )
