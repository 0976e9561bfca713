"""The roster: a team's shifts, signing up, the personal calendar feed."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import ical, selectors, services
from ..forms import CancelShiftForm, ShiftForm, ShiftPatternForm
from ..http import AuthenticatedRequest, Request
from ..models import CalendarFeed, Membership, PatrolLog, Shift
from ..permissions import (
    can_file_log,
    can_manage_team,
    get_shift_or_deny,
    get_team_or_deny,
    signup_membership,
)


@login_required
def roster_index(request: AuthenticatedRequest) -> HttpResponse:
    teams = request.roles.teams
    if len(teams) == 1:
        return redirect("teams:roster", pk=teams[0].pk)
    return render(request, "teams/roster_index.html", {"teams": teams})


@login_required
def roster(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The team's shifts: a week list for the phone and a month grid for the desktop."""
    team = get_team_or_deny(request, pk)
    roles = request.roles
    today = timezone.localdate()
    week_start = _parse_date(request.GET.get("week"), today - datetime.timedelta(today.weekday()))
    week_start -= datetime.timedelta(days=week_start.weekday())
    month, previous_month, next_month = _months(request, today)
    grid_days = _month_grid(month)
    start = min(week_start, grid_days[0])
    end = max(week_start + datetime.timedelta(days=7), grid_days[-1] + datetime.timedelta(1))
    membership = roles.membership_for(team.pk)
    shifts = selectors.roster_shifts(
        [team.pk], _aware(start), _aware(end), [membership.pk] if membership else []
    )
    by_day: dict[datetime.date, list] = {}
    for shift in shifts:
        by_day.setdefault(timezone.localtime(shift.starts_at).date(), []).append(shift)
    week = [
        (day, by_day.get(day, []))
        for day in (week_start + datetime.timedelta(days=i) for i in range(7))
    ]
    return render(
        request,
        "teams/roster.html",
        {
            "team": team,
            "today": today,
            "week": week,
            "week_start": week_start,
            "previous_week": week_start - datetime.timedelta(days=7),
            "next_week": week_start + datetime.timedelta(days=7),
            "month": month,
            "previous_month": previous_month,
            "next_month": next_month,
            "grid": [
                [(day, by_day.get(day, [])) for day in grid_days[i : i + 7]]
                for i in range(0, len(grid_days), 7)
            ],
            "can_manage": can_manage_team(roles, team),
            "membership": membership,
        },
    )


@login_required
def roster_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A month of the team's roster on one A4, for the notice board or the fridge."""
    team = get_team_or_deny(request, pk)
    month, previous_month, next_month = _months(request, timezone.localdate())
    return render(
        request,
        "teams/roster_print.html",
        {
            "team": team,
            "month": month,
            "previous_month": previous_month,
            "next_month": next_month,
            "shifts": selectors.roster_month(team, _aware(month), _aware(next_month)),
        },
    )


# How far back or ahead the roster looks: an address further off (typed or made by hand,
# ?week=9999-12-31) shows the nearest week or month in reach, where the calendar can still
# count a week or a month on.
REACH = datetime.timedelta(days=10 * 366)


def _parse_date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return default
    return min(max(day, default - REACH), default + REACH)


def _months(
    request: AuthenticatedRequest, today: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.date]:
    """The month `?maand=` asks for (this one when it asks none, or one out of reach), and
    the first days of the months before and after it."""
    month = _parse_date(request.GET.get("maand", "") + "-01", today).replace(day=1)
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month, previous_month, (month + datetime.timedelta(days=32)).replace(day=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _month_grid(month: datetime.date) -> list[datetime.date]:
    """The days of the month's weeks, Monday to Sunday."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [day for week in weeks for day in week]


@login_required
def shift_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    form = ShiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.shift_create(actor=request.user, team=team, **form.shift_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Shift published. The team has been told."))
            return redirect(shift)
    return render(request, "teams/shift_form.html", {"form": form, "team": team})


@login_required
def shift_pattern(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    form = ShiftPatternForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        planned = services.shift_pattern_create(
            actor=request.user,
            team=team,
            weekday=data["weekday"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            first_date=data["date"],
            weeks=data["weeks"],
            meeting_point=data["meeting_point"],
            focus_points=data["focus_points"],
            min_people=data["min_people"],
            max_people=data["max_people"],
        )
        messages.success(request, _pattern_message(planned))
        url = reverse("teams:roster", args=[team.pk])
        if planned.first_day is not None:  # the weeks just planned, not this one
            first = planned.first_day
            monday = first - datetime.timedelta(days=first.weekday())
            url += "?" + urlencode({"week": monday.isoformat(), "maand": f"{first:%Y-%m}"})
        return redirect(url)
    return render(request, "teams/shift_form.html", {"form": form, "team": team, "pattern": True})


def _pattern_message(planned: services.PatternPlanned) -> str:
    count, existing = len(planned.created), planned.existing
    if not count and not existing:
        return _("These dates are all in the past: nothing is published.")
    if not count:
        return _("These shifts were on the roster already: nothing new is published.")
    published = ngettext("%(count)s shift published.", "%(count)s shifts published.", count) % {
        "count": count
    }
    if not existing:
        return published
    return f"{published} " + ngettext(
        "%(count)s was on the roster already.", "%(count)s were on the roster already.", existing
    ) % {"count": existing}


@login_required
def shift_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, pk)
    membership = request.roles.membership_for(shift.team_id)
    participants = selectors.shift_participants(shift)
    return render(
        request,
        "teams/shift_detail.html",
        _shift_context(request, shift, membership, participants),
    )


def _shift_context(request: AuthenticatedRequest, shift, membership, participants) -> dict:
    roles = request.roles
    signed_up = membership is not None and any(
        p.membership_id == membership.pk for p in participants
    )
    log = PatrolLog.objects.filter(shift=shift).only("pk").first()
    # What `with_staffing()` would annotate, from the sign-ups loaded already.
    shift.confirmed_count = len(participants)
    return {
        "shift": shift,
        "participants": participants,
        "membership": membership,
        "signed_up": signed_up,
        "missing": membership.missing() if membership else [],
        "is_full": len(participants) >= shift.max_people,
        "is_open": shift.is_open_for_signup(),
        "can_manage": can_manage_team(roles, shift.team),
        "log": log,
        "can_file_log": log is None
        and shift.has_started()
        and not shift.is_cancelled
        and can_file_log(roles, shift),
    }


@login_required
@require_POST
def shift_sign_up(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, pk)
    membership = _own_membership(request, shift)
    try:
        services.shift_sign_up(shift=shift, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are signed up. See you there!"))
    return _shift_response(request, shift, membership)


@login_required
@require_POST
def shift_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, pk)
    membership = _own_membership(request, shift)
    try:
        services.shift_withdraw(shift=shift, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have withdrawn from this shift."))
    return _shift_response(request, shift, membership)


def _own_membership(request: AuthenticatedRequest, shift: Shift) -> Membership:
    membership = signup_membership(request.roles, shift)
    if membership is None:
        raise PermissionDenied
    return membership


def _shift_response(request: AuthenticatedRequest, shift, membership) -> HttpResponse:
    """htmx swaps the sign-up panel in place; without JavaScript the page reloads."""
    if request.htmx:
        participants = selectors.shift_participants(shift)
        return render(
            request,
            "teams/_shift_signup.html",
            _shift_context(request, shift, membership, participants),
        )
    return redirect(shift)


@login_required
def shift_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, pk, manage=True)
    if shift.is_cancelled:
        messages.error(request, _("A cancelled shift cannot be changed."))
        return redirect(shift)
    form = ShiftForm(request.POST if request.method == "POST" else None, shift=shift)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_update(actor=request.user, shift=shift, data=form.shift_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Shift saved. The people signed up have been told."))
            return redirect(shift)
    return render(
        request, "teams/shift_form.html", {"form": form, "team": shift.team, "shift": shift}
    )


@login_required
def shift_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, pk, manage=True)
    form = CancelShiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.shift_cancel(actor=request.user, shift=shift, reason=form.cleaned_data["reason"])
        messages.success(request, _("Shift cancelled. The people signed up have been told."))
        return redirect(shift)
    return render(request, "teams/shift_cancel.html", {"form": form, "shift": shift})


@login_required
def shift_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The shift as a calendar file ("Zet in agenda"), for whoever may see its page."""
    shift = get_shift_or_deny(request, pk)
    cal = ical.new_calendar()
    cal.add_component(ical.shift_event(shift, revision=selectors.shift_revision(shift)))
    return ical.ics_response(cal, filename=ical.dated_filename("ronde", shift.starts_at))


@login_required
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "teams/calendar_settings.html",
        {"feed_url": feed_url, "webcal_url": ical.webcal_url(feed_url)},
    )


@login_required
@require_POST
def calendar_reset(request: AuthenticatedRequest) -> HttpResponse:
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect("teams:calendar_settings")


def calendar_feed(request: Request, token: str) -> HttpResponse:
    """The personal calendar (iCalendar); the secret in the address is the only key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    cal = ical.new_calendar()
    cal.add("x-wr-calname", "Buurtpreventie")
    for shift in selectors.calendar_shifts(feed.user):
        cal.add_component(ical.shift_event(shift, revision=shift.revision))
    return ical.ics_response(cal, filename="buurtpreventie.ics", attachment=False)
