"""The conversation on a signal: who may talk, for how long, who is told, and the page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.models import Notification
from signalen import services
from signalen.models import Signal, SignalEvent
from signalen.permissions import TALK_AFTER_RESOLVED, may_talk
from teams.roles import Roles

from ..conftest import PERSONAS, World
from ..factories import PartnerMembershipFactory
from ..support.forms import post_form

Kind = SignalEvent.Kind

# Who may send a message: the responsible organisation and the reporting team; on a care
# signal the reporter only (the coordinator sees its status, not its contents).
TALKERS = {
    "signal": {"volunteer", "coordinator", "partner_a"},
    "care_signal": {"volunteer", "partner_b"},
}


def roles(world: World, persona: str) -> Roles:
    return Roles(world.user(persona) or AnonymousUser())


def messages_to(signal: Signal, channel: str = "inbox"):
    return Notification.objects.filter(
        event="signal_message", channel=channel, link=signal.get_absolute_url()
    )


def resolve(world: World, signal: Signal, partner) -> Signal:
    services.signal_act(signal=signal, action=Kind.ACKNOWLEDGE, actor=partner)
    return services.signal_act(signal=signal, action=Kind.RESOLVE, actor=partner, text="Klaar.")


@pytest.mark.parametrize("which", sorted(TALKERS))
def test_who_may_talk_on_a_normal_and_a_care_signal(world: World, which: str):
    signal = getattr(world, which)
    allowed = {p for p in PERSONAS if may_talk(roles(world, p), signal)}
    assert allowed == TALKERS[which]
    for persona in sorted(set(PERSONAS) - {"anonymous"} - TALKERS[which]):
        outsider = world.user(persona)
        assert outsider is not None
        with pytest.raises(PermissionDenied):
            services.signal_message(signal=signal, actor=outsider, text="Hallo?")
    assert not signal.events.filter(kind=Kind.MESSAGE).exists()


def test_the_conversation_stays_open_for_14_days_after_resolving(world: World, time_machine):
    signal = resolve(world, world.signal, world.partner_a)
    assert signal.resolved_at is not None
    closes = signal.resolved_at + TALK_AFTER_RESOLVED
    time_machine.move_to(closes - datetime.timedelta(minutes=1), tick=False)
    assert may_talk(roles(world, "volunteer"), signal)
    services.signal_message(signal=signal, actor=world.volunteer, text="Nog één vraag.")

    time_machine.move_to(closes, tick=False)
    for persona in TALKERS["signal"]:
        assert not may_talk(roles(world, persona), signal)
    with pytest.raises(ValidationError, match="tot 14 dagen nadat het signaal"):
        services.signal_message(signal=signal, actor=world.partner_a, text="Te laat.")
    assert list(signal.events.filter(kind=Kind.MESSAGE).values_list("text", flat=True)) == [
        "Nog één vraag."
    ]


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (services.MESSAGE_MAX_LENGTH + 1)])
def test_an_empty_or_too_long_message_changes_nothing(world: World, text: str):
    with pytest.raises(ValidationError):
        services.signal_message(signal=world.signal, actor=world.partner_a, text=text)
    assert not world.signal.events.filter(kind=Kind.MESSAGE).exists()
    assert not messages_to(world.signal).exists()


def test_the_partner_writes_to_the_reporter_and_the_coordinators(world: World):
    event = services.signal_message(
        signal=world.signal, actor=world.partner_a, text="  Staat het raam nog open?  "
    )
    assert (event.kind, event.text, event.organisation) == (
        Kind.MESSAGE,
        "Staat het raam nog open?",
        world.org_a,
    )
    told = messages_to(world.signal)
    assert {n.recipient for n in told} == {world.volunteer, world.coordinator}
    assert all("Politie Noord schreef:" in n.body_text for n in told)
    assert all("Staat het raam nog open?" in n.body_text for n in told)
    assert services.confirmation(world.signal, Kind.MESSAGE, actor=world.partner_a) == (
        "Je bericht staat in het gesprek. Er is een bericht gestuurd naar de melder en de"
        " coördinatoren van het team."
    )


def test_the_team_writes_to_the_organisation_or_the_assigned_colleague(world: World):
    colleague = PartnerMembershipFactory.create(organisation=world.org_a).user
    services.signal_message(signal=world.signal, actor=world.volunteer, text="Nu dicht.")
    assert {n.recipient for n in messages_to(world.signal)} == {world.partner_a, colleague}
    assert services.confirmation(world.signal, Kind.MESSAGE, actor=world.volunteer) == (
        f"Je bericht staat in het gesprek. Er is een bericht gestuurd naar {world.org_a.name}."
    )

    services.signal_act(
        signal=world.signal, action=Kind.ASSIGN, actor=world.partner_a, assignee=colleague
    )
    world.signal.refresh_from_db()
    messages_to(world.signal).delete()
    services.signal_message(signal=world.signal, actor=world.coordinator, text="Ik ook.")
    told = messages_to(world.signal)
    assert {n.recipient for n in told} == {colleague}
    assert "Carla schreef:" in told.get().body_text
    assert services.confirmation(world.signal, Kind.MESSAGE, actor=world.coordinator) == (
        "Je bericht staat in het gesprek. Er is een bericht gestuurd naar "
        f"{colleague.get_full_name()}."
    )


def test_a_care_message_reaches_the_reporter_only_and_its_email_holds_no_contents(
    world: World,
):
    signal = world.care_signal
    secret = "Mevrouw is gevallen en ligt in het ziekenhuis."
    services.signal_message(signal=signal, actor=world.partner_b, text=secret)
    services.signal_message(signal=signal, actor=world.volunteer, text=f"Re: {secret}")

    inbox = messages_to(signal)
    assert {n.recipient for n in inbox} == {world.volunteer, world.partner_b}
    emails = messages_to(signal, channel="email")
    assert {n.recipient for n in emails} == {world.volunteer, world.partner_b}
    for message in [*inbox, *emails]:
        for text in (message.subject, message.body_text, message.body_html):
            assert "Mevrouw" not in text
            assert "Gordijnen" not in text  # the description
            assert world.org_b.name not in text
            assert "Vera" not in text
        assert "nieuw bericht over het zorgsignaal" in message.body_text
    assert services.confirmation(signal, Kind.MESSAGE, actor=world.partner_b).endswith(
        "Er is een bericht gestuurd naar de melder."
    )


def test_the_page_shows_the_conversation_and_posts_a_message(world: World):
    partner = world.client("partner_a")
    page = partner.get(world.signal.get_absolute_url()).content.decode()
    form = post_form(page, having="text")
    assert form.action == reverse("signalen:signal_message", args=[world.signal.pk])

    sent = partner.post(form.action, form.submission(text="Welk raam precies?"), follow=True)
    html = sent.content.decode()
    assert (
        "Je bericht staat in het gesprek. Er is een bericht gestuurd naar de melder en de"
        " coördinatoren van het team." in html
    )
    assert "Welk raam precies?" in html

    reporter = world.client("volunteer")
    page = reporter.get(world.signal.get_absolute_url()).content.decode()
    assert "Politie Noord" in page
    assert "Welk raam precies?" in page
    form = post_form(page, having="text")
    reporter.post(form.action, form.submission(text="Het linker slaapkamerraam."))
    page = partner.get(world.signal.get_absolute_url()).content.decode()
    assert "Vera (melder)" in page
    assert "Het linker slaapkamerraam." in page
    assert list(world.signal.events.filter(kind=Kind.MESSAGE).values_list("text", flat=True)) == [
        "Welk raam precies?",
        "Het linker slaapkamerraam.",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", "Schrijf eerst een bericht."),
        ("x" * 2001, "Een bericht mag hoogstens 2000 tekens hebben; dit bericht heeft er 2001."),
    ],
)
def test_a_bad_message_gets_a_clear_error_on_the_page(world: World, text: str, error: str):
    client = world.client("volunteer")
    form = post_form(client.get(world.signal.get_absolute_url()).content.decode(), having="text")
    response = client.post(form.action, form.submission(text=text))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not world.signal.events.filter(kind=Kind.MESSAGE).exists()


def test_after_14_days_the_form_is_gone_and_the_page_says_why(world: World, time_machine):
    signal = resolve(world, world.signal, world.partner_a)
    assert signal.resolved_at is not None
    client = world.client("volunteer")
    time_machine.move_to(signal.resolved_at + datetime.timedelta(days=13), tick=False)
    page = client.get(signal.get_absolute_url()).content.decode()
    post_form(page, having="text")
    assert "Je kunt berichten sturen tot" in page

    time_machine.move_to(signal.resolved_at + TALK_AFTER_RESOLVED, tick=False)
    page = client.get(signal.get_absolute_url()).content.decode()
    assert 'name="text"' not in page
    assert "Berichten sturen kan niet meer: het gesprek is gesloten op" in page
    response = client.post(
        reverse("signalen:signal_message", args=[signal.pk]), {"text": "Nog iets?"}
    )
    assert "Berichten sturen kan niet meer" in response.content.decode()
    assert not signal.events.filter(kind=Kind.MESSAGE).exists()
