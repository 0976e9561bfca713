import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signalen.models import Category, Signal, Status

from ..conftest import World
from ..factories import MembershipFactory, jpeg_bytes, signal_factory
from ..support.forms import post_form
from ..support.pages import warm
from ..support.streaming import body
from .test_inbox import shown


def report_data(world: World, **overrides):
    data = {
        "called_112": "",
        "category": Category.objects.get(code="burglary-risk").pk,
        "subcategory": Category.objects.get(code="burglary-risk-ladder").pk,
        "team": world.volunteer_membership.pk,
        "street": "Kerkstraat",
        "house_number": "22",
        "neighbourhood": world.team_a.neighbourhoods.get().pk,
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Ladder tegen de achtergevel, slaapkamerraam open.",
    }
    data.update(overrides)
    return data


def post_report(world: World, persona="volunteer", **overrides):
    return world.client(persona).post(
        reverse("signalen:signal_create"), report_data(world, **overrides)
    )


def test_a_volunteer_reports_with_a_photo_and_it_reaches_the_police(world: World):
    photo = SimpleUploadedFile("ladder.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    response = post_report(world, photos=[photo], called_112="on")
    signal = Signal.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == signal.get_absolute_url()
    assert signal.category.code == "burglary-risk-ladder"
    assert signal.responsible == world.org_a
    assert signal.called_112 is True
    assert signal.photos.count() == 1
    served = world.client("partner_a").get(signal.photos.get().get_absolute_url())
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert isinstance(served, FileResponse)
    assert b"CameraMaker" not in b"".join(served.streaming_content)


def test_appearance_asks_for_behaviour_or_three_concrete_features(world: World):
    before = Signal.objects.count()
    response = post_report(world, description="Een Marokkaanse jongen liep langs de auto's")
    assert response.status_code == 200
    assert "'Marokkaanse jongen' (kleur of afkomst van een persoon)" in " ".join(
        response.context["form"].errors["description"]
    )
    assert Signal.objects.count() == before
    token = response.context["form"].flag_token()
    assert token
    response = post_report(
        world,
        description="Een Marokkaanse jongen liep langs de auto's",
        check=token,
        feature_1="trok aan drie portieren",
        feature_2="keek steeds om zich heen",
        feature_3="liep weg toen ik aankwam",
    )
    assert response.status_code == 302
    signal = Signal.objects.latest("pk")
    assert signal.description_flagged is True
    assert "trok aan drie portieren" in signal.description


def test_a_rewrite_without_the_terms_is_saved_and_still_counted(world: World):
    first = post_report(world, description="Getinte man stond bij de schuur")
    token = first.context["form"].flag_token()
    response = post_report(
        world, description="Iemand trok aan de schuurdeuren van drie huizen", check=token
    )
    assert response.status_code == 302
    assert Signal.objects.latest("pk").description_flagged is True


def test_a_forged_flag_token_counts_for_nothing(world: World):
    post_report(world, check="forged")
    assert Signal.objects.latest("pk").description_flagged is False


def test_care_signals_take_no_photos_and_ask_for_facts_not_diagnoses(world: World):
    care = Category.objects.get(code="care-worry")
    photo = SimpleUploadedFile("x.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = post_report(
        world, category=care.pk, subcategory="", description="Buurman is dement", photos=[photo]
    )
    form = response.context["form"]
    assert "photos" in form.errors
    assert "klinkt als een diagnose" in str(form.errors["description"])
    response = post_report(
        world,
        category=care.pk,
        subcategory="",
        description="Buurman is dement en staat 's nachts op straat",
        confirm_facts="on",
    )
    assert response.status_code == 302
    assert Signal.objects.latest("pk").responsible == world.org_b


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"street": ""}, "street"),
        ({"category": ""}, "category"),
        ({"category": "999999"}, "category"),
        ({"observed_at": "morgen"}, "observed_at"),
        ({"latitude": "91"}, "latitude"),
        ({"description": "Bel mij op 06-12345678"}, "description"),
    ],
)
def test_bad_report_input_gets_a_message_and_saves_nothing(world: World, overrides, field):
    before = Signal.objects.count()
    response = post_report(world, **overrides)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Signal.objects.count() == before


def test_a_time_in_the_future_or_long_ago_is_refused(world: World):
    future = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    old = (timezone.localtime() - datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    for moment in (future, old):
        response = post_report(world, observed_at=moment)
        assert "observed_at" in response.context["form"].errors


def test_html_in_a_description_is_shown_escaped(world: World):
    post_report(world, description="<img src=x onerror=alert(1)> bij de schuur")
    signal = Signal.objects.latest("pk")
    html = world.client("partner_a").get(signal.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_place_tapped_on_the_map_sets_the_neighbourhood(world: World):
    neighbourhood = world.team_a.neighbourhoods.get()
    neighbourhood.boundary = [[51.0, 4.0], [51.0, 4.1], [51.1, 4.1], [51.1, 4.0]]
    neighbourhood.save()
    post_report(world, neighbourhood="", latitude="51.05", longitude="4.05")
    assert Signal.objects.latest("pk").neighbourhood == neighbourhood


def test_a_patrol_observation_becomes_a_prefilled_report(world: World):
    """The volunteer follows "Report as a signal" on the log, types where and what, and sends
    the form as the page filled it in."""
    observation = world.log.observations.get(kind="unlocked_bikes")
    client = world.client("volunteer")
    log_page = client.get(world.log.get_absolute_url()).content.decode()
    url = reverse("signalen:signal_create") + f"?waarneming={observation.pk}"
    assert url in log_page
    page = client.get(url).content.decode()
    assert world.log.area in page  # named as the round's area, not put in the street
    form = post_form(page, having="description")
    burglary = Category.objects.get(code="burglary-risk")
    assert form.fields["category"].chosen == [str(burglary.pk)]
    assert form.fields["street"].value == ""
    sent = form.submission(
        street="Kerkstraat", description="Drie fietsen zonder slot bij de ingang van de flat."
    )
    response = client.post(url, sent)
    signal = Signal.objects.latest("pk")
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == signal.get_absolute_url()
    assert (signal.source_observation, signal.category, signal.team) == (
        observation,
        burglary,
        world.team_a,
    )
    assert signal.street == "Kerkstraat"
    assert signal.responsible == world.org_a  # a burglary risk goes to the police at once
    other = world.client("other_coordinator").get(url)
    assert other.status_code == 404


def test_the_dashboard_acknowledges_in_place(world: World):
    response = world.client("partner_a").post(
        reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"]),
        {"row": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="signal-row-{world.signal.pk}"')
    assert ">ontvangen<" in html
    world.signal.refresh_from_db()
    assert world.signal.status == Status.ACKNOWLEDGED


def test_resolving_without_feedback_keeps_the_form_in_the_row(world: World):
    client = world.client("partner_a")
    client.post(reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"]))
    response = client.post(
        reverse("signalen:signal_action", args=[world.signal.pk, "resolve"]),
        {"row": "1", "text": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.headers["HX-Retarget"] == f"#signal-form-{world.signal.pk}"
    assert "text" in response.context["form"].errors
    world.signal.refresh_from_db()
    assert world.signal.status == Status.ACKNOWLEDGED


def test_the_reporter_answers_a_question(world: World):
    partner = world.client("partner_a")
    partner.post(reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"]))
    asked = partner.post(
        reverse("signalen:signal_action", args=[world.signal.pk, "ask"]),
        {"text": "Welk raam precies?"},
        follow=True,
    )
    assert (
        "Je vraag is verstuurd. Het signaal wacht nu op de melder. Er is een bericht gestuurd "
        "naar de melder." in asked.content.decode()
    )
    volunteer = world.client("volunteer")
    page = volunteer.get(world.signal.get_absolute_url())
    assert [a.action for a in page.context["actions"]] == ["answer"]
    answered = volunteer.post(
        reverse("signalen:signal_action", args=[world.signal.pk, "answer"]),
        {"text": "Het linker slaapkamerraam."},
        follow=True,
    )
    assert (
        f"Je antwoord is verstuurd. Er is een bericht gestuurd naar {world.org_a.name}."
        in answered.content.decode()
    )
    world.signal.refresh_from_db()
    assert world.signal.status == Status.IN_PROGRESS
    assert world.signal.events.latest("created_at", "pk").text == "Het linker slaapkamerraam."


def test_the_dashboard_filters_by_overdue_category_and_status(world: World):
    late = signal_factory(reporter=world.volunteer, team=world.team_a)
    Signal.objects.filter(pk=late.pk).update(
        acknowledge_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    client = world.client("partner_a")
    inbox = reverse("signalen:partner_inbox")
    assert shown(client.get(inbox + "?overdue=on")) == [late.pk]
    burglary = Category.objects.get(code="burglary-risk").pk
    assert set(shown(client.get(inbox + f"?category={burglary}"))) == {late.pk, world.signal.pk}
    assert shown(client.get(inbox + "?status=resolved")) == []
    assert shown(client.get(inbox))[0] == late.pk  # sorted by deadline: the overdue one first


def test_an_administrator_routes_the_queue_and_checks_who_receives_what(world: World):
    queued = signal_factory(reporter=world.volunteer, team=world.team_a, code="housing")
    client = world.client("admin")
    assert {s.pk for s in client.get(reverse("signalen:regional_queue")).context["signals"]} == {
        queued.pk
    }
    client.post(
        reverse("signalen:signal_action", args=[queued.pk, "routed"]),
        {"organisation": world.org_b.pk},
    )
    queued.refresh_from_db()
    assert queued.responsible == world.org_b
    check = client.get(
        reverse("signalen:routing_check"),
        {
            "category": str(Category.objects.get(code="burglary-risk-ladder").pk),
            "neighbourhood": "",
        },
    )
    assert check.context["rule"].responsible == world.org_a
    nothing = client.get(
        reverse("signalen:routing_check"), {"category": Category.objects.get(code="housing").pk}
    )
    assert nothing.context["rule"] is None


def test_statistics_count_feedback_and_rewrites(world: World):
    from signalen import services

    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    services.signal_act(
        signal=world.signal, action="resolve", actor=world.partner_a, text="Opgelost"
    )
    Signal.objects.filter(pk=world.care_signal.pk).update(description_flagged=True)
    response = world.client("admin").get(reverse("signalen:statistics"))
    figures = response.context["figures"]
    stats = figures["stats"]
    assert (stats.total, stats.resolved, stats.resolved_with_feedback, stats.flagged) == (
        2,
        1,
        1,
        1,
    )
    assert figures["feedback_share"] == 100.0
    assert figures["flagged_share"] == 50.0
    rows = {row["name"]: row for row in stats.per_organisation}
    assert rows[world.org_a.name]["resolved"] == 1


def test_cached_statistics_follow_every_change_at_once(world: World):
    from signalen import services

    client = world.client("admin")
    url = reverse("signalen:statistics")

    def look():
        """The four key figures as shown, and whether the figures were computed."""
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        computed = any(
            "COUNT(" in query["sql"] and "signalen_signal" in query["sql"] for query in captured
        )
        return re.findall(r'class="fs-3">([^<]*)<', html), computed

    assert look() == (["2", "0", "—", "0,0%"], True)
    with CaptureQueriesContext(connection) as cached:
        assert look() == (["2", "0", "—", "0,0%"], False)  # the second look comes from the cache
    assert len(cached) == 2  # the user and the version; 8 when computed (pinned below)

    services.signal_act(signal=world.signal, action="acknowledge", actor=world.partner_a)
    services.signal_act(signal=world.signal, action="resolve", actor=world.partner_a, text="Klaar")
    assert look() == (["2", "1", "100,0%", "0,0%"], True)

    signal_factory(reporter=world.volunteer, team=world.team_a)
    assert look()[0][0] == "3"

    client.post(reverse("language_set"), {"language": "en", "next": "/"})
    assert look()[1]  # the cached page is per language


@pytest.mark.parametrize("extra", [0, 15])
def test_signal_pages_use_a_fixed_number_of_queries(world: World, django_assert_num_queries, extra):
    for _ in range(extra):
        reporter = MembershipFactory.create(team=world.team_a).user
        signal_factory(reporter=reporter, team=world.team_a)
        signal_factory(reporter=world.volunteer, team=world.team_a, code="care-worry")
    for persona, url, queries in [
        ("partner_a", reverse("signalen:partner_inbox"), 9),
        ("volunteer", reverse("signalen:signal_list"), 3),
        ("coordinator", reverse("signalen:signal_list"), 4),
        ("partner_a", reverse("signalen:signal_export"), 4),
        ("partner_a", world.signal.get_absolute_url(), 5),
        ("admin", reverse("signalen:statistics"), 8),
        ("volunteer", reverse("signalen:signal_map"), 3),
        ("partner_a", reverse("home"), 5),
        ("admin", reverse("home"), 7),
    ]:
        client = warm(world.client(persona))
        with django_assert_num_queries(queries):
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:  # the export: read while it is sent
                body(response)


@pytest.mark.parametrize(
    ("now_utc", "typed", "kept_utc"),
    [
        # 02:30 summer time, the first time round: 02:25 was five minutes ago, in summer time.
        ("2027-10-31T00:30", "2027-10-31T02:25", "2027-10-31T00:25"),
        # 02:30 winter time, the second time round: 02:25 was five minutes ago, in winter time.
        ("2027-10-31T01:30", "2027-10-31T02:25", "2027-10-31T01:25"),
    ],
)
def test_a_report_in_the_hour_that_comes_twice_keeps_the_moment_just_seen(
    world: World, time_machine, now_utc, typed, kept_utc
):
    """The night summer time ends, 02:00-03:00 happens twice; a volunteer reporting then
    sends the time the form proposes, and it must not be refused as ambiguous."""
    time_machine.move_to(datetime.datetime.fromisoformat(now_utc + "+00:00"), tick=False)
    page = world.client("volunteer").get(reverse("signalen:signal_create"))
    field = re.search(r'name="observed_at" value="([^"]+)"', page.content.decode())
    assert field, "the form proposes a moment"
    proposed = field[1]
    assert proposed == timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = post_report(world, observed_at=typed)
    assert response.status_code == 302, response.context["form"].errors
    kept = Signal.objects.latest("pk").observed_at
    assert kept == datetime.datetime.fromisoformat(kept_utc + "+00:00")


def test_a_time_in_the_hour_skipped_in_spring_is_refused_with_a_message(world: World):
    before = Signal.objects.count()
    response = post_report(world, observed_at="2027-03-28T02:30")
    assert "observed_at" in response.context["form"].errors
    assert Signal.objects.count() == before


def test_forwarding_from_the_signal_page_ends_on_the_inbox_not_a_404(world: World):
    """After handing a signal to another organisation the partner may no longer read it:
    they land on their inbox with the confirmation, not on the signal they lost."""
    client = world.client("partner_a")
    url = reverse("signalen:signal_action", args=[world.signal.pk, "forward"])
    page = client.get(url).content.decode()
    sent = post_form(page, having="organisation").submission(
        organisation=str(world.org_b.pk), text="Gaat over een woning van de corporatie."
    )
    response = client.post(url, sent, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("signalen:partner_inbox")
    # What happened, and who was told, by name.
    assert (
        "Het signaal is doorgestuurd. Er is een bericht gestuurd naar "
        f"{world.org_b.name} en de melder." in response.content.decode()
    )
    world.signal.refresh_from_db()
    assert world.signal.responsible == world.org_b


def test_after_a_move_a_next_address_elsewhere_is_not_followed(world: World):
    response = world.client("partner_a").post(
        reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"]),
        {"next": "https://elders.example.org/"},
    )
    assert response["Location"] == world.signal.get_absolute_url()


def test_a_care_signal_sent_back_is_routed_from_the_queue_without_its_contents(world: World):
    """The care partner says "not ours": the administrator, who may not read a care signal,
    still routes it from the regional queue; the routing page shows category, neighbourhood
    and age, never what the reporter wrote."""
    signal = world.care_signal
    world.client("partner_b").post(
        reverse("signalen:signal_action", args=[signal.pk, "reject"]),
        {"text": "Geen bewoner in ons gebied."},
    )
    signal.refresh_from_db()
    assert signal.responsible is None
    admin = world.client("admin")
    queue = admin.get(reverse("signalen:regional_queue")).content.decode()
    url = reverse("signalen:signal_action", args=[signal.pk, "routed"])
    assert url in queue
    page = admin.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert signal.category.name in html
    assert signal.description not in html
    assert signal.street not in html
    response = admin.post(url, {"organisation": world.org_b.pk})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.responsible == world.org_b
    # Other moves still need full access.
    other = admin.post(reverse("signalen:signal_action", args=[signal.pk, "acknowledge"]))
    assert other.status_code == 404


def test_routing_outside_the_organisations_working_area_needs_a_confirmation(world: World):
    """The police of the north do not work in the south: the routing page says so beside
    their name, sending it there without confirming is refused with a reason and changes
    nothing, and confirming sends it."""
    queued = signal_factory(reporter=world.other_coordinator, team=world.team_b, code="housing")
    south = world.team_b.neighbourhoods.get()
    assert queued.neighbourhood == south
    client = world.client("admin")
    url = reverse("signalen:signal_action", args=[queued.pk, "routed"])
    page = client.get(url).content.decode()
    assert f"{world.org_a.name} (werkt niet in {south.name})" in page
    assert f"{world.org_b.name}</option>" in page  # works in the south: no remark

    refused = client.post(
        url, post_form(page, having="organisation").submission(organisation=str(world.org_a.pk))
    )
    assert f"{world.org_a.name} werkt niet in deze wijk." in refused.content.decode()
    queued.refresh_from_db()
    assert queued.responsible is None
    assert not queued.events.filter(kind="routed").exists()

    client.post(
        url,
        post_form(page, having="organisation").submission(
            organisation=str(world.org_a.pk), outside_area="on"
        ),
    )
    queued.refresh_from_db()
    assert queued.responsible == world.org_a


def test_the_service_refuses_an_organisation_outside_the_area_without_confirmation(
    world: World,
):
    from django.core.exceptions import ValidationError

    from signalen import services

    queued = signal_factory(reporter=world.other_coordinator, team=world.team_b, code="housing")
    with pytest.raises(ValidationError) as refused:
        services.signal_act(
            signal=queued, action="routed", actor=world.admin, organisation=world.org_a
        )
    assert refused.value.code == "outside_area"
    queued = services.signal_act(
        signal=queued,
        action="routed",
        actor=world.admin,
        organisation=world.org_a,
        outside_area=True,
    )
    assert queued.responsible == world.org_a
