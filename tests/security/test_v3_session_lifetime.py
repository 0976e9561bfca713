"""ASVS V3.3 (session timeout): partners and administrators are signed out after
SESSION_IDLE_TIMEOUT_MINUTES without a request; everyone after SESSION_LIFETIME_HOURS, however
active. The clock is moved by time-machine, from wherever it stands."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..factories import MembershipFactory, PartnerMembershipFactory, UserFactory


def person(kind: str):
    if kind == "partner":
        return PartnerMembershipFactory.create().user
    if kind == "administrator":
        return UserFactory.create(is_staff=True, totp=True)
    return MembershipFactory.create().user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logged_out(client: Client) -> bool:
    response = client.get(reverse("home"))
    if response.status_code == 200:
        return False
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    return True


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_defaults_are_thirty_minutes_idle_and_fourteen_days(settings):
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    assert settings.SESSION_LIFETIME_HOURS == 14 * 24
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


@pytest.mark.parametrize("kind", ["partner", "administrator"])
def test_a_partner_or_administrator_idle_for_31_minutes_is_signed_out(db, clock, kind):
    client = signed_in(person(kind))
    for _ in range(3):  # active for an hour and a half, a request every 29 minutes
        clock.shift(datetime.timedelta(minutes=29))
        assert not logged_out(client)
    clock.shift(datetime.timedelta(minutes=31))
    assert logged_out(client)
    # and stays out
    assert logged_out(client)


def test_a_volunteer_is_not_signed_out_for_being_idle(db, clock):
    client = signed_in(person("volunteer"))
    clock.shift(datetime.timedelta(minutes=31))
    assert not logged_out(client)
    clock.shift(datetime.timedelta(days=3))
    assert not logged_out(client)


@pytest.mark.parametrize("kind", ["volunteer", "partner", "administrator"])
def test_nobody_stays_signed_in_past_the_lifetime(db, clock, settings, kind):
    settings.SESSION_LIFETIME_HOURS = 2
    client = signed_in(person(kind))
    for _ in range(5):  # a request every 20 minutes for 100 minutes
        clock.shift(datetime.timedelta(minutes=20))
        assert not logged_out(client)
    clock.shift(datetime.timedelta(minutes=21))
    assert logged_out(client)


def test_the_volunteers_default_lifetime_is_fourteen_days(db, clock):
    client = signed_in(person("volunteer"))
    clock.shift(datetime.timedelta(days=13, hours=23))
    assert not logged_out(client)
    clock.shift(datetime.timedelta(hours=2))
    assert logged_out(client)
