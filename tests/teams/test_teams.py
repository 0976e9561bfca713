import datetime
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teams.models import Membership, MembershipEvent, PartnerOrganisation, Team, User

from ..conftest import World
from ..factories import MembershipFactory, TeamFactory, UserFactory
from ..support.pages import warm
from ..support.processes import ROOT


def test_readiness_lists_what_a_member_still_needs(db):
    team = TeamFactory.create(requires_vog=True, requires_training=True)
    membership = MembershipFactory.create(team=team, status=Membership.Status.ASPIRANT)
    assert [item.code for item in membership.missing()] == [
        "active",
        "code_of_conduct",
        "vog",
        "training",
    ]
    today = timezone.localdate()
    membership.status = Membership.Status.ACTIVE
    membership.code_of_conduct_signed_on = today
    membership.vog_issued_on = today - datetime.timedelta(days=30)
    membership.training_completed_on = today
    assert membership.is_ready()


def test_a_vog_older_than_three_years_no_longer_counts(db):
    membership = MembershipFactory.create(vog_issued_on=datetime.date(2020, 2, 29))
    assert membership.vog_valid_on(datetime.date(2023, 2, 27))
    assert not membership.vog_valid_on(datetime.date(2023, 2, 28))


def test_teams_that_require_no_vog_or_training_do_not_ask_for_them(db):
    team = TeamFactory.create(requires_vog=False, requires_training=False)
    membership = MembershipFactory.create(team=team, code_of_conduct_signed_on=timezone.localdate())
    assert [item.code for item in membership.readiness()] == ["active", "code_of_conduct"]
    assert membership.is_ready()


def newcomer(world: World) -> Membership:
    """A member who joined the world's team and has not been through onboarding."""
    return MembershipFactory.create(team=world.team_a, user__first_name="Nico")


def test_the_coordinator_updates_onboarding_and_the_change_is_recorded(world: World):
    member = newcomer(world)
    url = reverse("teams:membership_edit", args=[world.team_a.pk, member.pk])
    response = world.client("coordinator").post(
        url,
        {
            "status": "active",
            "intake_on": "2026-01-10",
            "code_of_conduct_signed_on": "2026-01-10",
            "vog_issued_on": "2025-12-01",
            "training_completed_on": "",
            "vest_issued_on": "",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(pk=member.pk)
    assert membership.vog_issued_on == datetime.date(2025, 12, 1)
    event = MembershipEvent.objects.get(membership=membership)
    assert event.actor == world.coordinator
    assert event.changes["vog_issued_on"] == [None, "2025-12-01"]
    assert set(event.changes) == {"intake_on", "code_of_conduct_signed_on", "vog_issued_on"}


def test_onboarding_dates_in_the_future_are_refused(world: World):
    member = newcomer(world)
    url = reverse("teams:membership_edit", args=[world.team_a.pk, member.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = world.client("coordinator").post(
        url, {"status": "active", "vog_issued_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["vog_issued_on"]
    assert Membership.objects.get(pk=member.pk).vog_issued_on is None
    assert not MembershipEvent.objects.exists()


def test_a_coordinator_cannot_make_someone_coordinator(world: World):
    url = reverse("teams:membership_edit", args=[world.team_a.pk, world.volunteer_membership.pk])
    world.client("coordinator").post(url, {"status": "active", "role": "coordinator"})
    assert Membership.objects.get(pk=world.volunteer_membership.pk).role == "volunteer"


def test_the_team_page_lists_exactly_the_team_members(world: World):
    response = world.client("coordinator").get(reverse("teams:team_detail", args=[world.team_a.pk]))
    shown = {m.pk for m in response.context["members"]}
    assert shown == set(world.team_a.memberships.values_list("pk", flat=True))
    assert all(m.team_id == world.team_a.pk for m in response.context["members"])
    assert {i.pk for i in response.context["invitations"]} == {world.team_invitation.pk}


def test_home_shows_each_role_its_own_part(world: World):
    def overview(persona: str):
        return world.client(persona).get(reverse("home")).context["overview"]

    volunteer = overview("volunteer")
    assert [c.membership.pk for c in volunteer.memberships] == [world.volunteer_membership.pk]
    assert volunteer.coordinated_teams == []
    assert volunteer.organisations == []
    assert volunteer.region is None

    coordinator = overview("coordinator")
    assert [t.pk for t in coordinator.coordinated_teams] == [world.team_a.pk]

    partner = overview("partner_a")
    assert [o.pk for o in partner.organisations] == [world.org_a.pk]
    assert partner.memberships == []

    admin = overview("admin")
    assert admin.region["teams"] == 2
    assert admin.region["organisations"] == 2
    current = [Membership.Status.ACTIVE, Membership.Status.ASPIRANT]
    members = Membership.objects.filter(status__in=current).count()
    assert members > 0
    assert admin.region["members"] == members


def test_the_region_page_lists_every_team_and_organisation_for_the_administrator(world: World):
    page = world.client("admin").get(reverse("teams:region")).content.decode()
    for team in (world.team_a, world.team_b):
        assert f'href="{team.get_absolute_url()}"' in page
    for organisation in (world.org_a, world.org_b):
        assert f'href="{organisation.get_absolute_url()}"' in page
    home = world.client("admin").get(reverse("home")).content.decode()
    assert f'href="{reverse("teams:region")}"' in home
    assert f'href="{world.team_b.get_absolute_url()}"' not in home  # the home does not grow


def test_navigation_shows_each_role_only_what_it_can_use(world: World):
    team_link = reverse("teams:team_detail", args=[world.team_a.pk])
    org_link = reverse("teams:organisation_detail", args=[world.org_a.pk])
    admin_link = reverse("admin:index")
    pages = {p: world.client(p).get(reverse("home")).content.decode() for p in world_personas()}
    assert team_link in pages["coordinator"]
    assert team_link not in pages["volunteer"]
    assert team_link not in pages["partner_a"]
    assert org_link in pages["partner_a"]
    assert org_link not in pages["partner_b"]
    assert admin_link in pages["admin"]
    assert all(admin_link not in pages[p] for p in ("volunteer", "coordinator", "partner_a"))
    assert 'href="tel:112"' in pages["volunteer"]


def world_personas():
    return ("volunteer", "coordinator", "partner_a", "partner_b", "admin")


@pytest.mark.parametrize("extra_rows", [0, 25])
def test_pages_use_a_fixed_number_of_queries(world: World, django_assert_num_queries, extra_rows):
    """Query counts are pinned and do not grow with the number of members or teams."""
    for _ in range(extra_rows):
        MembershipFactory.create(team=world.team_a)
        MembershipFactory.create(team=TeamFactory.create())
    team_page = reverse("teams:team_detail", args=[world.team_a.pk])
    org_page = reverse("teams:organisation_detail", args=[world.org_a.pk])
    for persona, url, queries in [
        ("volunteer", reverse("home"), 5),
        ("coordinator", reverse("home"), 7),
        ("coordinator", team_page, 9),  # with the requests to join
        ("partner_a", reverse("home"), 5),
        ("partner_a", org_page, 5),  # the police's page also lists its teams to write to
        ("admin", reverse("home"), 7),
    ]:
        client = warm(world.client(persona))
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_the_interface_is_dutch_by_default_whatever_the_browser_says(world: World):
    client = world.client("volunteer")
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_switching_language_is_remembered_for_the_user(world: World):
    client = world.client("volunteer")
    response = client.post(reverse("language_set"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.volunteer.pk).language == "en"
    fresh = Client()
    fresh.force_login(world.volunteer)
    assert fresh.get(reverse("home")).headers["Content-Language"] == "en"


def test_the_language_switch_refuses_unknown_languages_and_foreign_redirects(world: World):
    client = world.client("volunteer")
    response = client.post(
        reverse("language_set"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")
    assert User.objects.get(pk=world.volunteer.pk).language == "nl"


def test_the_demo_seed_is_complete_and_idempotent(db):
    from signalen.models import ExternalHandoff, Signal, SignalEvent
    from trainingen.models import Cohort

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), Membership.objects.count(), Team.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), Membership.objects.count(), Team.objects.count()) == counts
    assert Team.objects.count() == 4
    assert set(Membership.objects.values_list("status", flat=True)) == set(Membership.Status)
    assert PartnerOrganisation.objects.values("type").distinct().count() == 6
    # The other apps' parts, from the demo modules the command imports itself.
    assert Signal.objects.exists()
    # A conversation on a signal that is still open, with messages from both sides.
    said = SignalEvent.objects.filter(kind=SignalEvent.Kind.MESSAGE, signal__status="in_progress")
    assert said.filter(organisation__isnull=False, actor__isnull=False).exists()
    assert said.filter(organisation__isnull=True, actor__isnull=False).exists()
    # An answered hand-off to someone outside, on its signal's timeline.
    handoff = ExternalHandoff.objects.get()
    assert handoff.answered_at is not None
    kinds = set(handoff.signal.events.values_list("kind", flat=True))
    assert {SignalEvent.Kind.HANDOFF, SignalEvent.Kind.HANDOFF_ANSWER} <= kinds
    # The cohort under way joins the team with four partners, a school among them (the brief).
    under_way = Cohort.objects.get(completed_at__isnull=True)
    types = set(under_way.participants.values_list("organisation__type", flat=True)) - {None}
    assert types == {"police", "welfare", "housing", "education"}
    for login in demo_logins():
        client = Client()
        assert client.login(email=login, password="demo-buurt-2026")
    assert UserFactory._meta.model.objects.get(email="beheer@demo.buurtpreventie.nl").is_staff


def demo_logins() -> list[str]:
    from teams.management.commands.seed_demo import DEMO_DOMAIN, LOGINS

    return [f"{key}@{DEMO_DOMAIN}" for key, _first_name, _description in LOGINS]


def test_the_readme_lists_every_demo_login():
    readme = (ROOT / "README.md").read_text()
    listed = re.findall(r"^\| `([^`]+@demo\.buurtpreventie\.nl)` \|", readme, re.MULTILINE)
    assert listed == demo_logins()


def test_the_demo_seed_prints_the_logins_last(tmp_path):
    """`make run` shows the logins at the end of the seed's output, after everything the
    seed set off: here the e-mails of the demo's signals and invitations, printed by the
    console back end after the seed's transaction commits."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
        "ENV_FILE": "",
        "DEBUG": "True",
        "MFA_REQUIRED": "False",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CELERY_TASK_ALWAYS_EAGER": "True",
    }
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        run = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert "Subject: " in run.stdout  # the e-mails are there, and come before the logins
    assert lines[-len(demo_logins()) - 1].startswith("Demo region ready.")
    assert [line.split()[0] for line in lines[-len(demo_logins()) :]] == demo_logins()


def test_a_regional_administrator_manages_the_region_in_the_admin_without_being_superuser(db):
    administrator = UserFactory.create(is_staff=True, totp=True)
    client = Client()
    client.force_login(administrator)
    for model in ("team", "membership", "partnerorganisation", "neighbourhood", "invitation"):
        assert client.get(reverse(f"admin:teams_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:teams_team_add")).status_code == 200
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_a_person_corrects_their_own_name(world: World):
    client = world.client("volunteer")
    response = client.post(
        reverse("teams:profile"), {"first_name": " Vera ", "last_name": "Jansen"}
    )
    assert response.status_code == 302
    world.volunteer.refresh_from_db()
    assert (world.volunteer.first_name, world.volunteer.last_name) == ("Vera", "Jansen")
    refused = client.post(reverse("teams:profile"), {"first_name": "", "last_name": "X"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    world.volunteer.refresh_from_db()
    assert world.volunteer.last_name == "Jansen"
