"""The training programme: cohorts, sessions, invitations, attendance, evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams import ical
from teams.charts import Axis, Series, bar_chart
from teams.http import AuthenticatedRequest, Request
from teams.models import Membership

from . import selectors, services
from .calendar import session_file
from .certificate import certificate_pdf
from .forms import AssessmentForm, CohortForm, FeedbackForm, ParticipantsForm, SessionForm
from .models import (
    MATERIAL_TYPES,
    RSVP_SALT,
    EvaluationItem,
    Material,
    Programme,
    Seat,
    SelfAssessment,
)
from .permissions import (
    can_manage_cohorts,
    get_cohort_or_deny,
    get_participant_for_certificate,
    get_session_or_deny,
    visible_cohorts,
)


def _coordinators_only(request: AuthenticatedRequest) -> None:
    if not can_manage_cohorts(request.roles):
        raise PermissionDenied


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    cohorts = (
        visible_cohorts(request.roles)
        .select_related("programme")
        .prefetch_related("neighbourhoods")
    )
    return render(
        request,
        "trainingen/index.html",
        {
            "programmes": Programme.objects.filter(is_active=True),
            "cohorts": cohorts,
            "can_manage": can_manage_cohorts(request.roles),
        },
    )


@login_required
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    templates = programme.templates.prefetch_related("materials")
    return render(
        request,
        "trainingen/programme_detail.html",
        {"programme": programme, "templates": templates},
    )


@login_required
def material(request: AuthenticatedRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Material, pk=pk)
    if not item.file:
        raise Http404
    name = item.file.name.rsplit("/", 1)[-1]
    content_type = MATERIAL_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


@login_required
def cohort_create(request: AuthenticatedRequest) -> HttpResponse:
    _coordinators_only(request)
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(actor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Cohort created. Check the dates, then invite participants.")
            )
            return redirect(cohort)
    return render(request, "trainingen/cohort_form.html", {"form": form})


@login_required
def cohort_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort, participation = get_cohort_or_deny(request, pk)
    participants = selectors.cohort_participants(cohort)
    sessions = selectors.cohort_sessions(cohort, participation)
    return render(
        request,
        "trainingen/cohort_detail.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "can_complete": cohort.can_complete(sessions),
            "last_end": cohort.last_session_end(sessions),
            "participants": participants,
            "groups": sorted({p.group for p in participants}),
            "participation": participation,
            "can_manage": can_manage_cohorts(request.roles),
            "now": timezone.now(),
        },
    )


@login_required
def participants_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort, _participation = get_cohort_or_deny(request, pk, manage=True)
    invitable = selectors.invitable(cohort)
    form = ParticipantsForm(request.POST if request.method == "POST" else None, invitable=invitable)
    if request.method == "POST" and form.is_valid():
        invitees = [
            services.Invitee(m.user, team=m.team)
            for team in form.cleaned_data["teams"]
            for m in Membership.objects.current().filter(team=team).select_related("user", "team")
        ] + [
            services.Invitee(p.user, organisation=p.organisation)
            for p in form.cleaned_data["partners"]
        ]
        try:
            added = services.participants_add(cohort=cohort, invitees=invitees)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s people invited.") % {"count": len(added)})
            return redirect(cohort)
    return render(request, "trainingen/participants_form.html", {"cohort": cohort, "form": form})


@login_required
def cohort_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """First a look at who completes the programme and who does not, then confirm."""
    cohort, _participation = get_cohort_or_deny(request, pk, manage=True)
    if request.method == "POST":
        try:
            done = services.cohort_complete(cohort=cohort, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(count)s participants completed the programme.") % {"count": len(done)},
            )
        return redirect(cohort)
    sessions = list(cohort.sessions.all())
    if not cohort.can_complete(sessions):
        return redirect(cohort)
    return render(
        request,
        "trainingen/cohort_complete.html",
        {"cohort": cohort, "lines": selectors.completion_preview(cohort, sessions)},
    )


@login_required
def cohort_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort, _participation = get_cohort_or_deny(request, pk, manage=True)
    report = selectors.cohort_report(cohort)
    moments = SelfAssessment.Moment
    chart = bar_chart(
        [capfirst(d.label) for d in report.domains],
        [
            Series(str(label), [d.by_moment.get(moment) for d in report.domains])
            for moment, label in moments.choices
        ],
        category=_("Domain"),
        value=Axis(_("Average score (1 to 5)"), counts=False, maximum=5),
    )
    return render(
        request,
        "trainingen/cohort_report.html",
        {
            "cohort": cohort,
            "report": report,
            "chart": chart,
            "header": [(label, report.respondents.get(m, 0)) for m, label in moments.choices],
            "rows": [
                (d.label, [d.by_moment.get(m) for m in moments.values]) for d in report.domains
            ],
            "min_group": selectors.MIN_GROUP,
        },
    )


@login_required
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session, participation = get_session_or_deny(request, pk)
    seat = session.seats.filter(participant=participation).first() if participation else None
    return render(
        request,
        "trainingen/session_detail.html",
        {
            "session": session,
            "seat": seat,
            "can_manage": can_manage_cohorts(request.roles),
            "materials": session.template.materials.all(),
        },
    )


@login_required
def session_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The session as a calendar file ("Zet in agenda"), for whoever may see its page."""
    session, _participation = get_session_or_deny(request, pk)
    return ical.ics_response(
        session_file(session), filename=ical.dated_filename("bijeenkomst", session.starts_at)
    )


@login_required
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session, _participation = get_session_or_deny(request, pk, manage=True)
    form = SessionForm(
        request.POST if request.method == "POST" else None, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_reschedule(session=session, change=form.change())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Session saved. Participants received a calendar update."))
            return redirect(session.cohort)
    return render(request, "trainingen/session_form.html", {"session": session, "form": form})


@login_required
def session_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session, _participation = get_session_or_deny(request, pk, manage=True)
    if request.method == "POST":
        services.session_cancel(session=session)
        messages.success(request, _("Session cancelled; the calendar entries are removed."))
        return redirect(session.cohort)
    return render(request, "trainingen/session_cancel.html", {"session": session})


@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """For a tablet at the door: everyone with a place, three big buttons each."""
    session, _participation = get_session_or_deny(request, pk, manage=True)
    return render(
        request,
        "trainingen/attendance.html",
        {
            "session": session,
            "seats": selectors.attendance_list(session),
            "choices": Seat.Attendance.choices[1:],
        },
    )


@login_required
def attendance_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The attendance list on paper, to sign at the door where there is no tablet."""
    session, _participation = get_session_or_deny(request, pk, manage=True)
    return render(
        request,
        "trainingen/attendance_sheet.html",
        {"session": session, "seats": selectors.attendance_list(session)},
    )


@login_required
@require_POST
def attendance_set(request: AuthenticatedRequest, pk: int, seat_pk: int) -> HttpResponse:
    session, _participation = get_session_or_deny(request, pk, manage=True)
    seat = get_object_or_404(
        Seat.objects.select_related("participant__user"), pk=seat_pk, session=session
    )
    try:
        services.attendance_register(
            seat=seat, attendance=request.POST.get("attendance", ""), actor=request.user
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if request.htmx:
        return render(
            request,
            "trainingen/_attendance_row.html",
            {"seat": seat, "session": session, "choices": Seat.Attendance.choices[1:]},
        )
    return redirect("trainingen:attendance", pk=session.pk)


def rsvp(request: Request, token: str) -> HttpResponse:
    """Accept or decline from the e-mail; the signed link is the key, no login needed."""
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=60 * 60 * 24 * 180)
    except signing.BadSignature:
        raise Http404 from None
    seat = get_object_or_404(
        Seat.objects.select_related(
            "session__cohort__programme", "session__template", "participant__user"
        ),
        pk=data.get("seat"),
    )
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            seat = services.seat_respond(seat=seat, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you, your answer is saved."))
        return redirect("trainingen:rsvp", token=token)
    return render(request, "trainingen/rsvp.html", {"seat": seat, "session": seat.session})


@login_required
def self_assessment(request: AuthenticatedRequest, pk: int, moment: str) -> HttpResponse:
    cohort, participant = get_cohort_or_deny(request, pk)
    if participant is None or moment not in SelfAssessment.Moment.values:
        raise Http404
    if participant.assessments.filter(moment=moment).exists():
        messages.info(request, _("You have already filled in this self-assessment. Thank you!"))
        return redirect(cohort)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        items=list(EvaluationItem.objects.filter(is_active=True)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(participant=participant, moment=moment, scores=form.scores())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your self-assessment is saved."))
            return redirect(cohort)
    return render(
        request,
        "trainingen/self_assessment.html",
        {"cohort": cohort, "form": form, "moment": SelfAssessment.Moment(moment)},
    )


@login_required
def feedback(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session, participant = get_session_or_deny(request, pk)
    seat = session.seats.filter(participant=participant).first() if participant else None
    if seat is None or seat.attendance != Seat.Attendance.PRESENT:
        raise Http404
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.feedback_submit(
            seat=seat, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Thank you for your feedback."))
        return redirect(session.cohort)
    return render(request, "trainingen/feedback.html", {"session": session, "form": form})


@login_required
def certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_certificate(request, pk)
    if participant.completed_on is None:
        raise Http404
    sessions = list(
        participant.cohort.sessions.select_related("template")
        .filter(status="planned")
        .order_by("order")
    )
    pdf = certificate_pdf(
        participant,
        sessions,
        issuers=selectors.cohort_organisations(participant.cohort),
        trainer=next((s.trainer for s in reversed(sessions) if s.trainer), ""),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificaat-{participant.pk}.pdf"'
    return response
