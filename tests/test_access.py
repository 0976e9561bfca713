"""The site-wide access table: every URL pattern and every persona → the expected status.

It fails when a URL pattern is not in the table, so a new page cannot go live unchecked.
Outsiders get 404 (the object's existence does not leak), people who may see but not change
get 403, anonymous visitors are sent to the login page (302).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signalen.models import SavedFilter
from teams.models import CalendarFeed

from .conftest import PERSONAS, World
from .factories import handoff_factory

A, V, OC, C, PA, PB, AD = PERSONAS  # short names for the table's columns


@dataclass
class Row:
    kwargs: Callable[[World], dict] = lambda w: {}
    statuses: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)

    def expected(self, persona: str) -> int:
        return self.statuses[persona]


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {persona: overrides.get(persona, status) for persona in PERSONAS}


def logged_in(status: int, **overrides: int) -> dict[str, int]:
    return everyone(status, anonymous=302, **overrides)


def team_a(w: World) -> dict:
    return {"pk": w.team_a.pk}


def org_a(w: World) -> dict:
    return {"pk": w.org_a.pk}


def signal(w: World) -> dict:
    return {"pk": w.signal.pk}


def cohort(w: World) -> dict:
    return {"pk": w.cohort.pk}


def session(w: World) -> dict:
    return {"pk": w.training_seat.session_id}


def rsvp_token(w: World) -> str:
    return w.training_seat.get_rsvp_url().rstrip("/").rsplit("/", 1)[1]


def invitation_attachment(w: World) -> dict:
    """The calendar entry of the volunteer's training invitation, on its in-app copy."""
    from notifications.models import Notification

    message = Notification.objects.inbox_of(w.volunteer).get(
        event="training_invitation", link=w.training_seat.session.get_absolute_url()
    )
    return {"pk": message.pk, "number": 1}


def material_of(w: World):
    from django.core.files.base import ContentFile

    from trainingen.models import Material

    return Material.objects.create(
        template=w.training_seat.session.template,
        title="Hand-out",
        file=ContentFile(b"%PDF-1.4 hand-out", name="hand-out.pdf"),
    )


def announcement_token(w: World) -> str:
    from django.core import signing

    from teams.services.announcements import REPLY_SALT

    named = {"team": w.team_a.pk, "sender": w.coordinator.pk, "subject": "Rooster"}
    return signing.dumps(named, salt=REPLY_SALT)


def api_key_of(w: World):
    from teams.services import api_key_create

    return api_key_create(actor=w.admin, organisation=w.org_a, name="Toegang")[0]


def webhook_of(w: World) -> dict:
    from notifications.services import webhook_endpoint_create

    endpoint, _secret = webhook_endpoint_create(
        owner=w.org_a, url="https://partner.example.nl/hook", events=["signal.received"]
    )
    return {"pk": w.org_a.pk, "webhook_pk": endpoint.pk}


def public_team_of(w: World) -> dict:
    from teams.services import public_page_update

    public_page_update(actor=w.admin, team=w.team_a, is_public=True, slug="noord", intro="")
    return {"slug": "noord"}


def join_code_of(w: World) -> dict:
    from teams.services import join_code

    return {"code": join_code(actor=w.admin, team=w.team_a)}


def join_request_of(w: World) -> dict:
    from teams.services import join_request_create

    request = join_request_create(
        team=w.team_a, first_name="Noor", email="noor@example.org", message="", source="page"
    )
    assert request is not None
    return {"pk": w.team_a.pk, "request_pk": request.pk}


def open_evening_of(w: World) -> dict:
    import datetime

    from django.utils import timezone

    from teams.services import open_evening_add

    evening = open_evening_add(
        actor=w.admin,
        team=w.team_a,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Buurthuis",
    )
    return {"pk": w.team_a.pk, "evening_pk": evening.pk}


def shift(w: World) -> dict:
    return {"pk": w.shift.pk}


def handoff_of(w: World, **shared: bool):
    return handoff_factory(signal=w.signal, actor=w.partner_a, **shared)


def feed_token(w: World) -> str:
    return CalendarFeed.objects.get_or_create(user=w.volunteer)[0].token


TEAM_MANAGERS = {A: 302, V: 403, OC: 404, C: 200, PA: 404, PB: 404, AD: 200}
TEAM_VIEWERS = {**TEAM_MANAGERS, V: 200}
SIGNAL_READERS = {A: 302, V: 200, OC: 404, C: 200, PA: 200, PB: 404, AD: 200}
ADMINS_ONLY = everyone(403, anonymous=302, admin=200)
TEAM_MEMBERS = logged_in(200, **{PA: 403, PB: 403, AD: 403})
COHORT_VIEWERS = {A: 302, V: 200, OC: 404, C: 404, PA: 200, PB: 404, AD: 200}
COHORT_MANAGERS = {**COHORT_VIEWERS, V: 403, PA: 403}
# Signing up is for members; an administrator sees the roster but has no place in it.
SIGNING_UP = {A: 302, V: 302, OC: 404, C: 302, PA: 404, PB: 404, AD: 403}
TEAM_MANAGERS_POST = {**TEAM_MANAGERS, C: 302, AD: 302}
ORG_VIEWERS = {A: 302, V: 404, OC: 404, C: 404, PA: 200, PB: 404, AD: 200}
ORG_MANAGERS = {A: 302, V: 404, OC: 404, C: 404, PA: 403, PB: 404, AD: 200}
ORG_MANAGERS_POST = {**ORG_MANAGERS, AD: 302}
# Logged-in pages of allauth that every persona may use, and those that only make sense
# for visitors who are not logged in (they redirect logged-in users).
ACCOUNT_PAGE = logged_in(200)
VISITOR_PAGE = everyone(302, anonymous=200)

TABLE: dict[str, Row] = {
    "home": Row(statuses=logged_in(200)),
    "healthz": Row(statuses=everyone(200)),
    "ping": Row(statuses=everyone(200)),
    # Only with the bearer METRICS_TOKEN, which no persona has (tests/test_metrics.py).
    "metrics": Row(statuses=everyone(404)),
    "favicon": Row(statuses=everyone(301)),
    "manifest": Row(statuses=everyone(200)),
    "service_worker": Row(statuses=everyone(200)),
    "offline": Row(statuses=everyone(200)),
    "language_set": Row(statuses=everyone(302), method="post"),
    "teams:powers_and_limits": Row(statuses=everyone(200)),
    "teams:profile": Row(statuses=logged_in(200)),
    "teams:invitation_accept": Row(
        kwargs=lambda w: {"token": "not-a-real-token"}, statuses=everyone(404)
    ),
    "teams:team_detail": Row(team_a, TEAM_MANAGERS),
    "teams:team_invite": Row(team_a, TEAM_MANAGERS),
    "teams:team_invite_list": Row(team_a, TEAM_MANAGERS),
    "teams:team_invite_list_sent": Row(team_a, TEAM_MANAGERS),
    # Its coordinators, the administrators and the wijkagent (police in its neighbourhood).
    "teams:team_announce": Row(team_a, {**TEAM_MANAGERS, PA: 200}),
    "teams:announcement_reply": Row(
        lambda w: {"token": announcement_token(w)},
        # Its members, but not the sender (the coordinator here) who would answer themself.
        {A: 302, V: 200, OC: 404, C: 404, PA: 404, PB: 404, AD: 404},
    ),
    "teams:team_invitation_revoke": Row(
        lambda w: {"pk": w.team_a.pk, "invitation_pk": w.team_invitation.pk},
        TEAM_MANAGERS_POST,
        method="post",
    ),
    "teams:membership_edit": Row(
        lambda w: {"pk": w.team_a.pk, "membership_pk": w.volunteer_membership.pk}, TEAM_MANAGERS
    ),
    "teams:region": Row(statuses=ADMINS_ONLY),
    # What new volunteers see (no account needed), and the coordinator's side of it.
    "public_team": Row(public_team_of, everyone(200)),
    "teams:join_from_page": Row(public_team_of, everyone(200)),
    "teams:join_from_sheet": Row(join_code_of, everyone(200)),
    "teams:join_sent": Row(statuses=everyone(200)),
    "teams:join_request_decide": Row(
        join_request_of, TEAM_MANAGERS_POST, method="post", data={"decision": "decline"}
    ),
    "teams:team_public": Row(team_a, TEAM_MANAGERS),
    "teams:open_evening_remove": Row(open_evening_of, TEAM_MANAGERS_POST, method="post"),
    "teams:join_sheet": Row(team_a, TEAM_MANAGERS),
    # Keys are made by the region's administrators and the organisation's leads (the
    # personas' partners are not leads; tests/api/test_api.py makes one a lead).
    "teams:api_key_create": Row(org_a, {**ORG_MANAGERS, PA: 403}),
    "teams:api_key_revoke": Row(
        lambda w: {"pk": w.org_a.pk, "key_pk": api_key_of(w).pk},
        {**ORG_MANAGERS_POST, PA: 403},
        method="post",
    ),
    # Webhooks too (tests/api/test_webhooks.py).
    "teams:webhook_create": Row(org_a, {**ORG_MANAGERS, PA: 403}),
    "teams:webhook_detail": Row(webhook_of, {**ORG_MANAGERS, PA: 403}),
    "teams:webhook_test": Row(webhook_of, {**ORG_MANAGERS_POST, PA: 403}, method="post"),
    "teams:webhook_retry": Row(webhook_of, {**ORG_MANAGERS_POST, PA: 403}, method="post"),
    "teams:webhook_delete": Row(webhook_of, {**ORG_MANAGERS_POST, PA: 403}, method="post"),
    # The API answers keys only (tests/api): a session, however good, gets 401; what it
    # offers (its schema and documentation) is public.
    "api:signals": Row(statuses=everyone(401)),
    "api:signal": Row(lambda w: {"pk": w.signal.pk}, everyone(401)),
    "api:signal_action": Row(lambda w: {"pk": w.signal.pk}, everyone(401), method="post"),
    "api:organisations": Row(statuses=everyone(401)),
    "api:schema": Row(statuses=everyone(200)),
    "api:docs": Row(statuses=everyone(200)),
    "teams:organisation_detail": Row(org_a, ORG_VIEWERS),
    "teams:organisation_invite": Row(org_a, ORG_MANAGERS),
    "teams:organisation_invitation_revoke": Row(
        lambda w: {"pk": w.org_a.pk, "invitation_pk": w.organisation_invitation.pk},
        ORG_MANAGERS_POST,
        method="post",
    ),
    "notifications:inbox": Row(statuses=logged_in(200)),
    "notifications:message_detail": Row(
        lambda w: {"pk": w.volunteer_message.pk}, logged_in(404, volunteer=200)
    ),
    # The file an e-mail had attached, offered with the in-app copy: its recipient only.
    "notifications:message_attachment": Row(invitation_attachment, logged_in(404, volunteer=200)),
    "notifications:mark_read": Row(
        lambda w: {"pk": w.volunteer_message.pk}, logged_in(404, volunteer=302), method="post"
    ),
    "notifications:mark_all_read": Row(statuses=logged_in(302), method="post"),
    "notifications:preferences": Row(statuses=logged_in(200)),
    # Push for one's own devices only (no object in the URL): an empty post is no browser's
    # subscription (400); switching off every device of one's own redirects to the profile.
    "notifications:push_subscribe": Row(statuses=logged_in(400), method="post"),
    "notifications:push_unsubscribe": Row(statuses=logged_in(400), method="post"),
    "notifications:push_unsubscribe_all": Row(statuses=logged_in(302), method="post"),
    # The roster and patrol logs: a team's members see them, its coordinators manage them.
    "teams:roster_index": Row(statuses=logged_in(302, **{PA: 200, PB: 200, AD: 200})),
    "teams:roster": Row(team_a, TEAM_VIEWERS),
    "teams:roster_print": Row(team_a, TEAM_VIEWERS),
    "teams:shift_create": Row(team_a, TEAM_MANAGERS),
    "teams:shift_pattern": Row(team_a, TEAM_MANAGERS),
    "teams:shift_detail": Row(shift, TEAM_VIEWERS),
    "teams:shift_sign_up": Row(shift, SIGNING_UP, method="post"),
    "teams:shift_withdraw": Row(shift, SIGNING_UP, method="post"),
    "teams:shift_edit": Row(shift, TEAM_MANAGERS),
    "teams:shift_cancel": Row(shift, TEAM_MANAGERS),
    # "Zet in agenda": the shift's calendar file, for whoever may see its page.
    "teams:shift_calendar": Row(shift, TEAM_VIEWERS),
    "teams:calendar_settings": Row(statuses=logged_in(200)),
    "teams:calendar_reset": Row(statuses=logged_in(302), method="post"),
    "teams:calendar_feed": Row(lambda w: {"token": feed_token(w)}, everyone(200)),
    "teams:log_list": Row(statuses=logged_in(200)),
    "teams:log_create": Row(lambda w: {"shift_pk": w.past_shift.pk}, TEAM_VIEWERS),
    "teams:log_sheet": Row(lambda w: {"shift_pk": w.shift.pk}, TEAM_VIEWERS),
    "teams:patrol_log_detail": Row(lambda w: {"pk": w.log.pk}, TEAM_VIEWERS),
    "teams:log_edit": Row(lambda w: {"pk": w.log.pk}, TEAM_VIEWERS),
    "teams:log_export": Row(team_a, TEAM_MANAGERS),
    # The report form's location helpers: for team members, who report signals.
    "teams:location_address": Row(statuses=TEAM_MEMBERS, data={"lat": "51.92", "lon": "4.479"}),
    "teams:location_streets": Row(statuses=TEAM_MEMBERS, data={"q": "Kerk"}),
    # Signals: the reporter, the coordinator (normal signals), the responsible organisation;
    # regional pages only for administrators. Care signals have their own tests.
    "signalen:signal_list": Row(statuses=logged_in(200)),
    "signalen:signal_create": Row(statuses=TEAM_MEMBERS),
    # "Al gemeld?" on the report form, and adding to a signal one may read (not as a partner).
    "signalen:similar_signals": Row(statuses=TEAM_MEMBERS),
    "signalen:signal_add_observation": Row(
        signal, {A: 302, V: 200, OC: 404, C: 200, PA: 403, PB: 404, AD: 403}
    ),
    "signalen:signal_detail": Row(signal, SIGNAL_READERS),
    "signalen:signal_action": Row(
        lambda w: {"pk": w.signal.pk, "action": "acknowledge"},
        {**SIGNAL_READERS, V: 403, C: 403, AD: 403},
    ),
    # The conversation: the partner and the reporting team, not an administrator who reads.
    "signalen:signal_message": Row(
        signal,
        {A: 302, V: 302, OC: 404, C: 302, PA: 302, PB: 404, AD: 403},
        method="post",
        data={"text": "Staat het raam nog open?"},
    ),
    "signalen:photo": Row(
        lambda w: {"pk": w.signal.pk, "photo_pk": w.signal.photos.get().pk}, SIGNAL_READERS
    ),
    "signalen:signal_map": Row(statuses=logged_in(200)),
    "signalen:signal_export": Row(statuses=logged_in(200)),
    "signalen:regional_queue": Row(statuses=ADMINS_ONLY),
    "signalen:routing_check": Row(statuses=ADMINS_ONLY),
    "signalen:statistics": Row(statuses=ADMINS_ONLY),
    "signalen:watch": Row(statuses=ADMINS_ONLY),  # and training coordinators
    "signalen:partner_inbox": Row(statuses=logged_in(403, **{PA: 200, PB: 200})),
    # An empty post changes nothing and goes back to the inbox with a message.
    "signalen:inbox_bulk": Row(statuses=logged_in(403, **{PA: 302, PB: 302}), method="post"),
    "signalen:saved_filter_create": Row(
        statuses=logged_in(403, **{PA: 302, PB: 302}), method="post"
    ),
    "signalen:saved_filter_delete": Row(
        lambda w: {"pk": SavedFilter.objects.get_or_create(user=w.partner_a, name="Mijn")[0].pk},
        logged_in(403, **{PA: 302, PB: 404}),
        method="post",
    ),
    # Hand-off to someone outside: the responsible organisation hands off and revokes; the
    # link opens for anyone who has it, a photo only when it was shared.
    "signalen:handoff_create": Row(signal, {**SIGNAL_READERS, V: 403, C: 403, AD: 403}),
    "signalen:handoff_revoke": Row(
        lambda w: {"pk": w.signal.pk, "handoff_pk": handoff_of(w)[0].pk},
        {**SIGNAL_READERS, V: 403, C: 403, PA: 302, AD: 403},
        method="post",
    ),
    "signalen:external_handoff": Row(lambda w: {"token": handoff_of(w)[1]}, everyone(200)),
    "signalen:external_photo": Row(
        lambda w: {
            "token": handoff_of(w, share_photos=True)[1],
            "photo_pk": w.signal.photos.get().pk,
        },
        everyone(200),
    ),
    # Training: participants and their organisations see a cohort; training coordinators
    # (here the administrator) run it.
    "trainingen:index": Row(statuses=logged_in(200)),
    "trainingen:programme_detail": Row(lambda w: {"pk": w.cohort.programme_id}, logged_in(200)),
    "trainingen:material": Row(lambda w: {"pk": material_of(w).pk}, logged_in(200)),
    "trainingen:cohort_create": Row(statuses=ADMINS_ONLY),
    "trainingen:cohort_detail": Row(cohort, COHORT_VIEWERS),
    "trainingen:participants_add": Row(cohort, COHORT_MANAGERS),
    "trainingen:cohort_complete": Row(cohort, {**COHORT_MANAGERS, AD: 302}, method="post"),
    "trainingen:cohort_report": Row(cohort, COHORT_MANAGERS),
    "trainingen:self_assessment": Row(
        lambda w: {"pk": w.cohort.pk, "moment": "pre"}, {**COHORT_VIEWERS, AD: 404}
    ),
    "trainingen:session_detail": Row(session, COHORT_VIEWERS),
    "trainingen:session_calendar": Row(session, COHORT_VIEWERS),
    "trainingen:session_edit": Row(session, COHORT_MANAGERS),
    "trainingen:session_cancel": Row(session, COHORT_MANAGERS),
    "trainingen:attendance": Row(session, COHORT_MANAGERS),
    "trainingen:attendance_sheet": Row(session, COHORT_MANAGERS),
    "trainingen:attendance_set": Row(
        lambda w: {"pk": w.training_seat.session_id, "seat_pk": w.training_seat.pk},
        # The world's session lies ahead: attendance opens an hour before it (400 until then).
        {**COHORT_MANAGERS, AD: 400},
        method="post",
    ),
    "trainingen:feedback": Row(session, {**everyone(404), A: 302, V: 200}),
    "trainingen:rsvp": Row(lambda w: {"token": rsvp_token(w)}, everyone(200)),
    "trainingen:certificate": Row(
        lambda w: {"pk": w.training_seat.participant_id}, {**COHORT_VIEWERS, PA: 403}
    ),
    # django-allauth: accounts and two-factor authentication.
    "account_login": Row(statuses=VISITOR_PAGE),
    "account_signup": Row(statuses=everyone(302, anonymous=200)),  # "sign-up is closed"
    "account_logout": Row(statuses=everyone(200, anonymous=302)),
    "account_reauthenticate": Row(statuses=ACCOUNT_PAGE),
    "account_change_password": Row(statuses=ACCOUNT_PAGE),
    "account_set_password": Row(statuses=logged_in(302)),  # users always have a password
    "account_inactive": Row(statuses=everyone(200)),
    "account_email": Row(statuses=ACCOUNT_PAGE),
    "account_email_verification_sent": Row(statuses=everyone(200)),
    "account_confirm_email": Row(kwargs=lambda w: {"key": "not-a-key"}, statuses=everyone(200)),
    "account_reset_password": Row(statuses=everyone(200)),
    "account_reset_password_done": Row(statuses=everyone(200)),
    "account_reset_password_from_key": Row(
        kwargs=lambda w: {"uidb36": "1", "key": "not-a-key"}, statuses=everyone(200)
    ),
    "account_reset_password_from_key_done": Row(statuses=everyone(200)),
    "account_confirm_login_code": Row(statuses=everyone(302)),  # login by code is off
    # Reauthentication by a code sent by e-mail is off (ACCOUNT_REAUTHENTICATION_METHODS).
    "account_request_reauthentication_code": Row(statuses=logged_in(403)),
    "account_confirm_reauthentication_code": Row(statuses=logged_in(403)),
    "mfa_index": Row(statuses=ACCOUNT_PAGE),
    "mfa_authenticate": Row(statuses=everyone(302)),
    # Changing two-factor settings asks for the password again first (302 to reauthenticate);
    # pages about an authenticator the user does not have answer 404.
    "mfa_reauthenticate": Row(statuses=logged_in(302, **{PA: 200, PB: 200, AD: 200})),
    "mfa_activate_totp": Row(statuses=logged_in(302)),
    "mfa_deactivate_totp": Row(statuses=logged_in(404, **{PA: 302, PB: 302, AD: 302})),
    "mfa_view_recovery_codes": Row(statuses=logged_in(404)),
    "mfa_generate_recovery_codes": Row(statuses=logged_in(302)),
    "mfa_download_recovery_codes": Row(statuses=logged_in(404)),
    "usersessions_list": Row(statuses=ACCOUNT_PAGE),
    # Everyone's own data, and only their own: the URL names no person.
    "privacy:my_data": Row(statuses=ACCOUNT_PAGE),
    "privacy:my_data_download": Row(lambda w: {"fmt": "json"}, ACCOUNT_PAGE),
}


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_is_in_the_access_table():
    names = {name for name in _all_url_names() if not name.startswith("admin:")}
    assert names - TABLE.keys() == set(), "add these URL patterns to the access table"
    assert TABLE.keys() - names == set(), "these table rows name URL patterns that do not exist"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_access(world: World, name: str, persona: str):
    row = TABLE[name]
    url = reverse(name, kwargs=row.kwargs(world))
    response = getattr(world.client(persona), row.method)(url, row.data)
    assert response.status_code == row.expected(persona), (
        f"{persona} {row.method.upper()} {url}: {response.status_code}"
    )


def _admin_urls(world: World) -> list[tuple[str, str]]:
    """Every page of the Django admin, with a real object where the page needs one."""
    urls = [("admin:index", reverse("admin:index"))]
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append((f"{prefix}_changelist", reverse(f"{prefix}_changelist")))
        urls.append((f"{prefix}_add", reverse(f"{prefix}_add")))
        obj = model._default_manager.first()
        if obj is not None:
            for action in ("change", "history", "delete"):
                urls.append((f"{prefix}_{action}", reverse(f"{prefix}_{action}", args=[obj.pk])))
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_only_for_administrators(world: World, persona: str):
    client = world.client(persona)
    for name, url in _admin_urls(world):
        status = client.get(url).status_code
        if persona == "admin":
            assert status in (200, 302, 403), f"{name}: {status}"
        else:
            # Never a page: a redirect to the login, or a refusal for logged-in non-staff.
            assert status in (302, 403), f"{persona} {name}: {status}"


def test_admin_pages_open_for_an_administrator(world: World):
    client = world.client("admin")
    for name, url in _admin_urls(world):
        if name.endswith(("_add", "_delete")):
            continue  # read-only models refuse these with 403, which the test above allows
        # A single-row table (the retention policy) redirects to its one row.
        assert client.get(url, follow=True).status_code == 200, name
