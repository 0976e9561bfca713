"""The partners' API: what a key of an organisation reads and does, and what it may not."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from privacy.models import AccessLogEntry
from signalen.models import Signal, SignalEvent, Status
from teams import services
from teams.api_auth import ApiKeyThrottle
from teams.models import ApiKey, PartnerMembership

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import post_form

pytestmark = pytest.mark.django_db


def make_key(world: World, name: str = "Registratiesysteem", organisation=None) -> str:
    _api_key, key = services.api_key_create(
        actor=world.admin, organisation=organisation or world.org_a, name=name
    )
    return key


def api(key: str | None) -> Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client(headers=headers)


def test_without_a_working_key_the_api_answers_401_and_says_how(world: World):
    key = make_key(world)
    url = reverse("api:signals")
    assert api(None).get(url).status_code == 401
    assert api(None).get(url).headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert api(key[:-2] + "xx").get(url).status_code == 401
    assert api("bp_nothing").get(url).status_code == 401
    # A session is no way in either: the API is for systems, with a key.
    assert world.client("partner_a").get(url).status_code == 401
    assert api(key).get(url).status_code == 200


def test_a_revoked_or_expired_key_stops_working(world: World):
    revoked, expired = make_key(world, "Oud"), make_key(world, "Verlopen")
    url = reverse("api:signals")
    assert api(revoked).get(url).status_code == 200
    services.api_key_revoke(actor=world.admin, api_key=ApiKey.objects.get(name="Oud"))
    assert api(revoked).get(url).status_code == 401
    ApiKey.objects.filter(name="Verlopen").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert api(expired).get(url).status_code == 401


def test_a_key_reads_its_organisations_signals_and_no_others(world: World):
    key = make_key(world)
    theirs = signal_factory(reporter=world.volunteer, team=world.team_a, code="housing")
    theirs.responsible = world.org_b
    theirs.save()
    listed = api(key).get(reverse("api:signals")).json()
    ids = {item["id"] for item in listed["results"]}
    assert world.signal.pk in ids
    assert theirs.pk not in ids
    assert ids == set(Signal.objects.filter(responsible=world.org_a).values_list("pk", flat=True))
    assert api(key).get(reverse("api:signal", args=[theirs.pk])).status_code == 404
    assert api(key).get(reverse("api:signal", args=[10**9])).status_code == 404
    moved = api(key).post(
        reverse("api:signal_action", args=[theirs.pk]),
        {"action": "acknowledge"},
        content_type="application/json",
    )
    assert moved.status_code == 404


def test_a_care_signal_shows_its_contents_only_in_its_detail_whose_reading_is_logged(
    world: World,
):
    care = world.care_signal
    assert care.responsible is not None
    key = make_key(world, organisation=care.responsible)
    item = next(
        i for i in api(key).get(reverse("api:signals")).json()["results"] if i["id"] == care.pk
    )
    assert item["is_care"] is True
    assert "description" not in item
    before = AccessLogEntry.objects.filter(object_id=care.pk).count()
    detail = api(key).get(reverse("api:signal", args=[care.pk])).json()
    assert detail["description"] == care.description
    read = AccessLogEntry.objects.filter(object_id=care.pk)
    assert read.count() == before + 1
    assert read.latest("pk").user.first_name == "API: Registratiesysteem"


def test_a_daily_triage_runs_from_a_script(world: World, django_capture_on_commit_callbacks):
    """New signals in, acknowledge, ask the reporter, and resolve with feedback; each move is
    in the signal's history as the key's, and the reporter hears as from the page."""
    key = make_key(world, "Triage-script")
    client = api(key)
    new = client.get(reverse("api:signals"), {"status": "new"}).json()["results"]
    assert world.signal.pk in {item["id"] for item in new}
    assert {item["status"] for item in new} == {"new"}
    url = reverse("api:signal_action", args=[world.signal.pk])

    def move(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, content_type="application/json")

    assert move(action="acknowledge").json()["status"] == Status.ACKNOWLEDGED
    refused = move(action="ask")
    assert refused.status_code == 400
    assert "text" in refused.json()["errors"]
    mail.outbox.clear()
    assert move(action="ask", text="Welke kant van het hek?").json()["status"] == Status.WAITING
    assert Notification.objects.filter(
        recipient=world.volunteer, event="signal_question", channel="inbox"
    ).exists()
    assert move(action="resolve", text="Dank je, het hek is gerepareerd.").status_code == 200
    not_now = move(action="acknowledge")
    assert not_now.status_code == 403
    detail = client.get(reverse("api:signal", args=[world.signal.pk])).json()
    assert detail["status"] == Status.RESOLVED
    assert detail["feedback"] == "Dank je, het hek is gerepareerd."
    by_key = [e for e in detail["events"] if e["by"] == "API: Triage-script"]
    assert [e["kind"] for e in by_key] == ["acknowledge", "ask", "resolve"]
    assert SignalEvent.objects.filter(signal=world.signal, actor__api_key__name="Triage-script")


def test_a_key_forwards_to_an_organisation_it_finds_in_the_list(world: World):
    key = make_key(world)
    organisations = api(key).get(reverse("api:organisations")).json()
    assert {"id": world.org_b.pk, "name": world.org_b.name, "type": world.org_b.type} in (
        organisations
    )
    forwarded = api(key).post(
        reverse("api:signal_action", args=[world.signal.pk]),
        {"action": "forward", "organisation": world.org_b.pk, "text": "Hoort bij de gemeente",
         "outside_area": True},
        content_type="application/json",
    )  # fmt: skip
    assert forwarded.status_code == 200, forwarded.json()
    world.signal.refresh_from_db()
    assert world.signal.responsible == world.org_b
    # Gone from the key's reach, as from the organisation's inbox.
    assert api(key).get(reverse("api:signal", args=[world.signal.pk])).status_code == 404


def test_bad_input_gets_a_clear_answer_and_changes_nothing(world: World):
    key = make_key(world)
    client = api(key)
    before = SignalEvent.objects.count()
    url = reverse("api:signal_action", args=[world.signal.pk])
    for body in [{}, {"action": "explode"}, {"action": "forward", "organisation": 10**9,
                 "text": "x"}, {"action": "forward", "organisation": world.org_b.pk,
                 "outside_area": True, "text": "x" * 5000}]:  # fmt: skip
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, (body, response.content)
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert client.get(reverse("api:signals"), {"status": "lost"}).status_code == 400
    assert client.get(reverse("api:signals"), {"updated_since": "gisteren"}).status_code == 400
    assert SignalEvent.objects.count() == before


def test_pages_of_signals_follow_one_another_without_gaps(world: World):
    key = make_key(world)
    for _ in range(7):
        signal_factory(reporter=world.volunteer, team=world.team_a)
    expected = set(Signal.objects.filter(responsible=world.org_a).values_list("pk", flat=True))
    assert len(expected) > 5
    seen: list[int] = []
    url: str | None = reverse("api:signals") + "?page_size=3"
    while url:
        page = api(key).get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))


def test_each_key_has_its_own_rate_limit(world: World, monkeypatch):
    monkeypatch.setattr(ApiKeyThrottle, "THROTTLE_RATES", {"api_key": "3/minute"})
    first, second = make_key(world, "Een"), make_key(world, "Twee")
    url = reverse("api:organisations")
    assert [api(first).get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api(second).get(url).status_code == 200


def test_the_organisations_lead_makes_a_key_sees_it_once_and_revokes_it(world: World):
    PartnerMembership.objects.filter(user=world.partner_a).update(is_lead=True)
    lead = world.client("partner_a")
    page = lead.get(world.org_a.get_absolute_url()).content.decode()
    url = reverse("teams:api_key_create", args=[world.org_a.pk])
    assert f'href="{url}"' in page
    form = post_form(lead.get(url).content.decode(), having="name")
    made = lead.post(url, form.submission(name="Koppeling BVH"))
    assert made.headers["Cache-Control"] == "no-store"
    html = made.content.decode()
    key = html.split('id="api-key" readonly value="')[1].split('"')[0]
    assert key.startswith("bp_")
    api_key = ApiKey.objects.get(name="Koppeling BVH")
    assert key not in api_key.secret_hash
    assert api(key).get(reverse("api:signals")).status_code == 200
    page = lead.get(world.org_a.get_absolute_url()).content.decode()
    assert key not in page
    assert f"bp_{api_key.prefix}_…" in page
    revoke = reverse("teams:api_key_revoke", args=[world.org_a.pk, api_key.pk])
    assert lead.post(revoke).status_code == 302
    assert api(key).get(reverse("api:signals")).status_code == 401


def test_only_leads_and_administrators_make_keys(world: World):
    url = reverse("teams:api_key_create", args=[world.org_a.pk])
    assert world.client("partner_a").get(url).status_code == 403
    assert world.client("partner_b").get(url).status_code == 404
    assert world.client("admin").get(url).status_code == 200
    # A key cannot make keys: its account is nobody's lead and has no session.
    key = make_key(world)
    assert api(key).get(url).status_code == 302


def test_a_keys_account_is_listed_nowhere_and_never_told(world: World):
    """The account acts for the organisation but is nobody: no message reaches it, and the
    organisation's page does not count it among the colleagues."""
    make_key(world)
    account = ApiKey.objects.get().user
    routed = signal_factory(reporter=world.volunteer, team=world.team_a)
    assert routed.responsible == world.org_a
    told = Notification.objects.filter(event="signal_routed", dedup_key__contains=f":{routed.pk}:")
    assert told.filter(recipient=world.partner_a).exists()
    assert not Notification.objects.filter(recipient=account).exists()
    page = world.client("admin").get(world.org_a.get_absolute_url()).content.decode()
    colleagues = page.split("Collega")[1].split("</ul>")[0]
    assert world.partner_a.get_full_name() in colleagues
    assert "API: Registratiesysteem" not in colleagues
