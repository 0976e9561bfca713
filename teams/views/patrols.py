"""Patrol logs: filing, reading and correcting the report of a round; the team's export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.models import AccessLogEntry
from privacy.services import access_log_add

from .. import selectors, services
from ..csv_export import csv_response
from ..forms import PatrolLogForm
from ..http import AuthenticatedRequest, form_refused, form_saved
from ..models import Observation, PatrolLog, ShiftSignup
from ..permissions import (
    can_edit_log,
    can_file_log,
    get_log_or_deny,
    get_shift_or_deny,
    get_team_or_deny,
)
from ..text_checks import mask_personal_data

LOGS_PER_PAGE = 20


@login_required
def log_list(request: AuthenticatedRequest) -> HttpResponse:
    """The patrol logs of my teams, newest first."""
    team_ids = request.roles.team_ids
    page = Paginator(selectors.patrol_logs(team_ids), LOGS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "teams/log_list.html", {"page": page})


@login_required
def log_sheet(request: AuthenticatedRequest, shift_pk: int) -> HttpResponse:
    """A blank patrol log for the round, to fill in with a pen and type in afterwards."""
    shift = get_shift_or_deny(request, shift_pk)
    return render(
        request,
        "teams/log_sheet.html",
        {
            "shift": shift,
            "crew": selectors.shift_participants(shift),
            "kinds": Observation.Kind.choices,
        },
    )


@login_required
def log_create(request: AuthenticatedRequest, shift_pk: int) -> HttpResponse:
    shift = get_shift_or_deny(request, shift_pk)
    existing = PatrolLog.objects.filter(shift=shift).first()
    if existing is not None:
        messages.info(request, _("The log of this shift has already been filed."))
        return form_saved(request, existing)
    if not can_file_log(request.roles, shift):
        raise PermissionDenied
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    # Read only when the form is shown empty: a posted form does not use its initial values.
    signed_up = shift.signups.filter(status=ShiftSignup.Status.CONFIRMED).values_list(
        "membership", flat=True
    )
    form = PatrolLogForm(
        request.POST if request.method == "POST" else None,
        shift=shift,
        initial={"start_time": start.time(), "end_time": end.time(), "present": signed_up},
    )
    if request.method == "POST" and form.is_valid():
        try:
            log = services.patrol_log_create(actor=request.user, shift=shift, report=form.report())
        except ValidationError as error:
            if error.code == "already_filed":
                messages.info(request, error.messages[0])
                return form_saved(request, PatrolLog.objects.get(shift=shift))
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! The patrol log has been filed."))
            return form_saved(request, log)
    return form_refused(request, "teams/log_form.html", {"form": form, "shift": shift})


@login_required
def log_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    log = get_log_or_deny(request, pk)
    return render(
        request,
        "teams/log_detail.html",
        {
            "log": log,
            "present": log.present.select_related("user").order_by("user__first_name"),
            "observations": log.observations.all(),
            "events": log.events.select_related("actor")[:20],
            "can_edit": can_edit_log(request.roles, log) and not log.is_locked(),
        },
    )


@login_required
def log_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    log = get_log_or_deny(request, pk, edit=True)
    if log.is_locked():
        messages.error(request, _("This log is locked: corrections are possible for 7 days."))
        return redirect(log)
    form = PatrolLogForm(
        request.POST if request.method == "POST" else None,
        shift=log.shift,
        log=log,
        initial=PatrolLogForm.initial_from_log(log),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.patrol_log_update(actor=request.user, log=log, report=form.report())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The patrol log has been corrected."))
            return redirect(log)
    return render(request, "teams/log_form.html", {"form": form, "shift": log.shift, "log": log})


@login_required
def log_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """CSV of the team's patrol logs: first names only, no notes (they may hold anything), and
    the area with house numbers and the like masked (`mask_personal_data`)."""
    team = get_team_or_deny(request, pk, manage=True)
    access_log_add(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        object_type=AccessLogEntry.Subject.PATROL_LOGS,
        object_id=team.pk,
        detail=team.name,
    )
    kinds = Observation.Kind
    header = [_("date"), _("start"), _("end"), _("minutes"), _("present"), _("area"),
              *kinds.labels, _("112 called"), _("0900-8844 called")]  # fmt: skip
    return csv_response(
        f"rondes-team-{team.pk}.csv", header, _log_rows(selectors.patrol_log_export(team))
    )


def _log_rows(logs):
    for log in logs:
        start, end = timezone.localtime(log.started_at), timezone.localtime(log.ended_at)
        counts = {o.kind: o.count for o in log.observations.all()}
        yield [
            start.date().isoformat(),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
            int(log.duration.total_seconds() // 60),
            ", ".join(sorted(m.user.first_name for m in log.present.all())),
            mask_personal_data(log.area),
            *[counts.get(kind, 0) for kind in Observation.Kind.values],
            _("yes") if log.called_112 else _("no"),
            _("yes") if log.called_police_line else _("no"),
        ]
