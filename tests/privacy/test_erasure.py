"""An administrator erases a person: personal data goes, what happened stays under a
pseudonym."""

from __future__ import annotations

import datetime
import json

from allauth.account.models import EmailAddress
from django.urls import reverse

from notifications.models import Notification
from privacy.models import AccessLogEntry
from privacy.selectors import personal_data
from signalen.models import Signal, SignalEvent
from teams.models import Invitation, Membership, MembershipEvent, PatrolLog, ShiftSignup
from teams.services import membership_update
from trainingen.models import Participant, SelfAssessment

from ..conftest import World
from ..support.signin import sign_in

CHANGELIST = "admin:teams_user_changelist"


def erase(world: World, *people, confirm: bool = True):
    data = {"action": "erase_personal_data", "_selected_action": [p.pk for p in people]}
    if confirm:
        data["confirm"] = "yes"
    return world.client("admin").post(reverse(CHANGELIST), data)


def test_the_administrator_confirms_first_and_nothing_changes_before(world: World):
    response = erase(world, world.volunteer, confirm=False)
    assert response.status_code == 200
    assert response.context["people"] == [world.volunteer]
    world.volunteer.refresh_from_db()
    assert world.volunteer.first_name == "Vera"
    assert world.volunteer.is_active


def test_erasure_removes_personal_data_and_keeps_what_happened(
    world: World, django_capture_on_commit_callbacks
):
    volunteer = world.volunteer
    old_email = volunteer.email
    signed_in = sign_in(volunteer)
    membership_update(
        membership=world.volunteer_membership,
        actor=world.coordinator,
        data={"intake_on": datetime.date(2026, 1, 5), "vog_issued_on": datetime.date(2026, 1, 10)},
    )
    Invitation.objects.create(
        email=old_email,
        first_name="Vera",
        team=world.team_a,
        invited_by=world.coordinator,
        token_hash="x" * 64,
        expires_at=world.shift.starts_at,
        accepted_by=volunteer,
    )
    assessment = SelfAssessment.objects.create(
        cohort=world.cohort, participant=world.training_seat.participant, moment="pre"
    )
    kept = {
        "signals": set(Signal.objects.filter(reporter=volunteer)),
        "reported_events": SignalEvent.objects.filter(actor=volunteer).count(),
        "membership_events": MembershipEvent.objects.filter(membership__user=volunteer).count(),
        "signups": ShiftSignup.objects.filter(membership__user=volunteer).count(),
        "logs": PatrolLog.objects.filter(filed_by=volunteer).count(),
        "participations": Participant.objects.filter(user=volunteer).count(),
    }
    assert all(kept.values())

    with django_capture_on_commit_callbacks(execute=True):
        response = erase(world, volunteer)
    assert response.status_code == 302

    volunteer.refresh_from_db()
    pseudonym = volunteer.first_name
    assert pseudonym.startswith("verwijderd-")
    assert volunteer.email == f"{pseudonym}@verwijderd.invalid"
    assert volunteer.last_name == ""
    assert not volunteer.is_active
    assert not volunteer.has_usable_password()
    assert not EmailAddress.objects.filter(user=volunteer).exists()
    assert not Notification.objects.filter(recipient=volunteer).exists()
    assert not Notification.objects.filter(email__iexact=old_email).exists()
    membership = Membership.objects.get(pk=world.volunteer_membership.pk)
    assert membership.status == Membership.Status.INACTIVE
    assert all(getattr(membership, name) is None for name in Membership.ONBOARDING_DATES)
    assert not Invitation.objects.filter(email__iexact=old_email).exists()
    assert Invitation.objects.filter(accepted_by=volunteer, first_name=pseudonym).exists()
    assessment.refresh_from_db()
    assert assessment.participant is None  # the answers stay in the cohort's figures

    assert set(Signal.objects.filter(reporter=volunteer)) == kept["signals"]
    assert SignalEvent.objects.filter(actor=volunteer).count() == kept["reported_events"]
    assert (
        MembershipEvent.objects.filter(membership__user=volunteer).count()
        == kept["membership_events"]
    )
    assert ShiftSignup.objects.filter(membership__user=volunteer).count() == kept["signups"]
    assert PatrolLog.objects.filter(filed_by=volunteer).count() == kept["logs"]
    assert Participant.objects.filter(user=volunteer).count() == kept["participations"]

    entry = AccessLogEntry.objects.get(action="erasure")
    assert (entry.user, entry.object_id, entry.detail) == (
        world.admin,
        str(volunteer.pk),
        pseudonym,
    )
    response = signed_in.get(reverse("home"))
    assert response.status_code == 302  # signed out everywhere

    text = json.dumps(personal_data(volunteer), default=str)
    assert old_email not in text
    assert "Vera" not in text

    team_page = world.client("coordinator").get(world.team_a.get_absolute_url()).content.decode()
    assert "Vera" not in team_page


def test_an_administrator_cannot_erase_themselves_or_erase_twice(world: World):
    erase(world, world.volunteer)
    erased_email = world.volunteer.__class__.objects.get(pk=world.volunteer.pk).email
    response = erase(world, world.admin, world.volunteer, confirm=False)
    assert response.status_code == 302  # nothing to confirm
    world.admin.refresh_from_db()
    assert world.admin.is_active
    assert world.admin.first_name == "Ada"
    assert world.volunteer.__class__.objects.get(pk=world.volunteer.pk).email == erased_email
    assert AccessLogEntry.objects.filter(action="erasure").count() == 1


def test_people_are_erased_never_deleted(world: World):
    admin = world.client("admin")
    url = reverse("admin:teams_user_delete", args=[world.volunteer.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403
    bulk = admin.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [world.volunteer.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert world.volunteer.__class__.objects.filter(pk=world.volunteer.pk).exists()


def test_only_administrators_can_erase(world: World):
    response = world.client("coordinator").post(
        reverse(CHANGELIST),
        {
            "action": "erase_personal_data",
            "_selected_action": [world.volunteer.pk],
            "confirm": "yes",
        },
    )
    assert response.status_code in (302, 403)
    world.volunteer.refresh_from_db()
    assert world.volunteer.is_active
