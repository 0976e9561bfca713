"""Routing, the transition table, deadlines and the description check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import Notification
from signalen import description_check, services, workflow
from signalen.models import Category, Signal, Status
from signalen.routing import route_for

from ..conftest import World
from ..factories import (
    NeighbourhoodFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    routing_rule,
    signal_factory,
)

Kind = workflow.Kind


def responsible_for(category, neighbourhood):
    rule = route_for(category, neighbourhood)
    return rule.responsible if rule is not None else None


def test_the_most_specific_rule_wins(standard_data):
    everywhere, nearby, exact, exact_here = (PartnerOrganisationFactory.create() for _ in range(4))
    here, elsewhere = NeighbourhoodFactory.create(), NeighbourhoodFactory.create()
    parent = Category.objects.get(code="burglary-risk")
    child = Category.objects.get(code="burglary-risk-ladder")
    routing_rule("burglary-risk", everywhere)
    assert responsible_for(child, here) == everywhere
    routing_rule("burglary-risk", nearby, neighbourhood=here)
    assert responsible_for(child, here) == nearby
    assert responsible_for(child, elsewhere) == everywhere
    routing_rule("burglary-risk-ladder", exact)
    assert responsible_for(child, here) == exact
    routing_rule("burglary-risk-ladder", exact_here, neighbourhood=here)
    assert responsible_for(child, here) == exact_here
    assert responsible_for(parent, here) == nearby
    assert responsible_for(child, None) == exact


def test_a_change_to_the_rules_applies_to_the_next_report(standard_data):
    """The rules are kept with the directory's version: the next report follows a rule
    changed in the admin, whom it informs, and a rule removed."""
    first, second, informed = (PartnerOrganisationFactory.create() for _ in range(3))
    here = NeighbourhoodFactory.create()
    child = Category.objects.get(code="burglary-risk-ladder")
    rule = routing_rule("burglary-risk", first)

    def informed_by_rule() -> list:
        found = route_for(child, here)
        assert found is not None
        return list(found.informed.all())

    assert informed_by_rule() == []
    rule.informed.add(informed)
    assert informed_by_rule() == [informed]
    rule.responsible = second
    rule.save()
    assert responsible_for(child, here) == second
    rule.delete()
    assert responsible_for(child, here) is None


def test_a_signal_no_rule_routes_lands_in_the_regional_queue(world: World):
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, code="housing")
    assert signal.responsible is None
    assert Signal.objects.regional_queue().filter(pk=signal.pk).exists()
    told = Notification.objects.filter(event="signal_unrouted", channel="inbox")
    assert {n.recipient for n in told} == {world.admin}


def test_deadlines_follow_the_category(world: World):
    category = Category.objects.get(code="domestic-violence")
    start = timezone.now()
    acknowledge_by, resolve_by = services.deadlines(category, start)
    assert acknowledge_by - start == datetime.timedelta(hours=8)
    assert resolve_by - start == datetime.timedelta(days=7)
    signal = world.signal
    assert signal.acknowledge_deadline - signal.created_at == datetime.timedelta(hours=24)


# Every allowed move from every status, with the role that may make it.
ALLOWED = [
    (action, status)
    for action, transition in workflow.TRANSITIONS.items()
    for status in sorted(transition.sources)
]


def _put_in(signal: Signal, status: str) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(status=status)
    signal.refresh_from_db()
    return signal


def _actor_for(world: World, transition, signal: Signal):
    return {
        workflow.PARTNER: world.partner_a,
        workflow.REPORTER: world.volunteer,
        workflow.ADMIN: world.admin,
    }[transition.by]


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_every_allowed_transition_works_and_is_recorded(world: World, action, status):
    signal = _put_in(world.signal, status)
    transition = workflow.TRANSITIONS[action]
    if action == Kind.ROUTED:
        Signal.objects.filter(pk=signal.pk).update(responsible=None)
        signal.refresh_from_db()
    colleague = PartnerMembershipFactory.create(organisation=world.org_a).user
    result = services.signal_act(
        signal=signal,
        action=action,
        actor=_actor_for(world, transition, signal),
        text="Uitleg" if transition.needs_text else "",
        organisation=world.org_b if transition.needs_organisation else None,
        assignee=colleague if transition.needs_assignee else None,
        original=(
            signal_factory(reporter=world.volunteer, team=world.team_a)
            if transition.needs_original
            else None
        ),
    )
    assert result.status == (transition.target or status)
    event = result.events.latest("created_at", "pk")
    assert (event.kind, event.from_status, event.to_status) == (action, status, result.status)


FORBIDDEN = [
    (Kind.ACKNOWLEDGE, Status.RESOLVED),
    (Kind.ACKNOWLEDGE, Status.IN_PROGRESS),
    (Kind.RESOLVE, Status.NEW),
    (Kind.REOPEN, Status.NEW),
    (Kind.REJECT, Status.RESOLVED),
    (Kind.ASK, Status.NEW),
    (Kind.ANSWER, Status.IN_PROGRESS),
    (Kind.START, Status.WAITING),
]


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_a_forbidden_transition_is_refused_and_changes_nothing(world: World, action, status):
    signal = _put_in(world.signal, status)
    events = signal.events.count()
    transition = workflow.TRANSITIONS[action]
    with pytest.raises(ValidationError):
        services.signal_act(
            signal=signal, action=action, actor=_actor_for(world, transition, signal), text="x"
        )
    signal.refresh_from_db()
    assert signal.status == status
    assert signal.events.count() == events


def test_only_the_responsible_organisation_moves_a_signal(world: World):
    for outsider in (world.partner_b, world.coordinator, world.volunteer, world.admin):
        with pytest.raises(PermissionDenied):
            services.signal_act(signal=world.signal, action=Kind.ACKNOWLEDGE, actor=outsider)


def test_resolving_needs_feedback_which_reaches_reporter_and_coordinator(world: World):
    services.signal_act(signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    with pytest.raises(ValidationError, match="Schrijf een tekst"):
        services.signal_act(
            signal=world.signal, action=Kind.RESOLVE, actor=world.partner_a, text=" "
        )
    services.signal_act(
        signal=world.signal, action=Kind.RESOLVE, actor=world.partner_a, text="Raam is dicht."
    )
    world.signal.refresh_from_db()
    assert world.signal.feedback == "Raam is dicht."
    told = Notification.objects.filter(event="signal_resolved", channel="inbox")
    assert {n.recipient for n in told} == {world.volunteer, world.coordinator}
    assert all("Raam is dicht." in n.body_text for n in told)


def test_forwarding_hands_over_with_fresh_deadlines_and_rejecting_goes_to_the_queue(world: World):
    services.signal_act(signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    before = world.signal.acknowledge_deadline
    signal = services.signal_act(
        signal=world.signal,
        action=Kind.FORWARD,
        actor=world.partner_a,
        text="Gaat over een woning",
        organisation=world.org_b,
    )
    assert (signal.responsible, signal.status, signal.acknowledged_at) == (
        world.org_b,
        Status.NEW,
        None,
    )
    assert signal.acknowledge_deadline > before
    assert Notification.objects.filter(event="signal_routed", recipient=world.partner_b).exists()
    signal = services.signal_act(
        signal=signal, action=Kind.REJECT, actor=world.partner_b, text="Niet van ons"
    )
    assert signal.responsible is None
    assert Signal.objects.regional_queue().filter(pk=signal.pk).exists()


def test_acknowledge_deadlines_warn_then_escalate_once(world: World):
    lead = PartnerMembershipFactory.create(organisation=world.org_a, is_lead=True).user
    deadline = world.signal.acknowledge_deadline
    services.signal_deadline_reminders(now=deadline - datetime.timedelta(hours=2))
    services.signal_deadline_reminders(now=deadline + datetime.timedelta(hours=1))
    services.signal_deadline_reminders(now=deadline + datetime.timedelta(hours=25))
    services.signal_deadline_reminders(now=deadline + datetime.timedelta(hours=26))

    about_it = Notification.objects.filter(channel="inbox", link=world.signal.get_absolute_url())

    def told(event):
        return {n.recipient for n in about_it.filter(event=event)}

    assert told("signal_deadline_near") == {world.partner_a, lead}
    assert told("signal_deadline_passed") == {world.partner_a, lead}
    assert told("signal_escalated") == {lead, world.admin}
    assert about_it.filter(event="signal_escalated").count() == 2


def test_resolve_deadlines_warn_then_escalate_once_and_stop_when_resolved(world: World):
    """A received signal left alone does not stay late without a word: a day before its
    resolve deadline the organisation is reminded, when it passes it is told, and a day
    later the leads and the regional administrators hear of it. Each once."""
    lead = PartnerMembershipFactory.create(organisation=world.org_a, is_lead=True).user
    signal = services.signal_act(
        signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a
    )
    deadline = signal.resolve_deadline
    for hours in (-30, -2, -1, 1, 2, 25, 26):
        services.signal_deadline_reminders(now=deadline + datetime.timedelta(hours=hours))

    about_it = Notification.objects.filter(channel="inbox", link=signal.get_absolute_url())

    def told(event):
        return sorted(about_it.filter(event=event).values_list("recipient", flat=True))

    assert told("signal_resolve_near") == sorted([world.partner_a.pk, lead.pk])
    assert told("signal_resolve_passed") == sorted([world.partner_a.pk, lead.pk])
    assert told("signal_resolve_escalated") == sorted([lead.pk, world.admin.pk])
    # Received in time: nothing about the receipt deadline.
    assert not about_it.filter(event__startswith="signal_deadline").exists()
    passed = about_it.get(event="signal_resolve_passed", recipient=world.partner_a)
    assert passed.subject.startswith("Termijn voorbij:")

    other = signal_factory(reporter=world.volunteer, team=world.team_a)
    other = services.signal_act(signal=other, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    services.signal_act(signal=other, action=Kind.RESOLVE, actor=world.partner_a, text="Klaar")
    services.signal_deadline_reminders(now=other.resolve_deadline + datetime.timedelta(hours=30))
    assert not Notification.objects.filter(
        link=other.get_absolute_url(), event__startswith="signal_resolve_"
    ).exists()


def test_a_forwarded_signal_gets_new_reminders_for_its_new_deadline(world: World):
    signal = services.signal_act(
        signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a
    )
    services.signal_deadline_reminders(now=signal.resolve_deadline + datetime.timedelta(hours=1))
    signal = services.signal_act(
        signal=signal,
        action=Kind.FORWARD,
        actor=world.partner_a,
        organisation=world.org_b,
        text="Voor de wijkteams",
    )
    signal = services.signal_act(signal=signal, action=Kind.ACKNOWLEDGE, actor=world.partner_b)
    services.signal_deadline_reminders(now=signal.resolve_deadline + datetime.timedelta(hours=1))
    passed = Notification.objects.filter(
        channel="inbox", event="signal_resolve_passed", link=signal.get_absolute_url()
    )
    assert {n.recipient for n in passed} == {world.partner_a, world.partner_b}


def test_the_description_check_finds_listed_terms_in_their_forms(standard_data):
    kinds = description_check.SUSPICION_KINDS
    found = description_check.findings("Een Marokkaanse jongen bij de auto", kinds)
    assert [(f.term, f.rule) for f in found] == [("Marokkaanse jongen", "person")]
    assert description_check.findings("Twee jongens trokken aan autodeuren", kinds) == []
    assert description_check.findings("Een zwarte auto reed weg", kinds) == []
    assert [f.kind for f in description_check.findings("a dark-skinned man", kinds)] == [
        "skin_colour"
    ]
    assert description_check.findings("Een Marokkaans restaurant", kinds) == []


TERMS = st.sampled_from(["uiterlijk", "hoofddoek", "gypsy", "turk", "skin colour", "kleurling"])


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), other=st.text(max_size=300), term=TERMS)
def test_the_description_check_never_crashes_and_never_misses_a_listed_term(
    standard_data, text, other, term
):
    kinds = description_check.SUSPICION_KINDS
    description_check.findings(text, kinds)  # random text: no crash
    found = description_check.findings(f"{text} {term.upper()}. {other}", kinds)
    assert term in [f.term.casefold() for f in found]


def _report(**fields) -> services.Report:
    values = {
        "category": Category.objects.get(code="suspicious-situation"),
        "street": "Kerkstraat",
        "observed_at": timezone.now() - datetime.timedelta(hours=1),
        "description": "Iemand liep langs de achterdeuren.",
        **fields,
    }
    if isinstance(values["category"], str):
        values["category"] = Category.objects.get(code=values["category"])
    return services.Report(**values)


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"description": "Een Marokkaanse jongen keek in auto's."}, "description", "appearance"),
        (
            {"category": "care-worry", "description": "Hij is zeker dementerend."},
            "description",
            "diagnosis",
        ),
        ({"description": "Bel Piet Jansen op 06-12345678."}, "description", "personal_data"),
        (
            {"category": "care-worry", "photos": ["photo"]},
            "photos",
            "no_photos",
        ),
        (
            {"observed_at": timezone.now() - datetime.timedelta(days=40)},
            "observed_at",
            "too_old",
        ),
        (
            {"observed_at": timezone.now() + datetime.timedelta(hours=1)},
            "observed_at",
            "future",
        ),
    ],
)
def test_the_service_refuses_a_report_that_breaks_a_rule_whoever_sends_it(
    world: World, fields, field, code
):
    """An import or an API calls the service directly: the rules of the form still hold."""
    before = Signal.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.signal_report(
            reporter=world.volunteer, team=world.team_a, report=_report(**fields)
        )
    assert code in [error.code for error in refused.value.error_dict[field]]
    assert Signal.objects.count() == before


def test_the_service_accepts_what_the_writer_confirmed_and_keeps_the_features(world: World):
    signal = services.signal_report(
        reporter=world.volunteer,
        team=world.team_a,
        report=_report(
            description="Een Marokkaanse jongen keek in auto's; Piet Jansen zag het ook.",
            features=("rode jas", "fiets met krat", "liep naar het station"),
            confirmed_personal_data=True,
        ),
    )
    assert signal.description_flagged is True
    assert signal.description.endswith("rode jas; fiets met krat; liep naar het station")


def test_the_service_takes_the_neighbourhood_from_the_point(world: World):
    inside = NeighbourhoodFactory.create(
        boundary=[[52.0, 4.0], [52.0, 4.1], [52.1, 4.1], [52.1, 4.0]]
    )
    world.team_a.neighbourhoods.add(inside)
    signal = services.signal_report(
        reporter=world.volunteer,
        team=world.team_a,
        report=_report(
            neighbourhood=world.team_a.neighbourhoods.exclude(pk=inside.pk).get(),
            latitude=Decimal("52.05"),
            longitude=Decimal("4.05"),
        ),
    )
    assert signal.neighbourhood == inside


def test_every_move_has_a_confirmation_in_plain_words():
    from signalen import workflow

    # The table's moves, and a message in the conversation, which moves nothing.
    assert set(workflow.DONE) == set(workflow.TRANSITIONS) | {workflow.Kind.MESSAGE}
