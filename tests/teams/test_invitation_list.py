"""Moving a WhatsApp group over: a coordinator pastes or uploads a list, sees what happens
with each line, and invites everyone in one go; the same list again invites nobody twice."""

from __future__ import annotations

import time

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from teams.invitation_list import read
from teams.models import Invitation

from ..conftest import World
from ..support.forms import post_form
from .test_invitations import accept, invitation_link

URL = "teams:team_invite_list"


def test_each_line_gets_a_verdict_with_its_reason():
    text = "\n".join([
        "Naam;E-mailadres",
        "Anna de Vries; anna@example.org",
        "Bram <BRAM@example.org>",
        "carla@example.org, Carla",
        "Dirk, +31 6 12345678",
        "Eva, eva@",
        "Anna (tweede keer); anna@example.org",
        "fleur@example.org",
        "Gijs, lid@example.org",
        "Hanna, uitgenodigd@example.org",
        "",
        "Ivo, ivo@example.org, ivo@werk.example.org",
    ])  # fmt: skip
    with translation.override("en"):
        lines = read(text, members={"lid@example.org"}, invited={"uitgenodigd@example.org"})
    got = [(line.number, line.first_name, line.email, line.verdict) for line in lines]
    assert got == [
        (2, "Anna", "anna@example.org", "invite"),
        (3, "Bram", "bram@example.org", "invite"),
        (4, "Carla", "carla@example.org", "invite"),
        (5, "", "", "error"),
        (6, "", "", "error"),
        (7, "Anna", "anna@example.org", "skip"),
        (8, "", "fleur@example.org", "error"),
        (9, "Gijs", "lid@example.org", "skip"),
        (10, "Hanna", "uitgenodigd@example.org", "skip"),
        (12, "", "", "error"),
    ]
    reasons = {line.number: line.reason for line in lines}
    assert reasons[5] == "Only a phone number. Invitations go by e-mail: ask for the address."
    assert reasons[7] == "Already on line 2."
    assert reasons[8] == "No name."


def preview(client, team, file=None, **typed):
    """Fill in the list page as shown (a file is chosen apart: the form reader types text)."""
    url = reverse(URL, args=[team.pk])
    form = post_form(client.get(url).content.decode(), having="people")
    data = form.submission(**typed)
    if file is not None:
        data["file"] = file
    return client.post(url, data)


def test_the_coordinator_checks_the_list_then_invites_everyone_on_it(world: World, commit):
    coordinator = world.client("coordinator")
    people = "Anna, anna@example.org\nBram, bram@example.org\nDirk, 0612345678\n"
    people += f"Vera, {world.volunteer.email}\n"
    before = Invitation.objects.count()
    page = preview(coordinator, world.team_a, people=people)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stuur 2 uitnodigingen" in html
    assert "Alleen een telefoonnummer" in html
    assert "Is al lid van het team" in html
    assert Invitation.objects.count() == before  # nothing sent yet

    mail.outbox.clear()
    send = post_form(html, having="send")
    with commit():
        response = coordinator.post(page.request["PATH_INFO"], send.submission(send=""))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bram@example.org"]
    invitation = Invitation.objects.get(email="anna@example.org")
    assert (invitation.team, invitation.first_name) == (world.team_a, "Anna")
    assert invitation.role == "volunteer"
    message = mail.outbox[[m.to[0] for m in mail.outbox].index("anna@example.org")]
    assert accept(Client(), invitation_link(message)).status_code == 302
    assert world.team_a.memberships.filter(user__email="anna@example.org").exists()

    # The same list again, a day later: nobody is invited twice.
    mail.outbox.clear()
    again = preview(coordinator, world.team_a, people=people).content.decode()
    assert 'name="send"' not in again  # nothing left to send
    assert again.count("Overgeslagen") == 3
    with commit():
        coordinator.post(page.request["PATH_INFO"], {"people": people, "send": ""})
    assert mail.outbox == []


def test_a_csv_file_of_150_people_is_invited_in_one_go(world: World, commit):
    rows = ["Voornaam,Achternaam,E-mail"] + [
        f"Lid{n},Achternaam {n},lid{n}@example.org" for n in range(150)
    ]
    upload = SimpleUploadedFile("groep.csv", "\r\n".join(rows).encode("utf-8-sig"), "text/csv")
    coordinator = world.client("coordinator")
    page = preview(coordinator, world.team_a, file=upload)
    assert "Stuur 150 uitnodigingen" in page.content.decode()
    send = post_form(page.content.decode(), having="send")
    mail.outbox.clear()
    started = time.monotonic()
    with commit():
        response = coordinator.post(page.request["PATH_INFO"], send.submission(send=""))
        assert response.status_code == 302
    seconds = time.monotonic() - started
    print(f"\n150 invitations sent in {seconds:.1f} s (their e-mails delivered in-process)")
    assert seconds < 60  # a coordinator's two minutes, with room
    assert len(mail.outbox) == 150
    # The page the coordinator lands on follows the e-mails; here all of them went.
    progress = coordinator.get(response["Location"]).content.decode()
    assert "150 mensen zijn uitgenodigd" in progress
    assert "E-mails verstuurd: 150 van 150" in progress
    assert 'hx-trigger="every 2s"' not in progress  # nothing left to follow
    assert Invitation.objects.filter(team=world.team_a, email__startswith="lid").count() == 150
    assert not Invitation.objects.filter(first_name__startswith="Achternaam").exists()


def test_a_volunteer_cannot_invite_from_a_list(world: World):
    url = reverse(URL, args=[world.team_a.pk])
    response = world.client("volunteer").post(url, {"people": "Anna, anna@example.org", "send": ""})
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="anna@example.org").exists()


def test_the_progress_page_follows_the_emails_still_on_their_way(world: World):
    """Without the commit the e-mails wait for a worker: the page says so, and asks again."""
    coordinator = world.client("coordinator")
    page = preview(coordinator, world.team_a, people="Anna, anna@example.org\nBram, b@example.org")
    send = post_form(page.content.decode(), having="send")
    response = coordinator.post(page.request["PATH_INFO"], send.submission(send=""))
    progress = coordinator.get(response["Location"]).content.decode()
    assert "E-mails verstuurd: 0 van 2" in progress
    assert "2 e-mails zijn nog onderweg" in progress
    assert 'hx-trigger="every 2s"' in progress
    Notification.objects.filter(email="anna@example.org", channel="email").update(status="sent")
    Notification.objects.filter(email="b@example.org", channel="email").update(status="failed")
    progress = coordinator.get(response["Location"]).content.decode()
    assert "E-mails verstuurd: 1 van 2" in progress
    assert "1 e-mail kon niet worden bezorgd" in progress
    assert 'hx-trigger="every 2s"' not in progress
    # Another coordinator's session has no list to follow.
    other = world.client("admin").get(response["Location"]).content.decode()
    assert "E-mails verstuurd: 0 van 0" in other
