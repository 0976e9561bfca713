import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from teams.models import TrainingCoordinator
from trainingen.models import Cohort

from ..conftest import World
from ..factories import PartnerMembershipFactory, UserFactory
from .helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cohort_from_creation_to_certificates(page: Page, browser, live_server, world: World):
    trainer = UserFactory.create(first_name="Tamara")
    TrainingCoordinator.objects.create(user=trainer)
    second_partner = PartnerMembershipFactory.create(
        organisation=world.org_a, user__first_name="Rik"
    ).user
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, trainer.email)

    page.goto(f"{live_server.url}/trainingen/")
    page.get_by_role("link", name="Nieuwe leergang").click()
    page.get_by_label("Naam").fill("Leergang Noord voorjaar")
    page.get_by_label(re.compile(world.team_a.neighbourhoods.get().name)).check()
    # Close together, so the travel past the last session stays within the login's lifetime.
    first = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Eerste bijeenkomst op").fill(first.isoformat())
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Dagen tussen de bijeenkomsten").fill("2")
    page.get_by_label("Locatie").fill("Wijkcentrum Noord")
    assert_accessible(page)
    page.get_by_role("button", name="Leergang aanmaken").click()
    expect(page.get_by_text("Leergang aangemaakt")).to_be_visible()
    cohort = Cohort.objects.get(name="Leergang Noord voorjaar")

    page.get_by_role("link", name="Deelnemers uitnodigen").click()
    page.get_by_label("Team Noord").check()
    page.get_by_label(f"{world.partner_a.get_full_name()}, {world.org_a.name}").check()
    page.get_by_label(f"{second_partner.get_full_name()}, {world.org_a.name}").check()
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.get_by_text("4 mensen uitgenodigd.")).to_be_visible()

    second = cohort.sessions.get(order=2)
    page.locator(".card").filter(has_text="2. Signaleren en melden").get_by_role(
        "link", name="Wijzigen"
    ).click()
    moved = timezone.localtime(second.starts_at).date() + datetime.timedelta(days=1)
    page.get_by_label("Datum").fill(moved.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De deelnemers kregen een bijgewerkte afspraak")).to_be_visible()
    second.refresh_from_db()
    assert second.sequence == 1

    # A participant answers from the e-mail, then fills in the self-assessment.
    invitation = next(
        m for m in mail.outbox
        if m.to == [world.volunteer.email] and "Rol, bevoegdheden" in m.subject
        and any(a[2].startswith("text/calendar") for a in m.attachments)
        and cohort.name in m.body
    )  # fmt: skip
    found = re.search(r"https?://\S+/trainingen/antwoord/\S+/", str(invitation.body))
    assert found, invitation.body
    rsvp = found.group(0)
    participant = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    participant.goto(live_server.url + rsvp[rsvp.index("/trainingen/") :])
    participant.get_by_role("button", name="Ik kom", exact=True).click()
    expect(participant.get_by_text("Dank je, je antwoord is bewaard.")).to_be_visible()
    log_in(participant, live_server.url, world.volunteer.email)
    participant.goto(f"{live_server.url}{cohort.get_absolute_url()}")
    participant.get_by_role(
        "link", name="Vul de zelfevaluatie in voor de eerste bijeenkomst"
    ).click()
    for group in participant.get_by_role("group").all():
        group.get_by_label("4", exact=True).check()
    assert_accessible(participant)
    participant.get_by_role("button", name="Versturen").click()
    expect(participant.get_by_text("Je zelfevaluatie is bewaard")).to_be_visible()
    participant.context.close()

    # After the last session the trainer registers attendance on a tablet.
    last = cohort.sessions.get(order=3)
    page.set_viewport_size({"width": 820, "height": 1180})
    with time_machine.travel(last.ends_at + datetime.timedelta(hours=1)):
        for session in cohort.sessions.order_by("order"):
            page.goto(f"{live_server.url}/trainingen/bijeenkomsten/{session.pk}/aanwezigheid/")
            rows = page.locator(".attendance-list > li")
            expect(rows).to_have_count(4)
            for index in range(4):
                row = rows.nth(index)
                row.get_by_role("button", name="Aanwezig").click()
                expect(row.get_by_role("button", name="Aanwezig")).to_have_attribute(
                    "aria-pressed", "true"
                )
        assert_accessible(page)
        page.goto(f"{live_server.url}{cohort.get_absolute_url()}")
        # First a page with who gets a certificate, then the confirmation.
        page.get_by_role("link", name="Afronden en certificaten uitreiken").click()
        expect(page.get_by_role("cell", name=world.volunteer.get_full_name())).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Afronden en certificaten uitreiken").click()
        expect(page.get_by_text("4 deelnemers hebben het programma afgerond.")).to_be_visible()
        with page.expect_download() as download:
            page.locator("li").filter(has_text=world.volunteer.get_full_name()).get_by_role(
                "link", name="certificaat"
            ).click()
        path = download.value.path()
        assert download.value.suggested_filename.endswith(".pdf")
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    world.volunteer_membership.refresh_from_db()
    assert world.volunteer_membership.training_completed_on is not None
