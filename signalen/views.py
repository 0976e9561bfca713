"""Signals: report, follow, triage, map, export, statistics."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from dataclasses import replace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from notifications import versions
from notifications.cache import token_key
from privacy.models import AccessLogEntry
from privacy.services import access_log_add
from teams.charts import Axis, Series, bar_chart
from teams.csv_export import csv_stream
from teams.formats import date_format
from teams.http import AuthenticatedRequest, form_refused, form_saved, on_this_site
from teams.maps import map_base
from teams.models import Observation, PartnerMembership
from teams.permissions import get_log_or_deny
from teams.roles import Roles
from teams.services import SignalDraft, observation_signal_draft
from teams.text_checks import mask_personal_data

from . import deadlines, limits, receivers, selectors, services, workflow
from .forms import (
    FEEDBACK_PHRASES,
    ActionForm,
    BulkActionForm,
    ExportFilter,
    HandoffForm,
    InboxFilter,
    MessageForm,
    ObservationForm,
    ReportForm,
    RoutingCheckForm,
    SavedFilterForm,
    inbox_query,
)
from .models import HOTLINE_NUMBERS, Category, Signal, SignalEvent, SignalPhoto, Status
from .permissions import (
    Access,
    access_to,
    available_actions,
    check_action,
    get_saved_filter_or_404,
    get_signal_or_deny,
    may_add_observation,
    may_hand_off,
    may_move_with,
    may_talk,
    signal_roles,
    talk_closes_at,
    talk_side,
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
    sending = request.method == "POST" and "al_gemeld" not in request.POST
    refusal = limits.report_refusal(request) if sending else None
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        # Refused: the form again with what was typed, and no photo decoded.
        (request.FILES or None) if refusal is None else None,
        memberships=roles.memberships,
        initial=initial,
    )
    if refusal is not None:
        form.add_error(None, refusal)
    sent = form
    if request.method == "POST" and "al_gemeld" in request.POST:
        # "Al gemeld?" without JavaScript: the same page with what was filled in, and the
        # suggestions; nothing is sent and nothing is refused yet.
        form = ReportForm(memberships=roles.memberships, initial=request.POST.dict())
    elif request.method == "POST" and form.is_valid():
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
            limits.report_counted(request)
            messages.success(request, _what_happens_next(signal))
            return form_saved(request, signal)
    # "Al gemeld?" only when the page is shown again: a report that is sent needs no suggestions.
    similar = _similar(request, sent) if sent.is_bound else None
    return form_refused(
        request,
        "signalen/signal_form.html",
        {"form": form, "categories": form.categories, "hotlines": HOTLINE_NUMBERS,
         "observation": observation, "draft": draft, "map_config": json.dumps(_map_config(roles)),
         "similar": similar, "now": timezone.now()},
    )  # fmt: skip


def _similar(request: AuthenticatedRequest, form: ReportForm) -> list[Signal] | None:
    """None until the category and the place are known."""
    category, place = form.similar_query()
    if category is None or not (place.street or place.has_point):
        return None
    return selectors.similar_signals(
        request.roles, category=category, place=place, now=timezone.now()
    )


@login_required
def similar_signals(request: AuthenticatedRequest) -> HttpResponse:
    """ "Al gemeld?": open signals like the one being reported, for the report form's step
    after the place (htmx); the form itself shows them too when sent without JavaScript."""
    roles = request.roles
    if not roles.memberships:
        raise PermissionDenied
    form = ReportForm(request.GET, memberships=roles.memberships)
    return render(
        request,
        "signalen/_similar.html",
        {"similar": _similar(request, form), "now": timezone.now()},
    )


@login_required
def signal_add_observation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add what you saw to a signal that was reported already, instead of a new one."""
    signal, _access = get_signal_or_deny(request, pk)
    if not may_add_observation(request.roles, signal):
        raise PermissionDenied
    form = ObservationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_add_observation(signal=signal, actor=request.user, **form.add_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, services.observation_confirmation(signal, actor=request.user))
            return redirect(signal)
    return render(request, "signalen/observation_form.html", {"signal": signal, "form": form})


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
    return map_base(neighbourhoods.values())


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
    return json.dumps({**map_base(neighbourhoods), "points": [point]})


def _page_key(request: AuthenticatedRequest) -> tuple:
    """What a page kept in the cache (`versions.cached`) is made for besides its address and
    the database: the person and their roles, the language, the session's CSRF secret (its
    forms' tokens are made from it: another login makes the page again) and the minute (it
    says "nog 3 uur" and "5 minuten geleden")."""
    get_token(request)  # sets the secret when the session has none yet
    minute = timezone.now().replace(second=0, microsecond=0)
    return (
        request.roles.signature, get_language(), request.META["CSRF_COOKIE"], minute.timestamp()
    )  # fmt: skip


@login_required
def signal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The signal's page; its content kept in the cache like the inbox's (`partner_inbox`):
    every write to a signal, its events, photos or hand-offs renews the signals' version."""
    keys = [versions.SIGNALS, versions.DIRECTORY]
    found = versions.read(keys)  # before the signal is read
    signal, access = get_signal_or_deny(request, pk)
    map_config = _signal_map_config(signal, access)
    content = versions.cached(
        "signal",
        (*_page_key(request), pk),
        keys,
        lambda: _signal_content(request, signal, access, MessageForm(), map_config),
        found,
    )
    return _signal_page(request, signal, access, content, map_config)


def _signal_page(
    request: AuthenticatedRequest,
    signal: Signal,
    access: Access,
    content: str,
    map_config: str | None,
) -> HttpResponse:
    if access == Access.FULL and signal.is_care:
        access_log_add(
            request=request,
            action=AccessLogEntry.Action.CARE_SIGNAL_READ,
            object_type=AccessLogEntry.Subject.SIGNAL,
            object_id=signal.pk,
        )
    context = {
        "signal": signal,
        "full": access == Access.FULL,
        "map_config": map_config,
        "content": mark_safe(content),  # our own template's, as it was rendered
    }
    return form_refused(request, "signalen/signal_detail.html", context)


def _signal_content(
    request: AuthenticatedRequest,
    signal: Signal,
    access: Access,
    message_form: MessageForm,
    map_config: str | None,
) -> str:
    context = {
        "signal": signal,
        "access": access,
        "full": access == Access.FULL,
        "map_config": map_config,
        "original": _original(request, signal) if access == Access.FULL else None,
        "may_add": may_add_observation(request.roles, signal),
    }
    if access == Access.FULL:
        side = talk_side(request.roles, signal)
        context.update(
            entries=selectors.conversation(signal, selectors.timeline(signal)),
            photos=list(signal.photos.all()),
            actions=available_actions(request.roles, signal),
            phrases=FEEDBACK_PHRASES,
            side=side,
            message_form=message_form if may_talk(request.roles, signal) else None,
            talk_closes_at=talk_closes_at(signal) if side else None,
        )
        context.update(_handoff_context(request, signal, context))
    return render_to_string("signalen/_signal_content.html", context, request)


@login_required
@require_POST
def signal_message(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A message in the conversation on the signal's page."""
    signal, access = get_signal_or_deny(request, pk)
    if access != Access.FULL:
        raise Http404
    if talk_side(request.roles, signal) is None:
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.signal_message(
                signal=signal, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            done = services.confirmation(signal, SignalEvent.Kind.MESSAGE, actor=request.user)
            messages.success(request, done)
            return form_saved(request, f"{signal.get_absolute_url()}#gesprek")
    map_config = _signal_map_config(signal, access)
    content = _signal_content(request, signal, access, form, map_config)
    return _signal_page(request, signal, access, content, map_config)


def _original(request: AuthenticatedRequest, signal: Signal) -> tuple[Signal, bool] | None:
    """The signal this one repeats, and whether the reader may open it."""
    if signal.duplicate_of_id is None:
        return None
    original = Signal.objects.prefetch_related("informed").get(pk=signal.duplicate_of_id)
    return original, access_to(request.roles, original) == Access.FULL


def _handoff_context(request: AuthenticatedRequest, signal: Signal, page: dict) -> dict:
    """The external hand-offs, for the responsible organisation only: whom it asked (read
    only when the timeline shows there are any), and the form to ask someone (for a
    normal open signal)."""
    if workflow.PARTNER not in signal_roles(request.roles, signal):
        return {}
    handed_off = any(e.event.kind == SignalEvent.Kind.HANDOFF for e in page["entries"])
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
    return on_this_site(request, request.POST.get("next", ""), signal.get_absolute_url())


def _inbox_row(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signals = selectors.partner_inbox(request.roles.organisation_ids).filter(pk=pk)
    rows = _rendered_rows(_inbox_rows(request, selectors.inbox_rows(signals)))
    # Empty when forwarded or rejected: the row leaves this inbox.
    return HttpResponse("".join(rows))


def _inbox_rows(request: AuthenticatedRequest, signals: list[Signal]) -> list[Signal]:
    """What each row shows beyond its fields, worked out here rather than in the template
    (which is the page's slowest part): the signal's address, its moves with their addresses
    (the first ones as buttons, the rest under "More"), the deadline and age in words.
    Addresses are the signal's number added to one prefix, reversed once."""
    now = timezone.now()
    prefix = reverse("signalen:signal_detail", args=[0]).removesuffix("0/")
    for signal in signals:
        signal.url = url = f"{prefix}{signal.pk}/"
        signal.primary_moves, signal.more_moves = [], []
        for move in available_actions(request.roles, signal):
            (signal.primary_moves if move.primary else signal.more_moves).append(
                workflow.OfferedMove(str(move.label), f"{url}actie/{move.action}/", move.needs_form)
            )
        deadline = signal.deadline  # type: ignore[attr-defined]  # see selectors.with_deadline
        signal.late = deadline is not None and deadline < now
        signal.deadline_words = deadlines.in_words(deadline, now)
        signal.age_words = deadlines.ago(signal.created_at, now)
    return signals


ROW_SECONDS = 24 * 3600


@functools.cache
def _row_template() -> tuple[Template, str]:
    """The row's template, and a digest of its text (part of every row's key)."""
    template = get_template("signalen/_inbox_row.html").template  # type: ignore[attr-defined]
    return template, hashlib.sha256(template.source.encode()).hexdigest()


def _rendered_rows(signals: list[Signal]) -> list[SafeString]:
    """The rows' markup, each kept in the cache under everything it shows (so no write needs
    to tell it: a row that shows something else has another key), made where missing."""
    template, version = _row_template()
    language, zone = get_language(), timezone.get_current_timezone_name()
    keyed = {}
    for signal in signals:
        shows = (
            version, language, zone, signal.pk, signal.url, signal.category.name,
            signal.is_care, signal.age_words, signal.assignee and signal.assignee.first_name,
            signal.street, signal.neighbourhood and signal.neighbourhood.name, signal.status,
            signal.deadline, signal.late, signal.deadline_words,  # type: ignore[attr-defined]
            signal.primary_moves, signal.more_moves,
        )  # fmt: skip
        keyed["inbox-row:" + hashlib.sha256(repr(shows).encode()).hexdigest()] = signal
    found = cache.get_many(list(keyed))
    made = {
        key: template.render(Context({"signal": signal}))
        for key, signal in keyed.items()
        if key not in found
    }
    if made:
        cache.set_many(made, ROW_SECONDS)
    return [mark_safe(found.get(key) or made[key]) for key in keyed]


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


def _partner_roles(request: AuthenticatedRequest) -> list[int]:
    if not request.roles.is_partner:
        raise PermissionDenied
    return request.roles.organisation_ids


@login_required
def partner_inbox(request: AuthenticatedRequest) -> HttpResponse:
    """The partner dashboard: the organisation's signals by deadline (or as sorted), searched
    and filtered as the address says, with quick and bulk actions and saved filters.

    Its content is kept in the cache for the address (`_page_key`), under the versions of
    what it is made of: every signal, the directory (categories, places, organisations,
    names) and the person's saved filters. Any write to one of them makes it again."""
    organisation_ids = _partner_roles(request)
    content = versions.cached(
        "inbox",
        (*_page_key(request), request.GET.urlencode()),
        [versions.SIGNALS, versions.DIRECTORY,
         token_key(receivers.SAVED_FILTERS, request.user.pk)],
        lambda: _inbox_content(request, organisation_ids),
    )  # fmt: skip
    # Our own template's output, kept as it was rendered.
    return render(request, "signalen/partner_inbox.html", {"content": mark_safe(content)})


def _inbox_content(request: AuthenticatedRequest, organisation_ids: list[int]) -> str:
    data = request.GET.copy()
    if "status" not in data and not data.get("overdue"):
        data.setlist("status", ["new", "acknowledged", "in_progress", "waiting"])
    filters = InboxFilter(
        data, queryset=selectors.partner_inbox(organisation_ids), organisation_ids=organisation_ids
    )
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("pagina"))
    assert isinstance(page.object_list, QuerySet)  # a page of the filtered queryset
    page.object_list = _rendered_rows(
        _inbox_rows(request, selectors.inbox_rows(page.object_list, sort=filters.chosen_sort))
    )
    informed = selectors.informed_signals(organisation_ids)[:10]
    query = inbox_query(request.GET)
    # The bulk form's choices, each read once (a form field would count them first).
    bulk = BulkActionForm(
        signals=Signal.objects.none(),
        colleagues=PartnerMembership.objects.none(),
        auto_id="bulk-%s",  # apart from the ids of a move's form opened in a row
    )
    colleagues = list(selectors.colleagues(organisation_ids))
    organisations = list(bulk.fields["organisation"].queryset)  # type: ignore[attr-defined]
    return render_to_string(
        "signalen/_inbox_content.html",
        {"filters": filters, "page": page, "rows": page.object_list, "informed": informed,
         "query": query, "bulk": bulk, "colleagues": colleagues, "organisations": organisations,
         "saved_filters": selectors.saved_filters(request.user),
         "searching": any(request.GET.get(f) for f in ("category", "neighbourhood", "overdue")),
         "inbox_url": reverse("signalen:partner_inbox")},
        request,
    )  # fmt: skip


def _back_to_inbox(query: str) -> str:
    url = reverse("signalen:partner_inbox")
    return f"{url}?{query}" if query else url


def _refused(request: AuthenticatedRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_POST
def inbox_bulk(request: AuthenticatedRequest) -> HttpResponse:
    """One move for the ticked signals, all or nothing (services.signal_act_many)."""
    organisation_ids = _partner_roles(request)
    query = inbox_query(QueryDict(request.POST.get("query", "")))
    form = BulkActionForm(
        request.POST,
        signals=selectors.partner_inbox(organisation_ids),
        colleagues=selectors.colleagues(organisation_ids),
    )
    if not form.is_valid():
        _refused(request, form)
        return redirect(_back_to_inbox(query))
    kwargs = form.act_kwargs()
    try:
        moved = services.signal_act_many(actor=request.user, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, services.confirmation_many(moved, kwargs["action"], request.user))
    return redirect(_back_to_inbox(query))


@login_required
@require_POST
def saved_filter_create(request: AuthenticatedRequest) -> HttpResponse:
    _partner_roles(request)
    form = SavedFilterForm(request.POST)
    query = inbox_query(QueryDict(request.POST.get("query", "")))
    if not form.is_valid():
        _refused(request, form)
        return redirect(_back_to_inbox(query))
    try:
        saved = services.saved_filter_save(
            user=request.user, name=form.cleaned_data["name"], query=query
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Filter %(name)s saved.") % {"name": saved.name})
    return redirect(_back_to_inbox(query))


@login_required
@require_POST
def saved_filter_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _partner_roles(request)
    saved = get_saved_filter_or_404(request, pk)
    services.saved_filter_delete(saved=saved)
    messages.success(request, _("Filter %(name)s deleted.") % {"name": saved.name})
    return redirect(_back_to_inbox(inbox_query(QueryDict(request.POST.get("query", "")))))


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
def signal_export(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """CSV of the signals this person may read, with the inbox's filters and a date range; no
    reporter data at all, and no house number: in the free text phone numbers, licence plates,
    e-mail addresses and house numbers are masked (`mask_personal_data`). Streamed while it
    is read, so any number of rows takes the same memory and the first bytes leave at once.

    The access log gets an entry with the filters before the first row, and the numbers of
    the signals in parts as they are sent (`services.signals_logged` says what that
    guarantees). Filters that do not make sense are refused with the form and what to
    correct: nothing is exported or logged."""
    roles = request.roles
    filters = ExportFilter(
        request.GET,
        queryset=selectors.export_rows(roles),
        organisation_ids=roles.organisation_ids,
    )
    if not filters.is_valid():
        return render(request, "signalen/export_refused.html", {"filters": filters}, status=400)
    entry = access_log_add(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        object_type=AccessLogEntry.Subject.SIGNALS,
        detail=filters.described(),
    )
    header = [_("number"), _("reported"), _("category"), _("care"), _("neighbourhood"),
              _("street"), _("status"), _("responsible organisation"), _("acknowledged"),
              _("resolved"), _("description"), _("feedback")]  # fmt: skip
    rows = _signal_rows(services.signals_logged(entry, filters.qs))
    return csv_stream("signalen.csv", header, rows)


def _signal_rows(signals):
    # The words every row repeats, translated once rather than once a row.
    statuses = {value: str(label) for value, label in Status.choices}
    yes, no, queue = _("yes"), _("no"), _("regional queue")
    for signal in signals:
        yield [
            signal.pk,
            _local(signal.created_at),
            str(signal.category),
            yes if signal.is_care else no,
            signal.neighbourhood.name if signal.neighbourhood else "",
            mask_personal_data(signal.street),
            statuses.get(signal.status, signal.status),
            signal.responsible.name if signal.responsible else queue,
            _local(signal.acknowledged_at),
            _local(signal.resolved_at),
            mask_personal_data(signal.description, streets=[signal.street]),
            mask_personal_data(signal.feedback, streets=[signal.street]),
        ]


def _local(moment) -> str:
    """Year-month-day hours:minutes in local time, the same in every language."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@login_required
def watch(request: AuthenticatedRequest) -> HttpResponse:
    """The disproportionality watch: where reports lean on appearance, and which places are
    reported again and again. Input for the training's session on reporting well, so it is
    for the training coordinators (and the administrators)."""
    if not request.roles.is_training_coordinator:
        raise PermissionDenied
    report = selectors.description_watch(today=timezone.localdate())
    chart = bar_chart(
        [date_format(month, "M Y") for month in report.months],
        [Series(t.team, t.per_month) for t in report.teams if t.flagged],
        category=_("Month"),
        value=Axis(_("Descriptions asked to rewrite (number)")),
        stacked=True,
        other=_("Other teams"),
    )
    places_chart = bar_chart(
        [f"{p.street} ({p.neighbourhood})" for p in report.places],
        [
            Series(_("Signals"), [p.signals for p in report.places]),
            Series(_("People who reported"), [p.reporters for p in report.places]),
        ],
        category=_("Street"),
        value=Axis(_("Signals or people (number)")),
        horizontal=True,
    )
    return render(
        request,
        "signalen/watch.html",
        {"report": report, "chart": chart, "places_chart": places_chart},
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
    per_organisation = stats.per_organisation
    category_chart = bar_chart(
        [date_format(month, "M Y") for month in stats.months],
        [Series(name, data) for name, data in stats.per_category.items()],
        category=_("Month"),
        value=Axis(_("Signals (number)")),
        stacked=True,
        other=_("Other categories"),
    )
    organisation_chart = bar_chart(
        [row["name"] for row in per_organisation],
        [
            Series(
                _("Median hours to acknowledge"), [r["acknowledge_hours"] for r in per_organisation]
            ),
            Series(_("Median hours to resolve"), [r["resolve_hours"] for r in per_organisation]),
        ],
        category=_("Organisation"),
        value=Axis(_("Median time (hours)"), counts=False),
        horizontal=True,  # organisation names are long: they read better beside the bars
    )
    neighbourhood_chart = bar_chart(
        [name for name, _n in stats.per_neighbourhood],
        [Series(_("Signals"), [n for _name, n in stats.per_neighbourhood])],
        category=_("Neighbourhood"),
        value=Axis(_("Signals (number)")),
    )
    return {
        "stats": stats,
        "punctuality": selectors.punctuality(now=timezone.now(), today=today),
        "category_chart": category_chart,
        "organisation_chart": organisation_chart,
        "neighbourhood_chart": neighbourhood_chart,
        "feedback_share": _share(stats.resolved_with_feedback, stats.resolved),
        "flagged_share": _share(stats.flagged, stats.total),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
