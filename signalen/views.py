"""Signals: report, follow, triage, map, export, statistics."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from privacy.models import AccessLogEntry
from privacy.services import access_log_add
from teams.csv_export import csv_response
from teams.formats import date_format
from teams.http import AuthenticatedRequest, form_refused, form_saved
from teams.models import Neighbourhood, Observation
from teams.permissions import get_log_or_deny
from teams.roles import Roles
from teams.services import SignalDraft, observation_signal_draft

from . import selectors, services, workflow
from .forms import (
    FEEDBACK_PHRASES,
    ActionForm,
    HandoffForm,
    InboxFilter,
    ReportForm,
    RoutingCheckForm,
)
from .models import HOTLINE_NUMBERS, Category, Signal, SignalEvent, SignalPhoto
from .permissions import (
    Access,
    access_to,
    available_actions,
    check_action,
    get_signal_or_deny,
    may_hand_off,
    may_move_with,
    signal_roles,
)
from .routing import route_for

# How long a computed statistics page is kept at most; a change to any signal ends it sooner.
STATISTICS_CACHE_SECONDS = 3600

PER_PAGE = 25


def _require_admin(request: AuthenticatedRequest) -> None:
    if not request.roles.is_admin:
        raise PermissionDenied


@login_required
def signal_list(request: AuthenticatedRequest) -> HttpResponse:
    """My signals, and for coordinators their team's signals."""
    team_ids = request.roles.coordinated_team_ids
    mine = Paginator(selectors.my_signals(request.user), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    team = (
        Paginator(selectors.team_signals(team_ids), PER_PAGE).get_page(request.GET.get("team"))
        if team_ids
        else None
    )
    return render(request, "signalen/signal_list.html", {"mine": mine, "team": team})


@login_required
def signal_create(request: AuthenticatedRequest) -> HttpResponse:
    roles = request.roles
    if not roles.memberships:
        raise PermissionDenied
    observation = _observation_from(request)
    draft = observation_signal_draft(observation) if observation is not None else None
    initial = _initial_from(draft, roles) if draft is not None else {}
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        memberships=roles.memberships,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        report = form.report()
        membership = form.cleaned_data["team"]
        try:
            signal = services.signal_report(
                reporter=request.user,
                team=membership.team,
                report=_with_source(report, observation),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _what_happens_next(signal))
            return form_saved(request, signal)
    return form_refused(
        request,
        "signalen/signal_form.html",
        {"form": form, "categories": form.categories, "hotlines": HOTLINE_NUMBERS,
         "observation": observation, "draft": draft, "map_config": json.dumps(_map_config(roles))},
    )  # fmt: skip


def _what_happens_next(signal: Signal) -> str:
    """The confirmation: who receives the signal and what happens next, in plain words."""
    thanks = _("Thank you! Your signal has been passed on.")
    if signal.responsible is None:
        return " ".join(
            [thanks, _("The region sends it on to the organisation that can act on it.")]
        )
    then = _("%(organisation)s has received it and lets your team know what they do with it.")
    return " ".join([thanks, then % {"organisation": signal.responsible.name}])


def _observation_from(request: AuthenticatedRequest) -> Observation | None:
    pk = request.GET.get("waarneming", "")
    if not pk.isdigit():
        return None
    observation = get_object_or_404(Observation.objects.select_related("log__shift"), pk=pk)
    get_log_or_deny(request, observation.log_id)
    return observation


def _initial_from(draft: SignalDraft, roles: Roles) -> dict[str, object]:
    """The report's fields as the page fills them in: values as the form posts them (a
    primary key, not an object, or the hidden team field would carry its text). The street
    stays empty: a patrol area is not where the thing was seen."""
    category = Category.objects.active().filter(code=draft.category_code).first()
    membership = roles.membership_for(draft.team_id)
    return {
        "category": category.pk if category else None,
        "observed_at": timezone.localtime(draft.observed_at),
        "team": membership.pk if membership else None,
    }


def _with_source(report, observation):
    return report if observation is None else replace(report, source_observation=observation)


def _map_config(roles) -> dict:
    neighbourhoods = {
        n.pk: n for team in roles.teams for n in team.neighbourhoods.all() if n.boundary
    }
    return _map_base(neighbourhoods.values())


def _map_base(neighbourhoods: Iterable[Neighbourhood]) -> dict:
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "icon": static("vendor/leaflet/images/marker-icon.png"),
        "icon2x": static("vendor/leaflet/images/marker-icon-2x.png"),
        "shadow": static("vendor/leaflet/images/marker-shadow.png"),
        "areas": [
            {"id": n.pk, "name": n.name, "boundary": n.boundary}
            for n in neighbourhoods
            if n.boundary
        ],
    }


def _signal_map_config(signal: Signal, access: Access) -> str | None:
    """The signal's point in its neighbourhood, for those who read all of it; never for a
    care signal (they never appear on a map), nor once its place was made coarse at the end
    of its retention period."""
    if (
        access != Access.FULL
        or signal.is_care
        or signal.anonymised_at is not None
        or signal.latitude is None
        or signal.longitude is None
    ):
        return None
    neighbourhoods = [signal.neighbourhood] if signal.neighbourhood else []
    point = {"lat": float(signal.latitude), "lng": float(signal.longitude), "title": signal.address}
    return json.dumps({**_map_base(neighbourhoods), "points": [point]})


@login_required
def signal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signal, access = get_signal_or_deny(request, pk)
    if access == Access.FULL and signal.is_care:
        access_log_add(
            request=request,
            action=AccessLogEntry.Action.CARE_SIGNAL_READ,
            object_type=AccessLogEntry.Subject.SIGNAL,
            object_id=signal.pk,
        )
    context = {
        "signal": signal,
        "access": access,
        "full": access == Access.FULL,
        "map_config": _signal_map_config(signal, access),
    }
    if access == Access.FULL:
        context.update(
            events=selectors.timeline(signal),
            photos=list(signal.photos.all()),
            actions=available_actions(request.roles, signal),
            phrases=FEEDBACK_PHRASES,
        )
        context.update(_handoff_context(request, signal, context))
    return render(request, "signalen/signal_detail.html", context)


def _handoff_context(request: AuthenticatedRequest, signal: Signal, page: dict) -> dict:
    """The external hand-offs, for the responsible organisation only: whom it asked (read
    only when the timeline shows there are any), and the form to ask someone (for a
    normal open signal)."""
    if workflow.PARTNER not in signal_roles(request.roles, signal):
        return {}
    handed_off = any(event.kind == SignalEvent.Kind.HANDOFF for event in page["events"])
    form = HandoffForm(has_photos=bool(page["photos"]))
    return {
        "handoffs": list(signal.handoffs.all()) if handed_off else [],
        "handoff_form": form if may_hand_off(request.roles, signal) else None,
    }


@login_required
def signal_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """One move on a signal. htmx loads the form in place and swaps the result back."""
    signal, access = get_signal_or_deny(request, pk)
    if not may_move_with(access, action):
        raise Http404
    transition = check_action(request, signal, action)
    # A move without fields posts an empty body: bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, transition=transition, signal=signal)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_act(
                signal=signal, action=action, actor=request.user, **form.act_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, services.confirmation(signal, action, actor=request.user))
            if request.htmx and request.POST.get("row"):
                return _inbox_row(request, signal.pk)
            return redirect(_after_move(request, signal))
    row = request.GET.get("row") or request.POST.get("row")
    template = "signalen/_action_form.html" if request.htmx else "signalen/action_page.html"
    response = render(
        request,
        template,
        {"signal": signal, "form": form, "transition": transition, "phrases": FEEDBACK_PHRASES,
         "row": row, "summary_only": access != Access.FULL},
    )  # fmt: skip
    if request.htmx and row and request.method == "POST":
        # A form with errors goes back into the row's form slot, not over the row.
        response = reswap(retarget(response, f"#signal-form-{signal.pk}"), "innerHTML")
    return response


def _after_move(request: AuthenticatedRequest, signal: Signal) -> str:
    """Where a person goes after a move: back where they came from, or to the signal; but
    to their inbox when the move took the signal out of their hands (forwarded to another
    organisation, sent back to the region), since its page is no longer theirs to read."""
    if access_to(request.roles, signal) != Access.FULL:
        roles = request.roles
        if roles.is_admin and not roles.is_partner:
            return reverse("signalen:regional_queue")
        return reverse("signalen:partner_inbox" if roles.is_partner else "home")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return signal.get_absolute_url()


def _inbox_row(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signals = selectors.partner_inbox(request.roles.organisation_ids).filter(pk=pk)
    signal = next(iter(selectors.inbox_rows(signals)), None)
    if signal is None:
        return HttpResponse("")  # forwarded or rejected: the row leaves this inbox
    signal.actions = available_actions(request.roles, signal)
    return render(request, "signalen/_inbox_row.html", {"signal": signal, "now": timezone.now()})


@login_required
def photo(request: AuthenticatedRequest, pk: int, photo_pk: int) -> FileResponse:
    """Photos are never public files: each request is checked like the signal itself."""
    signal, access = get_signal_or_deny(request, pk)
    if access != Access.FULL:
        raise Http404
    item = get_object_or_404(SignalPhoto, pk=photo_pk, signal=signal)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="signaal-{signal.pk}-{item.pk}.jpg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def partner_inbox(request: AuthenticatedRequest) -> HttpResponse:
    """The partner dashboard: the organisation's signals by deadline, with quick actions."""
    if not request.roles.is_partner:
        raise PermissionDenied
    organisation_ids = request.roles.organisation_ids
    data = request.GET.copy()
    if "status" not in data and not data.get("overdue"):
        data.setlist("status", ["new", "acknowledged", "in_progress", "waiting"])
    filters = InboxFilter(
        data, queryset=selectors.partner_inbox(organisation_ids), organisation_ids=organisation_ids
    )
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("pagina"))
    assert isinstance(page.object_list, QuerySet)  # a page of the filtered queryset
    page.object_list = selectors.inbox_rows(page.object_list)
    for signal in page.object_list:
        signal.actions = available_actions(request.roles, signal)
    informed = selectors.informed_signals(organisation_ids)[:10]
    return render(
        request,
        "signalen/partner_inbox.html",
        {"filters": filters, "page": page, "informed": informed, "now": timezone.now(),
         "query": _query_without_page(request)},
    )  # fmt: skip


def _query_without_page(request: AuthenticatedRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@login_required
def regional_queue(request: AuthenticatedRequest) -> HttpResponse:
    _require_admin(request)
    return render(
        request, "signalen/regional_queue.html", {"signals": selectors.regional_queue()[:200]}
    )


@login_required
def routing_check(request: AuthenticatedRequest) -> HttpResponse:
    """'Who receives a signal of category X in neighbourhood Y?'"""
    _require_admin(request)
    form = RoutingCheckForm(request.GET or None)
    rule = None
    if form.is_bound and form.is_valid():
        rule = route_for(form.cleaned_data["category"], form.cleaned_data["neighbourhood"])
    return render(
        request, "signalen/routing_check.html", {"form": form, "rule": rule, "asked": form.is_bound}
    )


@login_required
def signal_map(request: AuthenticatedRequest) -> HttpResponse:
    """Normal signals on a map with a list beside it; care signals never appear."""
    signals = selectors.map_signals(request.roles)
    points = [
        {
            "lat": float(s.latitude),
            "lng": float(s.longitude),
            "title": f"#{s.pk} {s.category.name}",
            "status": s.get_status_display(),
            "url": s.get_absolute_url(),
        }
        for s in signals
        if s.latitude is not None and s.longitude is not None
    ]
    config = {**_map_config(request.roles), "points": points}
    return render(
        request, "signalen/map.html", {"signals": signals, "map_config": json.dumps(config)}
    )


@login_required
def signal_export(request: AuthenticatedRequest) -> HttpResponse:
    """CSV of the signals this person may read; no reporter data at all."""
    rows = selectors.export_rows(request.roles)
    access_log_add(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        object_type=AccessLogEntry.Subject.SIGNALS,
        detail=f"{rows.count()} signals",
    )
    header = [_("number"), _("reported"), _("category"), _("care"), _("neighbourhood"),
              _("street"), _("status"), _("responsible organisation"), _("acknowledged"),
              _("resolved"), _("description"), _("feedback")]  # fmt: skip
    return csv_response("signalen.csv", header, _signal_rows(rows))


def _signal_rows(signals):
    for signal in signals:
        yield [
            signal.pk,
            _local(signal.created_at),
            str(signal.category),
            _("yes") if signal.is_care else _("no"),
            signal.neighbourhood.name if signal.neighbourhood else "",
            signal.street,
            signal.get_status_display(),
            signal.responsible.name if signal.responsible else _("regional queue"),
            _local(signal.acknowledged_at),
            _local(signal.resolved_at),
            signal.description,
            signal.feedback,
        ]


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""


@login_required
def watch(request: AuthenticatedRequest) -> HttpResponse:
    """The disproportionality watch: where reports lean on appearance, and which places are
    reported again and again. Input for the training's session on reporting well, so it is
    for the training coordinators (and the administrators)."""
    if not request.roles.is_training_coordinator:
        raise PermissionDenied
    report = selectors.description_watch(today=timezone.localdate())
    chart = {
        "type": "bar",
        "stacked": True,
        "labels": [date_format(month, "M Y") for month in report.months],
        "datasets": [{"label": t.team, "data": t.per_month} for t in report.teams if t.flagged],
    }
    places_chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [f"{p.street} ({p.neighbourhood})" for p in report.places],
        "datasets": [
            {"label": _("Signals"), "data": [p.signals for p in report.places]},
            {"label": _("People who reported"), "data": [p.reporters for p in report.places]},
        ],
    }
    return render(
        request,
        "signalen/watch.html",
        {
            "report": report,
            "chart": json.dumps(chart) if chart["datasets"] else None,
            "places_chart": json.dumps(places_chart),
        },
    )


@login_required
def region_statistics(request: AuthenticatedRequest) -> HttpResponse:
    """The figures are computed only when the page's cached body is missing or out of date
    (see `selectors.statistics_version`)."""
    _require_admin(request)
    today = timezone.localdate()
    return render(
        request,
        "signalen/statistics.html",
        {
            "version": selectors.statistics_version(today),
            "language": get_language(),
            "figures": SimpleLazyObject(lambda: _statistics_figures(today)),
            "cache_seconds": STATISTICS_CACHE_SECONDS,
        },
    )


def _statistics_figures(today: datetime.date) -> dict:
    stats = selectors.region_statistics(today=today)
    labels = [date_format(month, "M Y") for month in stats.months]
    category_chart = {
        "type": "bar",
        "stacked": True,
        "labels": labels,
        "datasets": [{"label": name, "data": data} for name, data in stats.per_category.items()],
    }
    organisation_chart = {
        "type": "bar",
        "labels": [row["name"] for row in stats.per_organisation],
        "datasets": [
            {
                "label": str(_("Median hours to acknowledge")),
                "data": [row["acknowledge_hours"] for row in stats.per_organisation],
            },
            {
                "label": str(_("Median days to resolve")),
                "data": [row["resolve_days"] for row in stats.per_organisation],
            },
        ],
    }
    neighbourhood_chart = {
        "type": "bar",
        "labels": [name for name, _n in stats.per_neighbourhood],
        "datasets": [
            {"label": str(_("Signals")), "data": [n for _name, n in stats.per_neighbourhood]}
        ],
    }
    return {
        "stats": stats,
        "category_chart": json.dumps(category_chart),
        "organisation_chart": json.dumps(organisation_chart),
        "neighbourhood_chart": json.dumps(neighbourhood_chart),
        "feedback_share": _share(stats.resolved_with_feedback, stats.resolved),
        "flagged_share": _share(stats.flagged, stats.total),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
