from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors as notification_selectors

from .. import selectors, services
from ..charts import Axis, Series, bar_chart, first_with_data
from ..formats import date_format
from ..forms import (
    AcceptInvitationForm,
    AnnouncementForm,
    AnnouncementReplyForm,
    ApiKeyForm,
    InvitationForm,
    InvitationListForm,
    MembershipForm,
    ProfileForm,
    TeamInvitationForm,
)
from ..http import AuthenticatedRequest, Request, on_this_site
from ..middleware import INVITATION_ENROLMENT
from ..models import ApiKey, Invitation, Membership, Observation, Team, User
from ..permissions import (
    can_appoint,
    can_manage_connections,
    can_manage_team,
    get_organisation_or_deny,
    get_team_or_deny,
    get_team_to_announce_or_deny,
    require,
)

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
# The invitations of the list a coordinator sent last, per team, in their session.
INVITATION_BATCH = "invitation_batch:{}"


@login_required
def team_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The coordinator's overview: staffing, members' readiness, patrols and trends."""
    team = get_team_or_deny(request, pk, manage=True)
    stats = selectors.team_patrol_stats(team, today=timezone.localdate())
    stats = stats[first_with_data(stats, [s.patrols for s in stats]) :]
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": selectors.team_members(team),
            "invitations": selectors.team_pending_invitations(team),
            "join_requests": selectors.pending_join_requests(team),
            "upcoming": selectors.upcoming_shifts(team),
            "stats": stats,
            "observation_rows": _observation_rows(stats),
            "patrol_chart": _patrol_chart(stats),
            "observation_chart": _observation_chart(stats),
        },
    )


def _month_labels(stats) -> list[str]:
    return [date_format(s.month, "M Y") for s in stats]


def _patrol_chart(stats) -> str | None:
    """Patrols and volunteer hours: two units, so each on an axis of its own."""
    return bar_chart(
        _month_labels(stats),
        [
            Series(_("Patrols"), [s.patrols for s in stats]),
            Series(
                _("Volunteer hours"),
                [round(s.volunteer_hours, 1) for s in stats],
                second_axis=True,
            ),
        ],
        category=_("Month"),
        value=Axis(_("Patrols (number)")),
        second=Axis(_("Volunteer hours (hours)"), counts=False),
    )


def _observation_chart(stats) -> str | None:
    return bar_chart(
        _month_labels(stats),
        [Series(label, counts) for label, counts in _observation_rows(stats)],
        category=_("Month"),
        value=Axis(_("Observations (number)")),
        stacked=True,
    )


def _observation_rows(stats) -> list[tuple[str, list[int]]]:
    """Per kind of observation, its totals per month: the chart's series, and its table."""
    return [
        (str(label), [s.observations.get(kind, 0) for s in stats])
        for kind, label in Observation.Kind.choices
    ]


@login_required
def team_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    may_appoint = can_appoint(request.roles, Membership.Role.COORDINATOR)
    form = TeamInvitationForm(
        request.POST if request.method == "POST" else None, can_appoint_coordinator=may_appoint
    )
    return _invite(request, form, team, team=team)


@login_required
def team_invite_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Invite a list of people at once (a WhatsApp group moving over): check, then send."""
    team = get_team_or_deny(request, pk, manage=True)
    form = InvitationListForm(request.POST or None, request.FILES or None)
    lines = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if "send" in request.POST:
            lines = services.invitations_from_list(invited_by=request.user, team=team, text=text)
            request.session[INVITATION_BATCH.format(team.pk)] = [
                line.invitation_id for line in lines if line.invitation_id is not None
            ]
            return redirect("teams:team_invite_list_sent", team.pk)
        lines = selectors.invitation_list_read(team, text)
        form = InvitationListForm(initial={"people": text})
    verdicts = [line.verdict for line in lines or []]
    return render(
        request,
        "teams/team_invite_list.html",
        {
            "team": team,
            "form": form,
            "lines": lines,
            "text": form.initial.get("people", ""),
            "to_invite": verdicts.count("invite"),
            "passed_over": verdicts.count("skip"),
            "wrong": verdicts.count("error"),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@login_required
def team_invite_list_sent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """How the e-mails of the list just sent are getting on: the workers send them one by
    one, and the page follows (htmx, every two seconds) until none is waiting."""
    team = get_team_or_deny(request, pk, manage=True)
    ids = request.session.get(INVITATION_BATCH.format(team.pk), [])
    return render(
        request,
        "teams/team_invite_list_sent.html",
        {"team": team, "delivery": selectors.invitation_delivery(team, ids)},
    )


@login_required
@require_POST
def team_invitation_revoke(
    request: AuthenticatedRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, team=team)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation for %(email)s revoked.") % {"email": invitation.email})
    return redirect(team)


@login_required
def membership_edit(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    team = get_team_or_deny(request, pk, manage=True)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "team"), pk=membership_pk, team=team
    )
    may_appoint = can_appoint(request.roles, Membership.Role.COORDINATOR)
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        instance=membership,
        can_appoint_coordinator=may_appoint,
    )
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        # The form wrote the cleaned values onto the instance; the service records the change.
        membership.refresh_from_db()
        services.membership_update(membership=membership, actor=request.user, data=changed)
        messages.success(request, _("Saved the details of %(name)s.") % {"name": membership.user})
        return redirect(team)
    return render(
        request,
        "teams/membership_edit.html",
        {
            "team": team,
            "membership": membership,
            "form": form,
            "events": membership.events.select_related("actor")[:20],
        },
    )


@login_required
def region(request: AuthenticatedRequest) -> HttpResponse:
    """The administrator's directory: every team and partner organisation of the region."""
    require(request.roles.is_admin)
    return render(
        request,
        "teams/region.html",
        {
            "figures": selectors.region_figures(),
            "teams": selectors.teams_with_counts(with_neighbourhoods=False).order_by("name"),
            "organisations": selectors.organisations_overview(with_neighbourhoods=False).order_by(
                "name"
            ),
        },
    )


@login_required
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_or_deny(request, pk)
    manages_keys = can_manage_connections(request.roles, organisation)
    return render(
        request,
        "teams/organisation_detail.html",
        {
            "organisation": organisation,
            "neighbourhoods": organisation.neighbourhoods.select_related("municipality"),
            "members": selectors.organisation_members(organisation),
            "invitations": selectors.organisation_pending_invitations(organisation)
            if request.roles.is_admin
            else [],
            "api_keys": organisation.api_keys.all() if manages_keys else None,
            "webhooks": organisation.webhooks.all() if manages_keys else None,
            # The wijkagent's teams: those of the police organisation's neighbourhoods.
            "teams_to_message": selectors.teams_in_area(organisation)
            if organisation.type == organisation.Type.POLICE
            and organisation.pk in request.roles.organisation_ids
            else [],
        },
    )


@login_required
def team_announce(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A message to the team, or to those on one of its shifts of the coming day."""
    team = get_team_to_announce_or_deny(request, pk)
    form = AnnouncementForm(
        request.POST or None, team=team, shifts=selectors.shifts_of_the_coming_day(team)
    )
    if request.method == "POST" and form.is_valid():
        told = services.announcement_send(
            sender=request.user,
            team=team,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            shift=form.shift(),
        )
        messages.success(
            request,
            ngettext(
                "Your message went to %(count)s person.",
                "Your message went to %(count)s people.",
                told,
            )
            % {"count": told},
        )
        return redirect(team if can_manage_team(request.roles, team) else "home")
    return render(request, "teams/announce.html", {"team": team, "form": form})


@login_required
def announcement_reply(request: AuthenticatedRequest, token: str) -> HttpResponse:
    """A member answers the sender of a message to the team (the link in the message)."""
    named = services.announcement_read(token)
    team = Team.objects.filter(pk=named["team"]).first() if named else None
    sender = User.objects.filter(pk=named["sender"], is_active=True).first() if named else None
    member = team is not None and request.roles.membership_for(team.pk) is not None
    if team is None or sender is None or not member or sender == request.user:
        raise Http404
    assert named is not None
    form = AnnouncementReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.announcement_reply(
            author=request.user,
            team=team,
            sender=sender,
            subject=named["subject"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your answer went to %(name)s.") % {"name": sender.first_name})
        return redirect("home")
    return render(
        request,
        "teams/announcement_reply.html",
        {"team": team, "sender": sender, "subject": named["subject"], "form": form},
    )


@login_required
def api_key_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new key for the organisation's own system; the key is shown once, on this page."""
    organisation = get_organisation_or_deny(request, pk)
    require(can_manage_connections(request.roles, organisation))
    form = ApiKeyForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _api_key, key = services.api_key_create(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
    response = render(
        request,
        "teams/api_key_form.html",
        {"organisation": organisation, "form": form, "key": key},
    )
    response["Cache-Control"] = "no-store"  # the key is not kept, not even by the browser
    return response


@login_required
@require_POST
def api_key_revoke(request: AuthenticatedRequest, pk: int, key_pk: int) -> HttpResponse:
    organisation = get_organisation_or_deny(request, pk)
    api_key = get_object_or_404(ApiKey, pk=key_pk, organisation=organisation)
    services.api_key_revoke(actor=request.user, api_key=api_key)
    messages.success(request, _("The key %(name)s no longer works.") % {"name": api_key.name})
    return redirect(organisation)


@login_required
def organisation_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_or_deny(request, pk, manage=True)
    return _invite(
        request,
        InvitationForm(request.POST if request.method == "POST" else None),
        organisation,
        organisation=organisation,
    )


def _invite(request: AuthenticatedRequest, form: InvitationForm, target, **place) -> HttpResponse:
    """The invitation form for a team or an organisation: validate, invite, report."""
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                invited_by=request.user, **place, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect(target)
    return render(
        request,
        "teams/invite.html",
        {"form": form, "target": target, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@login_required
@require_POST
def organisation_invitation_revoke(
    request: AuthenticatedRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    organisation = get_organisation_or_deny(request, pk, manage=True)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation for %(email)s revoked.") % {"email": invitation.email})
    return redirect(organisation)


def invitation_accept(request: Request, token: str) -> HttpResponse:
    invitation = services.invitation_find(token)
    if invitation is None or invitation.revoked_at is not None:
        return _invitation_problem(request, "invalid", status=404)
    if invitation.accepted_at is not None:
        return _invitation_problem(request, "used", invitation, status=410)
    if invitation.is_expired:
        return _invitation_problem(request, "expired", invitation, status=410)

    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return _invitation_problem(request, "other_account", invitation, status=403)
        if request.method == "POST":
            if not services.invitation_needs_two_factor(invitation=invitation, user=request.user):
                services.invitation_accept(invitation=invitation, user=request.user)
            return _welcome_or_set_up_two_factor(request, invitation, request.user)
        return render(request, "teams/invitation_join.html", {"invitation": invitation})
    if account_exists:
        messages.info(request, _("You already have an account. Log in to accept the invitation."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")

    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"first_name": invitation.first_name},
    )
    if request.method == "POST" and form.is_valid():
        # A partner sets up the authenticator app first; the invitation is used after that.
        create = (
            services.invitation_account_create
            if services.invitation_needs_two_factor(invitation=invitation, user=None)
            else services.invitation_accept
        )
        try:
            user = create(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=get_language(),
            )
        except ValidationError:
            return _invitation_problem(request, "used", invitation, status=410)
        login(request, user, backend=LOGIN_BACKEND)
        # The password was typed just now: setting up the app does not ask for it again.
        record_authentication(request, user, method="password", reauthenticated=True)
        return _welcome_or_set_up_two_factor(request, invitation, user)
    return render(request, "teams/invitation_accept.html", {"invitation": invitation, "form": form})


def _welcome_or_set_up_two_factor(
    request: Request, invitation: Invitation, user: User
) -> HttpResponse:
    """Straight on to setting up the authenticator app when the invitation waits for it
    (RequireTwoFactorMiddleware allows nothing else meanwhile); else welcome."""
    if services.invitation_needs_two_factor(invitation=invitation, user=user):
        request.session[INVITATION_ENROLMENT] = invitation.pk
        return redirect("mfa_activate_totp")
    messages.success(request, _("Welcome to %(place)s.") % {"place": invitation.target})
    return redirect("home")


def _invitation_problem(
    request: Request, problem: str, invitation: Invitation | None = None, *, status: int
) -> HttpResponse:
    return render(
        request,
        "teams/invitation_problem.html",
        {"problem": problem, "invitation": invitation},
        status=status,
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name is saved."))
        return redirect("teams:profile")
    return render(
        request,
        "teams/profile.html",
        {"form": form, "push": notification_selectors.push_settings(request.user)},
    )


@require_POST
def language_set(request: Request) -> HttpResponse:
    """Switch the interface language; logged-in users keep it as their preference."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(
        on_this_site(request, request.POST.get("next", ""), reverse("home"))
    )
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def powers_and_limits(request: Request) -> HttpResponse:
    return render(request, "teams/powers_and_limits.html")
