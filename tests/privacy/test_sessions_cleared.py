"""Expired sessions are deleted every night (Django keeps them for ever otherwise)."""

import datetime

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from privacy.tasks import clear_expired_sessions

from ..conftest import World
from ..factories import PASSWORD


def test_expired_sessions_are_cleared_and_live_ones_kept(world: World):
    expired, live = Client(), Client()
    for client in (expired, live):
        form = {"login": world.volunteer.email, "password": PASSWORD}
        assert client.post(reverse("account_login"), form).status_code == 302
    old_key = expired.session.session_key
    Session.objects.filter(session_key=old_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert UserSession.objects.filter(session_key=old_key).exists()

    assert clear_expired_sessions() == 1
    assert not Session.objects.filter(session_key=old_key).exists()
    assert not UserSession.objects.filter(session_key=old_key).exists()
    assert Session.objects.filter(session_key=live.session.session_key).exists()
    assert live.get(reverse("home")).status_code == 200


def test_clearing_is_scheduled():
    from buurtpreventie.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "privacy.tasks.clear_expired_sessions" in tasks
