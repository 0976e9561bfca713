"""Scale-out (docs/operations.md): two gunicorn servers, two Celery workers and a beat
against one PostgreSQL database, one Redis and one S3 bucket (moto's local server). What a
person does on one server holds on the other.

Needs PostgreSQL (the processes share the test database) and TEST_REDIS_URL."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest
import redis
import requests
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from signalen.models import Signal, SignalPhoto, Status

from .conftest import World
from .factories import PASSWORD, jpeg_bytes
from .signalen.test_views import report_data
from .support.processes import (
    ROOT,
    base_env,
    mail_to,
    start_beat,
    start_web,
    start_worker,
    wait_for,
)
from .support.s3 import s3_server
from .support.signin import app_code

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


class Visitor:
    """A browser without script: cookies (one jar for both servers, which share a host),
    forms posted with the CSRF token of the page they are on."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def get(self, url: str) -> requests.Response:
        return self.http.get(url, timeout=15, allow_redirects=False)

    def post(self, url: str, data: dict, files: dict | None = None) -> requests.Response:
        page = self.get(url).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form at {url}"
        return self.http.post(
            url,
            data={**data, "csrfmiddlewaretoken": token.group(1)},
            files=files,
            headers={"Referer": url},
            timeout=30,
            allow_redirects=False,
        )

    def log_in(self, server: str, user, password: str = PASSWORD) -> requests.Response:
        """Password, then the authenticator app's code when the person has one."""
        url = server + reverse("account_login")
        response = self.post(url, {"login": user.email, "password": password})
        if response.headers.get("Location") == reverse("mfa_authenticate"):
            # The server's clock (tests/support/clock.py) may be a moment behind this one's:
            # then the code of the period before is the one it expects. On a busy machine a
            # code may also arrive in the next period and be refused: then read the app again,
            # as a person would.
            for periods in (0, -1, 0):
                code = app_code(user, periods=periods)
                response = self.post(server + reverse("mfa_authenticate"), {"code": code})
                if response.status_code == 302:
                    break
        return response


def rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<li id="signal-row-(\d+)"', html)}


@pytest.fixture
def region(world: World, redis_url, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, shared with the server processes (set DATABASE_URL)")
    redis.Redis.from_url(redis_url).flushdb()
    started = []
    with s3_server() as s3:
        bucket = s3.new_bucket()
        env = base_env(tmp_path, redis_url, MFA_REQUIRED="False", **s3.environment(bucket))
        try:
            for name in ("worker-1", "worker-2"):
                started.append(start_worker(tmp_path, env, name=name))
            started.append(start_beat(tmp_path, env))
            a, b = (start_web(tmp_path, env, name=name) for name in ("web-a", "web-b"))
            started += [a, b]
            yield world, a.extra["url"], b.extra["url"], s3, bucket, env, tmp_path
        finally:
            for process in started:
                process.stop()


def test_two_servers_two_workers_and_a_beat_act_as_one(region):
    world, a, b, s3, bucket, env, tmp_path = region

    # A session started on A works on B.
    volunteer = Visitor()
    assert volunteer.log_in(a, world.volunteer).status_code == 302
    home = volunteer.get(b + reverse("home"))
    assert home.status_code == 200
    assert world.volunteer.first_name in home.text

    # The partner's inbox on B is kept in the cache; a report made on A shows there.
    partner = Visitor()
    assert partner.log_in(b, world.partner_a).status_code == 302
    inbox = b + reverse("signalen:partner_inbox")
    before = rows(partner.get(inbox).text)
    admin = Visitor()
    assert admin.log_in(a, world.admin).status_code == 302
    statistics = admin.get(b + reverse("signalen:statistics")).text

    # A photo sent with a report to A is in the bucket and served by B.
    report = {k: str(v) for k, v in report_data(world).items()}
    sent = volunteer.post(
        a + reverse("signalen:signal_create"),
        report,
        files={"photos": ("ladder.jpg", jpeg_bytes(), "image/jpeg")},
    )
    assert sent.status_code == 302, sent.text[-2000:]
    signal = Signal.objects.latest("pk")
    photo = SignalPhoto.objects.get(signal=signal)
    assert s3.keys(bucket) == [photo.image.name]
    served = partner.get(b + photo.get_absolute_url())
    assert served.status_code == 200
    stored = s3.client().get_object(Bucket=bucket, Key=photo.image.name)["Body"].read()
    assert served.content == stored
    assert rows(partner.get(inbox).text) == before | {signal.pk}
    assert admin.get(b + reverse("signalen:statistics")).text != statistics

    # Retention, run as a command on another machine, removes the photo for both servers.
    Signal.objects.filter(pk=signal.pk).update(
        status=Status.RESOLVED, resolved_at=timezone.now() - datetime.timedelta(days=3650)
    )
    subprocess.run([sys.executable, "manage.py", "retention_apply"], cwd=ROOT, env=env, check=True)
    assert s3.keys(bucket) == []
    for server in (a, b):
        assert partner.get(server + photo.get_absolute_url()).status_code == 404

    # Invitations made on both servers: each e-mail delivered once, with two workers.
    coordinator = Visitor()
    assert coordinator.log_in(a, world.coordinator).status_code == 302
    invite = reverse("teams:team_invite", args=[world.team_a.pk])
    invited = [f"nieuw{n}@example.org" for n in range(8)]
    for n, email in enumerate(invited):
        made = coordinator.post((a, b)[n % 2] + invite, {"first_name": "Nieuw", "email": email})
        assert made.status_code == 302
    wait_for(
        lambda: (
            Notification.objects.filter(email__in=invited, status=Notification.Status.SENT).count()
            == len(invited)
        ),
        timeout=30,
        what="the invitations delivered",
    )
    assert [len(mail_to(tmp_path, email)) for email in invited] == [1] * len(invited)

    # Failed logins count across both servers: five for one account, and it is locked.
    stranger = Visitor()
    for attempt in range(5):
        wrong = stranger.log_in((a, b)[attempt % 2], world.volunteer, "wrong")
        assert wrong.status_code == 200
    for server in (a, b):
        assert Visitor().log_in(server, world.volunteer).status_code != 302
