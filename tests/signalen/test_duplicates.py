"""Duplicates: "Al gemeld?" on the report form, adding an observation instead of a new
signal, and closing a signal as a duplicate of an earlier one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from signalen import selectors, services, workflow
from signalen.models import Category, Signal, SignalEvent, Status
from teams.roles import Roles

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import post_form

Kind = workflow.Kind
LAT, LNG = Decimal("52.100000"), Decimal("4.300000")
# Degrees of latitude per metre (the earth's mean radius).
PER_METRE = 1 / (3.141592653589793 * 6_371_000 / 180)


def north_of(metres: float) -> Decimal:
    return Decimal(f"{float(LAT) + metres * PER_METRE:.6f}")


def similar(world: World, persona: str, *, now=None, code="burglary-risk-ladder", **place):
    user = world.user(persona)
    assert user is not None
    signals = selectors.similar_signals(
        Roles(user),
        category=Category.objects.get(code=code),
        place=selectors.Place(**place),
        now=now or timezone.now(),
    )
    return [s.pk for s in signals]


@pytest.fixture
def located(world: World) -> Signal:
    """A burglary risk the volunteer reported with its place on the map, in the Molenweg."""
    return signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        street="Molenweg",
        latitude=LAT,
        longitude=LNG,
    )


def test_a_signal_within_50_metres_is_suggested_and_one_further_is_not(world, located):
    assert similar(world, "volunteer", latitude=north_of(45), longitude=LNG) == [located.pk]
    assert similar(world, "volunteer", latitude=north_of(60), longitude=LNG) == []
    # The corner of the bounding box lies further than 50 m: not within the circle.
    corner = Decimal(f"{float(LNG) + 45 * PER_METRE / 0.6143:.6f}")  # cos(52.1°)
    assert similar(world, "volunteer", latitude=north_of(45), longitude=corner) == []


def test_the_same_street_of_the_same_neighbourhood_counts_whatever_its_case(world, located):
    here = world.team_a.neighbourhoods.get()
    there = world.team_b.neighbourhoods.get()
    assert similar(world, "volunteer", street=" molenWEG ", neighbourhood=here) == [located.pk]
    assert similar(world, "volunteer", street="Molenweg", neighbourhood=there) == []
    assert similar(world, "volunteer", street="Molenstraat", neighbourhood=here) == []


def test_only_the_48_hours_after_a_report_count(world, located):
    place = {"street": "Molenweg", "neighbourhood": world.team_a.neighbourhoods.get()}
    hours = datetime.timedelta(hours=1)
    assert similar(world, "volunteer", now=located.created_at + 47 * hours, **place) == [located.pk]
    assert similar(world, "volunteer", now=located.created_at + 49 * hours, **place) == []


def test_the_category_must_match(world, located):
    place = {"latitude": LAT, "longitude": LNG}
    # The main category, or another of its subcategories, is the same thing.
    assert similar(world, "volunteer", code="burglary-risk", **place) == [located.pk]
    assert similar(world, "volunteer", code="youth-nuisance", **place) == []


def test_a_closed_signal_is_not_suggested(world, located):
    services.signal_act(signal=located, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    services.signal_act(signal=located, action=Kind.RESOLVE, actor=world.partner_a, text="Klaar.")
    assert similar(world, "volunteer", latitude=LAT, longitude=LNG) == []


def test_only_what_the_volunteer_may_read_is_suggested(world: World, located):
    """As the signal list and the map: the reporter's own, a coordinator's team's normal
    signals; a care signal only to who reads it (its reporter), never to a coordinator who
    sees only that it was handed over, nor to another team."""
    place = {"street": "Kerkstraat", "neighbourhood": world.team_a.neighbourhoods.get()}
    care = {**place, "code": "care-worry"}
    assert similar(world, "volunteer", **care) == [world.care_signal.pk]
    assert similar(world, "coordinator", **care) == []
    assert similar(world, "coordinator", **place) == [world.signal.pk]
    assert similar(world, "other_coordinator", **place) == []


def test_adding_an_observation_tells_the_organisation(world: World):
    event = services.signal_add_observation(
        signal=world.signal,
        actor=world.coordinator,
        description="Ik zag de ladder vanavond ook, nu bij het zijraam.",
    )
    assert (event.kind, event.actor, event.signal) == (Kind.ADDED, world.coordinator, world.signal)
    told = Notification.objects.filter(event="signal_observation_added", channel="inbox")
    assert {n.recipient for n in told} == {world.partner_a}
    assert services.observation_confirmation(world.signal, actor=world.coordinator) == (
        f"Je waarneming is toegevoegd aan signaal #{world.signal.pk}."
        f" Er is een bericht gestuurd naar {world.org_a.name}."
    )


def test_an_observation_meets_the_description_rules_or_nothing_is_saved(world: World):
    with pytest.raises(ValidationError) as refused:
        services.signal_add_observation(
            signal=world.signal, actor=world.coordinator, description="Bel hem op 06-12345678."
        )
    assert "personal_data" in {e.code for e in refused.value.error_dict["description"]}
    assert not SignalEvent.objects.filter(kind=Kind.ADDED).exists()
    services.signal_add_observation(
        signal=world.signal,
        actor=world.coordinator,
        description="Bel hem op 06-12345678.",
        confirmed_personal_data=True,
    )
    assert SignalEvent.objects.filter(kind=Kind.ADDED).count() == 1


def test_nobody_adds_to_a_care_signal_they_cannot_read_or_to_a_closed_one(world: World):
    with pytest.raises(PermissionDenied):
        services.signal_add_observation(
            signal=world.care_signal, actor=world.coordinator, description="Ook gezien."
        )
    services.signal_act(signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    services.signal_act(signal=world.signal, action=Kind.RESOLVE, actor=world.partner_a, text="Ok")
    with pytest.raises(PermissionDenied):
        services.signal_add_observation(
            signal=world.signal, actor=world.coordinator, description="Ook gezien."
        )
    assert not SignalEvent.objects.filter(kind=Kind.ADDED).exists()


def test_who_added_hears_the_outcome_once(world: World):
    services.signal_add_observation(
        signal=world.signal, actor=world.coordinator, description="Ook gezien, gisteravond."
    )
    services.signal_act(signal=world.signal, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    services.signal_act(
        signal=world.signal, action=Kind.RESOLVE, actor=world.partner_a, text="Ladder weg."
    )
    told = Notification.objects.filter(event="signal_resolved", channel="inbox")
    recipients = [n.recipient_id for n in told]
    assert len(recipients) == 2
    assert set(recipients) == {world.volunteer.pk, world.coordinator.pk}


def test_closing_as_a_duplicate_links_the_original_and_tells_reporter_and_adders(world: World):
    repeat = signal_factory(reporter=world.volunteer, team=world.team_a, street="Kerkstraat")
    services.signal_add_observation(
        signal=repeat, actor=world.coordinator, description="Dezelfde ladder, ook gezien."
    )
    services.signal_act(
        signal=repeat, action=Kind.DUPLICATE, actor=world.partner_a, original=world.signal
    )
    repeat.refresh_from_db()
    assert (repeat.status, repeat.duplicate_of) == (Status.RESOLVED, world.signal)
    assert f"#{world.signal.pk}" in repeat.feedback
    assert repeat.events.filter(kind=Kind.DUPLICATE).exists()
    told = Notification.objects.filter(
        event="signal_resolved", channel="inbox", link=repeat.get_absolute_url()
    )
    # The coordinator hears it as the one who added, not as coordinator (a duplicate is not
    # feedback for the team).
    assert {n.recipient for n in told} == {world.volunteer, world.coordinator}
    assert services.confirmation(repeat, Kind.DUPLICATE, actor=world.partner_a) == (
        "Het signaal is afgehandeld: het was al gemeld. Er is een bericht gestuurd naar de "
        "melder en de vrijwilligers die een waarneming toevoegden."
    )
    services.signal_act(signal=repeat, action=Kind.REOPEN, actor=world.partner_a)
    repeat.refresh_from_db()
    assert repeat.duplicate_of is None


def test_a_duplicate_never_points_to_itself_another_organisation_or_in_a_circle(world: World):
    first = world.signal
    second = signal_factory(reporter=world.volunteer, team=world.team_a)

    def refused(signal, original) -> str:
        with pytest.raises(ValidationError) as error:
            services.signal_act(
                signal=signal, action=Kind.DUPLICATE, actor=world.partner_a, original=original
            )
        return error.value.code or ""

    assert refused(first, first) == "original_self"
    assert refused(first, world.care_signal) == "original"  # the care partner's
    assert refused(first, None) == "original"
    services.signal_act(signal=second, action=Kind.DUPLICATE, actor=world.partner_a, original=first)
    assert refused(first, second) == "original_cycle"
    first.refresh_from_db()
    assert (first.status, first.duplicate_of) == (Status.NEW, None)


def test_a_duplicate_of_an_old_closed_signal_is_refused(world: World):
    old = signal_factory(reporter=world.volunteer, team=world.team_a)
    services.signal_act(signal=old, action=Kind.ACKNOWLEDGE, actor=world.partner_a)
    old = services.signal_act(signal=old, action=Kind.RESOLVE, actor=world.partner_a, text="Ok")
    resolved_at = old.resolved_at
    assert resolved_at is not None
    Signal.objects.filter(pk=old.pk).update(resolved_at=resolved_at - datetime.timedelta(days=31))
    with pytest.raises(ValidationError) as error:
        services.signal_act(
            signal=world.signal, action=Kind.DUPLICATE, actor=world.partner_a, original=old
        )
    assert error.value.code == "original_old"
    Signal.objects.filter(pk=old.pk).update(resolved_at=resolved_at - datetime.timedelta(days=29))
    services.signal_act(
        signal=world.signal, action=Kind.DUPLICATE, actor=world.partner_a, original=old
    )


# The pages, posted as they are shown.


def test_the_report_form_without_javascript_shows_what_was_reported_already(world: World):
    client = world.client("coordinator")
    url = reverse("signalen:signal_create")
    page = client.get(url).content.decode()
    form = post_form(page, having="description")
    ladder = Category.objects.get(code="burglary-risk")
    before = Signal.objects.count()
    response = client.post(
        url, form.submission(category=str(ladder.pk), street="kerkstraat", al_gemeld="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Al gemeld? Voeg je waarneming toe" in html
    add = reverse("signalen:signal_add_observation", args=[world.signal.pk])
    assert add in html
    assert world.signal.description not in html  # category, street, age and status only
    assert Signal.objects.count() == before
    # What was filled in is still there, to send after all.
    again = post_form(html, having="description")
    assert again.fields["street"].value == "kerkstraat"
    assert again.fields["category"].chosen == [str(ladder.pk)]


def test_the_report_form_asks_the_server_once_category_and_place_are_known(world: World):
    client = world.client("volunteer")
    url = reverse("signalen:similar_signals")
    care = Category.objects.get(code="care-worry")
    neighbourhood = str(world.team_a.neighbourhoods.get().pk)
    asked = {"category": str(care.pk), "street": "Kerkstraat", "neighbourhood": neighbourhood}
    html = client.get(url, asked, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("signalen:signal_add_observation", args=[world.care_signal.pk]) in html
    assert world.care_signal.description not in html
    # The coordinator, who only sees that a care signal was handed over, is not shown it.
    other = world.client("coordinator").get(url, asked).content.decode()
    assert "Al gemeld?" not in other
    assert "Geen open signaal zoals dit in de buurt" in other
    # Without a place there is nothing to look for yet.
    assert client.get(url, {"category": str(care.pk)}).content.decode().strip() == ""


def test_a_volunteer_adds_an_observation_and_the_partner_reads_it(world: World):
    client = world.client("coordinator")
    url = reverse("signalen:signal_add_observation", args=[world.signal.pk])
    page = client.get(url).content.decode()
    assert world.signal.street in page
    form = post_form(page, having="description")
    refused = client.post(url, form.submission(description="Bel hem op 06-12345678."))
    assert refused.status_code == 200
    assert not SignalEvent.objects.filter(kind=Kind.ADDED).exists()
    again = post_form(refused.content.decode(), having="confirm_personal")
    response = client.post(
        url,
        again.submission(description="Bel hem op 06-12345678.", confirm_personal="on"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == world.signal.get_absolute_url()
    assert f"Je waarneming is toegevoegd aan signaal #{world.signal.pk}." in (
        response.content.decode()
    )
    timeline = world.client("partner_a").get(world.signal.get_absolute_url()).content.decode()
    assert "Waarneming toegevoegd" in timeline
    assert "Bel hem op 06-12345678." in timeline


def test_a_partner_closes_a_signal_as_a_duplicate_from_its_page(world: World):
    repeat = signal_factory(reporter=world.volunteer, team=world.team_a)
    client = world.client("partner_a")
    detail = client.get(repeat.get_absolute_url()).content.decode()
    url = reverse("signalen:signal_action", args=[repeat.pk, "duplicate"])
    assert url in detail
    page = client.get(url).content.decode()
    refused = client.post(url, post_form(page, having="original").submission(original=repeat.pk))
    assert "Een signaal kan niet een herhaling van zichzelf zijn." in refused.content.decode()
    sent = post_form(page, having="original").submission(original=str(world.signal.pk))
    response = client.post(url, sent, follow=True)
    html = response.content.decode()
    assert (
        "Het signaal is afgehandeld: het was al gemeld. Er is een bericht gestuurd naar de melder."
        in (html)
    )
    assert f'href="{world.signal.get_absolute_url()}"' in html
    repeat.refresh_from_db()
    assert repeat.duplicate_of == world.signal
