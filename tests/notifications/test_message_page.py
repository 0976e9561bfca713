"""The in-app message page: addresses in the text are links that wrap on a phone, the file an
e-mail had attached is there too (for its recipient only), and e-mails link to SITE_URL."""

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from notifications.models import Delivery, Notification, NotificationPreference
from notifications.services import Attachment, notify

from ..conftest import World
from ..factories import inbox_message

LONG_URL = "https://www.gemeente-havenstad.example.nl/veiligheid/buurtpreventie/" + "a1b2c3" * 20
LONG_EMAIL = "aanmeldingen.buurtpreventie.oude-haven-noord@gemeente-havenstad.example.nl"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def page_of(world: World, message: Notification) -> str:
    response = world.client("volunteer").get(
        reverse("notifications:message_detail", args=[message.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_addresses_in_a_message_are_links_in_a_block_that_wraps(world: World):
    message = inbox_message(
        world.volunteer,
        "Training",
        f"Meer op {LONG_URL}.\nVragen? Mail {LONG_EMAIL}.\n<script>alert(1)</script>",
        "long-address",
    )
    html = page_of(world, message)
    body = html.split('<div class="message-body">', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{LONG_URL}" rel="noopener nofollow">{LONG_URL}</a>.' in body
    assert f'<a href="mailto:{LONG_EMAIL}">{LONG_EMAIL}</a>.' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>" not in body
    assert '<h1 class="h4 message-subject">' in html


def test_a_link_into_the_site_is_not_marked_as_foreign(world: World, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    rsvp = "http://127.0.0.1:8123/trainingen/antwoord/abc:def/"
    html = page_of(world, inbox_message(world.volunteer, "Training", f"Kom je? {rsvp}", "own"))
    assert f'<a href="{rsvp}">{rsvp}</a>' in html


def test_the_training_invitation_offers_its_calendar_entry_to_its_recipient_only(world: World):
    message = Notification.objects.inbox_of(world.volunteer).get(
        event="training_invitation", link=world.training_seat.session.get_absolute_url()
    )
    url = reverse("notifications:message_attachment", args=[message.pk, 1])
    html = page_of(world, message)
    assert f'href="{url}" download="uitnodiging.ics">Zet in agenda</a>' in html

    response = world.client("volunteer").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="uitnodiging.ics"'
    content = response.content.decode().replace("\r\n ", "")  # long lines unfolded
    assert "METHOD:REQUEST" in content
    assert f"mailto:{world.volunteer.email}" in content
    for persona in ("coordinator", "partner_a", "admin"):
        assert world.client(persona).get(url).status_code == 404
    for number in (0, 2):
        other = reverse("notifications:message_attachment", args=[message.pk, number])
        assert world.client("volunteer").get(other).status_code == 404


def test_a_message_without_attachments_offers_no_download(world: World):
    html = page_of(world, world.volunteer_message)
    assert "/bijlage/" not in html
    url = reverse("notifications:message_attachment", args=[world.volunteer_message.pk, 1])
    assert world.client("volunteer").get(url).status_code == 404


def test_the_in_app_copy_keeps_the_attachment_when_no_email_goes(world: World):
    NotificationPreference.objects.create(
        user=world.volunteer, event="membership_ready", delivery=Delivery.OFF
    )
    rows = notify(
        event="membership_ready",
        dedup_key="attachment-without-email",
        recipient=world.volunteer,
        context={"team": {"name": "Team Noord"}},
        attachments=[Attachment("rooster.txt", "Dienst", "text/plain")],
    )
    assert [row.channel for row in rows] == [Notification.Channel.INBOX]
    url = reverse("notifications:message_attachment", args=[rows[0].pk, 1])
    # Not a calendar entry: offered by its name.
    assert f'href="{url}" download="rooster.txt">rooster.txt</a>' in page_of(world, rows[0])
    response = world.client("volunteer").get(url)
    assert response.content == b"Dienst"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_cancellation_is_offered_as_one(world: World):
    cancel = Attachment("afzegging.ics", ICS, "text/calendar; method=CANCEL")
    (row, _email) = notify(
        event="membership_ready",
        dedup_key="cancellation",
        recipient=world.volunteer,
        context={"team": {"name": "Team Noord"}},
        attachments=[cancel],
    )
    assert ">Zet de afzegging in je agenda</a>" in page_of(world, row)


def links_in(message) -> list[str]:
    """Every address in the text body, and every href of the HTML body."""
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return re.findall(r"https?://\S+", message.body) + re.findall(r'href="([^"]*)"', html)


@override_settings(SITE_URL="http://127.0.0.1:8765")
def test_links_in_emails_point_to_the_configured_site_and_port(
    world: World, django_capture_on_commit_callbacks
):
    seat = world.training_seat
    rsvp_url = seat.get_rsvp_url()  # signed with the time: once
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="training_invitation",
            dedup_key="site-url",
            recipient=world.volunteer,
            context={"session": seat.session, "seat": seat, "rsvp_url": rsvp_url},
            link=seat.session.get_absolute_url(),
        )
    links = [link for message in mail.outbox for link in links_in(message)]
    assert f"http://127.0.0.1:8765{rsvp_url}" in links
    assert f"http://127.0.0.1:8765{seat.session.get_absolute_url()}" in links
    assert "http://127.0.0.1:8765/instellingen/meldingen/" in links
    assert [link for link in links if not link.startswith("http://127.0.0.1:8765/")] == []
