"""ASVS V2.2.1 (anti-automation) and V7.1 (what the logs record) behind the TLS proxy.

Finding: allauth saw the proxy's address, so ten failed logins from anywhere blocked every
login in the region for a minute, and the access log recorded the proxy, not the person.
The trusted proxy is configured from the environment (TRUSTED_PROXY_COUNT or
TRUSTED_CLIENT_IP_HEADER); these tests read the settings as production reads them, from
the environment, in a process of their own."""

from __future__ import annotations

import json

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from privacy.models import AccessLogEntry

from ..conftest import World
from ..factories import PASSWORD
from ..test_settings import PRODUCTION, run_python

PROXY = "10.0.0.2"  # the TLS proxy in front of gunicorn: every request comes from here
CLIENT_A, CLIENT_B, ATTACKER = "198.51.100.7", "203.0.113.9", "198.51.100.66"
TOO_MANY = "Te veel inlogpogingen"


def settings_from_environment(**environment: str) -> dict:
    """The client-IP settings the project makes of these variables, read in a new process
    as production starts (a setting the environment does not reach is not there)."""
    show = (
        "import json, buurtpreventie.settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) if k.startswith('ALLAUTH_TRUSTED')}))"
    )
    result = run_python("-c", show, env={**PRODUCTION, **environment})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def quick_hashing_of_unknown_accounts(settings):
    """A login for an unknown address hashes the password anyway (the same time as for a
    known one); here with a quick hasher, as the limits do not depend on it. Known accounts
    keep their real hashes."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(scope="module")
def one_proxy() -> dict:
    return settings_from_environment(TRUSTED_PROXY_COUNT="1")


@pytest.fixture(scope="module")
def real_ip_header() -> dict:
    return settings_from_environment(TRUSTED_CLIENT_IP_HEADER="X-Real-IP")


@pytest.fixture(scope="module")
def no_proxy() -> dict:
    return settings_from_environment()


def configure(settings, values: dict) -> None:
    for name, value in values.items():
        setattr(settings, name, value)


def through_proxy(client_ip: str, *, forged: str = "") -> dict:
    """What gunicorn receives from a proxy that appends the address it saw (nginx's
    $proxy_add_x_forwarded_for): whatever the client sent, then the client."""
    chain = f"{forged}, {client_ip}" if forged else client_ip
    return {"REMOTE_ADDR": PROXY, "headers": {"X-Forwarded-For": chain}}


def through_real_ip_proxy(client_ip: str) -> dict:
    """A proxy that sets X-Real-IP to the address it saw, replacing what the client sent."""
    return {"REMOTE_ADDR": PROXY, "headers": {"X-Real-IP": client_ip}}


def log_in(email: str, password: str, via: dict):
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password}, **via)
    return client, response


def fail_ten_logins(via_for) -> None:
    """Ten failed logins (other accounts each time, so only the per-address limit fills)."""
    for attempt in range(10):
        _, response = log_in(f"gok{attempt}@example.org", "wrong-password", via_for(attempt))
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


def refused(response) -> bool:
    return response.status_code == 200 and TOO_MANY in response.content.decode()


@pytest.mark.parametrize("proxy", ["x_forwarded_for", "x_real_ip"])
def test_ten_failed_logins_from_one_client_do_not_block_another(
    world: World, settings, one_proxy, real_ip_header, proxy
):
    configure(settings, one_proxy if proxy == "x_forwarded_for" else real_ip_header)
    via = through_proxy if proxy == "x_forwarded_for" else through_real_ip_proxy
    fail_ten_logins(lambda attempt: via(CLIENT_A))

    _, blocked = log_in(world.volunteer.email, PASSWORD, via(CLIENT_A))
    assert refused(blocked)  # the limit still holds for the client that failed
    client, response = log_in(world.volunteer.email, PASSWORD, via(CLIENT_B))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # The session list (Mijn profiel) shows where the login came from: the person, not the proxy.
    assert UserSession.objects.get(user=world.volunteer).ip == CLIENT_B


def test_a_forged_left_most_entry_can_neither_dodge_nor_spread_the_limit(
    world: World, settings, one_proxy
):
    configure(settings, one_proxy)
    # The attacker writes a new address into X-Forwarded-For each time, once the victim's.
    fail_ten_logins(lambda attempt: through_proxy(ATTACKER, forged=f"192.0.2.{attempt + 1}"))

    _, dodged = log_in(world.volunteer.email, PASSWORD, through_proxy(ATTACKER, forged=CLIENT_B))
    assert refused(dodged)
    _, victim = log_in(world.volunteer.email, PASSWORD, through_proxy(CLIENT_B))
    assert victim.status_code == 302


def test_without_a_configured_proxy_a_forged_header_is_ignored(world: World, settings, no_proxy):
    configure(settings, no_proxy)
    direct = {"REMOTE_ADDR": ATTACKER}
    fail_ten_logins(
        lambda attempt: {**direct, "headers": {"X-Forwarded-For": f"192.0.2.{attempt + 1}"}}
    )
    _, dodged = log_in(
        world.volunteer.email, PASSWORD, {**direct, "headers": {"X-Forwarded-For": CLIENT_B}}
    )
    assert refused(dodged)

    forged = {"X-Forwarded-For": CLIENT_B}
    world.client("partner_b").get(
        world.care_signal.get_absolute_url(), REMOTE_ADDR=ATTACKER, headers=forged
    )
    assert AccessLogEntry.objects.get().ip_address == ATTACKER


@pytest.mark.parametrize("proxy", ["x_forwarded_for", "x_real_ip"])
def test_the_access_log_records_the_client_not_the_proxy(
    world: World, settings, one_proxy, real_ip_header, proxy
):
    configure(settings, one_proxy if proxy == "x_forwarded_for" else real_ip_header)
    via = (
        through_proxy(CLIENT_A, forged="192.0.2.1")
        if proxy == "x_forwarded_for"
        else through_real_ip_proxy(CLIENT_A)
    )
    world.client("partner_b").get(world.care_signal.get_absolute_url(), **via)
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.ip_address) == (AccessLogEntry.Action.CARE_SIGNAL_READ, CLIENT_A)


def test_the_per_account_limit_does_not_start_again_on_another_host_name(world: World):
    for _ in range(5):
        _, response = log_in(world.volunteer.email, "wrong-password", {})
        assert not refused(response)
    for host in ("testserver:8000", "TestServer", "testserver.", "localhost", "testserver"):
        client, response = log_in(world.volunteer.email, PASSWORD, {"headers": {"Host": host}})
        assert refused(response), host
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
            "not both",
        ),
        ({"TRUSTED_CLIENT_IP_HEADER": "X-Forwarded-For"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_CLIENT_IP_HEADER": "X Real IP"}, "TRUSTED_CLIENT_IP_HEADER"),
    ],
)
def test_a_wrong_proxy_setting_stops_the_start(environment, message):
    result = run_python("-c", "import buurtpreventie.settings", env={**PRODUCTION, **environment})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
