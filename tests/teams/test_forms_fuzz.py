"""Property-based tests: whatever text people type, forms answer without errors and an
invalid form saves nothing."""

from urllib.parse import urlparse

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import Notification
from teams.models import Invitation, Membership, MembershipEvent, User

from ..conftest import World

# Any text a phone keyboard or a paste can produce, including HTML and control characters.
TEXT = st.text(max_size=300)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(first_name=TEXT, email=TEXT)
def test_the_invitation_form_never_fails_and_saves_only_valid_input(
    world: World, first_name: str, email: str
):
    before = Invitation.objects.count()
    response = world.client("coordinator").post(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": first_name, "email": email},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Invitation.objects.count() == before
    else:
        assert Invitation.objects.count() == before + 1
        Invitation.objects.filter(pk=Invitation.objects.latest("pk").pk).delete()


@SETTINGS
@given(first_name=TEXT, last_name=TEXT, password=TEXT)
def test_the_accept_form_never_fails_and_creates_an_account_only_from_valid_input(
    world: World, first_name: str, last_name: str, password: str
):
    from teams.services import invitation_create

    invitation = invitation_create(
        invited_by=world.coordinator, team=world.team_a, email="fuzz@example.org", first_name="F"
    )
    # The link is still in the outbox: the test's transaction never commits, so the e-mail
    # has not gone out (and the secret not been erased) yet.
    link = Notification.objects.get(dedup_key=f"invitation:{invitation.pk}:email").secrets["url"]
    path = urlparse(link).path
    response = Client().post(
        path,
        {
            "first_name": first_name,
            "last_name": last_name,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code in (200, 302)
    created = User.objects.filter(email="fuzz@example.org")
    if response.status_code == 200:
        assert response.context["form"].errors
        assert not created.exists()
    else:
        created.delete()


@SETTINGS
@given(dates=st.lists(st.one_of(TEXT, st.dates().map(str)), min_size=5, max_size=5))
def test_the_onboarding_form_never_fails(world: World, dates: list[str]):
    names = [
        "intake_on",
        "code_of_conduct_signed_on",
        "vog_issued_on",
        "training_completed_on",
        "vest_issued_on",
    ]
    membership = world.volunteer_membership
    before = Membership.objects.filter(pk=membership.pk).values(*names).get()
    events_before = MembershipEvent.objects.count()
    response = world.client("coordinator").post(
        reverse("teams:membership_edit", args=[world.team_a.pk, membership.pk]),
        {"status": "active", **dict(zip(names, dates, strict=True))},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Membership.objects.filter(pk=membership.pk).values(*names).get() == before
        assert MembershipEvent.objects.count() == events_before
