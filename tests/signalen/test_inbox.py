"""The partner inbox: sort, search, saved filters and bulk moves, as a partner uses them."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications import versions
from notifications.models import Notification
from signalen import search, services
from signalen.models import SavedFilter, Signal, SignalEvent, Status

from ..conftest import World
from ..factories import (
    NeighbourhoodFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    signal_factory,
)
from ..support.forms import post_form

pytestmark = pytest.mark.django_db

INBOX = "signalen:partner_inbox"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def inbox(world: World, query: str = "", persona: str = "partner_a"):
    return world.client(persona).get(reverse(INBOX) + (f"?{query}" if query else ""))


def shown(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="signal-row-(\d+)"', response.content.decode())]


def test_the_inbox_sorts_by_deadline_age_or_neighbourhood(world: World):
    team_neighbourhood = world.team_a.neighbourhoods.get()
    other = NeighbourhoodFactory.create(name="Aalsterwijk")
    world.org_a.neighbourhoods.add(other)
    old = signal_factory(reporter=world.volunteer, team=world.team_a, neighbourhood=other)
    late = signal_factory(reporter=world.volunteer, team=world.team_a)
    now = timezone.now()
    Signal.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=3))
    Signal.objects.filter(pk=late.pk).update(acknowledge_deadline=now - datetime.timedelta(hours=2))
    first = world.signal
    assert team_neighbourhood.name > "Aalsterwijk"

    by_deadline = shown(inbox(world))
    assert by_deadline[0] == late.pk
    assert shown(inbox(world, "sort=deadline")) == by_deadline
    assert shown(inbox(world, "sort=age")) == [old.pk, first.pk, late.pk]
    assert shown(inbox(world, "sort=neighbourhood")) == [old.pk, late.pk, first.pk]
    page = inbox(world, "sort=age").content.decode()
    assert '<option value="age" selected>' in page


def test_search_words_and_the_filters_stay_in_the_address(world: World):
    response = inbox(world, "q=ladder&sort=age&pagina=2")
    html = response.content.decode()
    query = "q=ladder&amp;sort=age"
    export = next(f for f in _get_forms(html) if f.action == reverse("signalen:signal_export"))
    assert export.fields["q"].value == "ladder"
    assert export.fields["sort"].value == "age"
    assert "pagina" not in export.fields
    assert f'name="query" value="{query}"' in html
    search_form = next(f for f in _get_forms(html) if "q" in f.fields)
    assert search_form.fields["q"].value == "ladder"


def _get_forms(html):
    from ..support.forms import forms_of

    return [f for f in forms_of(html) if f.method == "get"]


@on_postgresql
def test_search_finds_dutch_word_forms_in_description_and_street(world: World):
    ladder = signal_factory(
        reporter=world.volunteer,
        team=world.team_a,
        street="Molenweg",
        description="Twee ramen op de begane grond stonden open en een ladder lag ernaast.",
    )
    assert shown(inbox(world, "q=ladders")) == [ladder.pk]  # "ladders" finds "ladder"
    assert set(shown(inbox(world, "q=ramen"))) == {ladder.pk, world.signal.pk}  # and "Raam"
    assert shown(inbox(world, "q=molenweg")) == [ladder.pk]
    assert set(shown(inbox(world, "q=open"))) == {ladder.pk, world.signal.pk}
    assert shown(inbox(world, "q=fiets")) == []


@on_postgresql
def test_the_search_uses_its_index(world: World):
    query = search.search(Signal.objects.all(), "ladder").only("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert search.INDEX_NAME in plan


def test_a_partner_saves_a_filter_and_finds_it_as_a_link(world: World):
    client = world.client("partner_a")
    page = client.get(reverse(INBOX) + "?q=ladder&sort=age&pagina=3").content.decode()
    form = post_form(page, having="name")
    saved = client.post(form.action, form.submission(name="Ladders"), follow=True)
    html = saved.content.decode()
    assert "Filter Ladders opgeslagen." in html
    kept = SavedFilter.objects.get(user=world.partner_a)
    assert (kept.name, kept.query) == ("Ladders", "q=ladder&sort=age")
    assert '<a class="btn btn-sm btn-link" href="?q=ladder&amp;sort=age">Ladders</a>' in html


@pytest.mark.parametrize(
    ("name", "message"),
    [("  ", "Geef het filter een naam."), ("ladders", "Je hebt al een filter dat ladders heet.")],
)
def test_a_saved_filter_needs_a_name_of_its_own(world: World, name, message):
    SavedFilter.objects.create(user=world.partner_a, name="Ladders", query="q=ladder")
    client = world.client("partner_a")
    form = post_form(client.get(reverse(INBOX)).content.decode(), having="name")
    response = client.post(form.action, form.submission(name=name), follow=True)
    assert message in response.content.decode()
    assert list(SavedFilter.objects.values_list("name", flat=True)) == ["Ladders"]


def test_only_its_owner_sees_and_deletes_a_saved_filter(world: World):
    other_partner = PartnerMembershipFactory.create(organisation=world.org_a).user
    theirs = SavedFilter.objects.create(user=other_partner, name="Van een ander", query="q=x")
    mine = SavedFilter.objects.create(user=world.partner_a, name="Mijn filter", query="q=y")
    client = world.client("partner_a")
    html = client.get(reverse(INBOX)).content.decode()
    assert "Mijn filter" in html
    assert "Van een ander" not in html
    delete = reverse("signalen:saved_filter_delete", args=[theirs.pk])
    assert client.post(delete).status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()
    assert f'formaction="{reverse("signalen:saved_filter_delete", args=[mine.pk])}"' in html
    response = client.post(reverse("signalen:saved_filter_delete", args=[mine.pk]), follow=True)
    assert "Filter Mijn filter verwijderd." in response.content.decode()
    assert not SavedFilter.objects.filter(pk=mine.pk).exists()


def bulk_form(world: World, persona: str = "partner_a"):
    html = inbox(world, persona=persona).content.decode()
    return post_form(html, having="signals")


def test_bulk_acknowledge_moves_each_signal_with_its_own_event_and_message(world: World):
    second = signal_factory(reporter=world.volunteer, team=world.team_a)
    form = bulk_form(world)
    assert set(form.fields["signals"].options) == {str(world.signal.pk), str(second.pk)}
    response = world.client("partner_a").post(
        form.action,
        form.submission(signals=[str(world.signal.pk), str(second.pk)], action="acknowledge"),
        follow=True,
    )
    assert "Je hebt de ontvangst van 2 signalen bevestigd." in response.content.decode()
    for signal in (world.signal, second):
        signal.refresh_from_db()
        assert signal.status == Status.ACKNOWLEDGED
        assert signal.events.filter(kind=SignalEvent.Kind.ACKNOWLEDGE).count() == 1
        assert Notification.objects.filter(
            dedup_key__startswith=f"signal_status_changed:{signal.pk}:"
        ).exists()


def test_bulk_is_all_or_nothing_and_names_the_signal_that_cannot_move(world: World):
    second = signal_factory(reporter=world.volunteer, team=world.team_a)
    services.signal_act(signal=second, action="acknowledge", actor=world.partner_a)
    events = SignalEvent.objects.count()
    form = bulk_form(world)
    response = world.client("partner_a").post(
        form.action,
        form.submission(signals=[str(world.signal.pk), str(second.pk)], action="acknowledge"),
        follow=True,
    )
    html = response.content.decode()
    assert f"Er is niets veranderd. Signaal #{second.pk}:" in html
    world.signal.refresh_from_db()
    assert world.signal.status == Status.NEW
    assert SignalEvent.objects.count() == events


def test_bulk_refuses_a_signal_outside_the_inbox(world: World):
    form = bulk_form(world)
    response = world.client("partner_a").post(
        form.action,
        form.submission(signals=[str(world.care_signal.pk)], action="acknowledge"),
        follow=True,
    )
    assert f"Signaal {world.care_signal.pk} staat niet in je lijst." in response.content.decode()
    world.care_signal.refresh_from_db()
    assert world.care_signal.status == Status.NEW


def test_bulk_assign_to_a_colleague(world: World):
    colleague = PartnerMembershipFactory.create(organisation=world.org_a, user__first_name="Kees")
    form = bulk_form(world)
    assert str(colleague.pk) in form.fields["assignee"].options
    response = world.client("partner_a").post(
        form.action,
        form.submission(
            signals=[str(world.signal.pk)], action="assign", assignee=str(colleague.pk)
        ),
        follow=True,
    )
    assert "1 signaal is toegewezen." in response.content.decode()
    world.signal.refresh_from_db()
    assert world.signal.assignee == colleague.user


def test_bulk_forward_outside_the_area_needs_the_confirmation(world: World):
    elsewhere = PartnerOrganisationFactory.create(name="Woonbron Zuid")
    elsewhere.neighbourhoods.set(world.team_b.neighbourhoods.all())
    PartnerMembershipFactory.create(organisation=elsewhere)
    second = signal_factory(reporter=world.volunteer, team=world.team_a)
    form = bulk_form(world)
    ticked = [str(world.signal.pk), str(second.pk)]
    values = {"signals": ticked, "action": "forward", "organisation": str(elsewhere.pk)}
    client = world.client("partner_a")
    refused = client.post(form.action, form.submission(**values, text="Hun woning"), follow=True)
    assert "Woonbron Zuid werkt niet in deze wijk." in refused.content.decode()
    assert Signal.objects.filter(responsible=elsewhere).count() == 0
    no_reason = client.post(form.action, form.submission(**values, outside_area="on"), follow=True)
    assert "Schrijf een tekst." in no_reason.content.decode()
    sent = client.post(
        form.action,
        form.submission(**values, text="Hun woning", outside_area="on"),
        follow=True,
    )
    assert (
        "2 signalen zijn doorgestuurd. Er is een bericht gestuurd naar Woonbron Zuid en de melder."
        in sent.content.decode()
    )
    assert Signal.objects.filter(responsible=elsewhere).count() == 2


def test_act_many_rolls_back_a_signal_of_another_organisation(world: World):
    with pytest.raises(ValidationError) as refused:
        services.signal_act_many(
            signals=[world.signal, world.care_signal], action="acknowledge", actor=world.partner_a
        )
    assert f"#{world.care_signal.pk}" in refused.value.messages[0]
    world.signal.refresh_from_db()
    assert world.signal.status == Status.NEW
    with pytest.raises(ValidationError):
        services.signal_act_many(signals=[world.signal], action="resolve", actor=world.partner_a)


@pytest.mark.parametrize("extra", [0, 25])
def test_the_inbox_searched_sorted_and_saved_uses_a_fixed_number_of_queries(
    world: World, django_assert_num_queries, extra
):
    for _ in range(extra):
        signal_factory(reporter=world.volunteer, team=world.team_a, description="Open raam")
    SavedFilter.objects.create(user=world.partner_a, name="Ramen", query="q=raam&sort=age")
    client = world.client("partner_a")
    url = reverse(INBOX) + "?q=raam&sort=neighbourhood&status=new&pagina=1"
    client.get(url)  # the person's roles and bell count are cached from here on
    # Made again after a change to any signal: user (the session is in the cache), count,
    # page, colleagues and organisations (bulk form), categories and neighbourhoods (filters),
    # saved filters, signals shared for information.
    versions.renew([versions.SIGNALS])
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert len(shown(response)) == min(1 + extra, 25)
    with django_assert_num_queries(1):  # kept: the user
        kept = client.get(url)
    assert shown(kept) == shown(response)
