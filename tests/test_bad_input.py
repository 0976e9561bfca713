"""The bad-input sweep: every form of the product, filled with generated text and numbers.

Each form is found on its page as the person who uses it; its fields (inputs, choices,
check boxes) are read from the HTML and filled by Hypothesis. Whatever comes in: never a
server error, and a form that is refused (shown again with errors, or 4xx) saves nothing.
Search and filter forms (GET) never save anything at all; an export they start is only
written to the access log (who read which signals), as every read of personal data is.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy.models import AppendOnlyModel

from .conftest import World
from .factories import handoff_factory, signal_factory
from .support.forms import Field, Form, forms_of
from .support.signin import sign_in
from .support.streaming import body
from .test_access import rsvp_token

# Apps whose tables hold what people enter; sessions and login records are left out (a
# successful login writes them, and they hold nothing a form saves).
CHECKED_APPS = ("teams", "signalen", "trainingen", "notifications", "privacy", "account", "mfa")

TEXT = st.text(max_size=200)
NUMBER = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
DATE_LIKE = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.sampled_from(["2026-02-30", "31-12-2026", "24:61", "0000-00-00", "9999-12-31T23:59"]),
)


def value_for(f: Field) -> st.SearchStrategy:
    junk = st.one_of(TEXT, NUMBER, DATE_LIKE)
    if f.kind in ("checkbox", "radio"):
        return st.lists(st.one_of(st.sampled_from(f.options), junk), max_size=3)
    if f.kind == "select":
        return st.one_of(st.sampled_from(f.options or [""]), junk)
    if f.kind == "hidden":
        return st.one_of(st.just(f.value), junk)
    if f.kind == "number":
        return st.one_of(NUMBER, TEXT)
    if f.kind == "date":
        return st.one_of(DATE_LIKE, TEXT)
    return st.one_of(TEXT, NUMBER)


def state() -> dict[str, str]:
    """A fingerprint of every row a form could write, per table."""
    models = [model for model in apps.get_models() if model._meta.app_label in CHECKED_APPS]
    if connection.vendor == "postgresql":
        return _state_in_sql([model._meta.db_table for model in models])
    fingerprints = {}
    for model in models:
        digest = hashlib.sha256()
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
        fingerprints[model._meta.db_table] = digest.hexdigest()
    return fingerprints


def _state_in_sql(tables: list[str]) -> dict[str, str]:
    """The same rows, every column, fingerprinted by PostgreSQL in one query: one ORM query
    per table before every example made this sweep the slowest part of the suite."""
    rows_md5 = "(SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t)"
    per_table = ", ".join(rows_md5.format(connection.ops.quote_name(table)) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {per_table}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


ACCESS_LOG = {
    model._meta.db_table for model in apps.get_models() if issubclass(model, AppendOnlyModel)
}


def without_access_log(fingerprints: dict[str, str]) -> dict[str, str]:
    return {table: value for table, value in fingerprints.items() if table not in ACCESS_LOG}


def external_token(world: World) -> dict:
    """A link handed to someone outside the application, as its e-mail carries it."""
    return {"token": handoff_factory(signal=world.signal, actor=world.partner_a)[1]}


def unrouted(world: World):
    """A signal in the regional queue: no routing rule covers its category."""
    return signal_factory(reporter=world.volunteer, team=world.team_a, code="youth-nuisance")


def join_code(world: World) -> str:
    from teams.services import join_code as code

    return code(actor=world.admin, team=world.team_a)


def page(name: str, kwargs: Callable[[World], dict] = lambda w: {}) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs=kwargs(w))


def session_at_the_door(w: World) -> dict:
    """The world's training session, moved to have started ten minutes ago: attendance is
    registered from an hour before the start (the world's session lies ahead)."""
    from trainingen.models import CohortSession

    session = CohortSession.objects.get(pk=w.training_seat.session_id)
    length = session.ends_at - session.starts_at
    session.starts_at = timezone.now() - datetime.timedelta(minutes=10)
    session.ends_at = session.starts_at + length
    session.save(update_fields=["starts_at", "ends_at"])
    return {"pk": session.pk}


# Every form: the page it is on, the person who fills it in.
FORMS: dict[str, tuple[str, Callable[[World], str]]] = {
    "profile": ("volunteer", page("teams:profile")),
    "team invitation": ("coordinator", page("teams:team_invite", lambda w: {"pk": w.team_a.pk})),
    "API key": ("admin", page("teams:api_key_create", lambda w: {"pk": w.org_a.pk})),
    "webhook": ("admin", page("teams:webhook_create", lambda w: {"pk": w.org_a.pk})),
    "doe mee": ("anonymous", lambda w: reverse("teams:join_from_sheet", args=[join_code(w)])),
    "public page and open evenings": (
        "coordinator",
        page("teams:team_public", lambda w: {"pk": w.team_a.pk}),
    ),
    "message to the team": (
        "coordinator",
        page("teams:team_announce", lambda w: {"pk": w.team_a.pk}),
    ),
    "team invitation list": (
        "coordinator",
        page("teams:team_invite_list", lambda w: {"pk": w.team_a.pk}),
    ),
    "organisation invitation": (
        "admin",
        page("teams:organisation_invite", lambda w: {"pk": w.org_a.pk}),
    ),
    "membership": (
        "coordinator",
        page(
            "teams:membership_edit",
            lambda w: {"pk": w.team_a.pk, "membership_pk": w.volunteer_membership.pk},
        ),
    ),
    "new shift": ("coordinator", page("teams:shift_create", lambda w: {"pk": w.team_a.pk})),
    "shift pattern": ("coordinator", page("teams:shift_pattern", lambda w: {"pk": w.team_a.pk})),
    "shift change": ("coordinator", page("teams:shift_edit", lambda w: {"pk": w.shift.pk})),
    "shift cancel": ("coordinator", page("teams:shift_cancel", lambda w: {"pk": w.shift.pk})),
    "patrol log": (
        "volunteer",
        page("teams:log_create", lambda w: {"shift_pk": w.past_shift.pk}),
    ),
    "patrol log change": ("volunteer", page("teams:log_edit", lambda w: {"pk": w.log.pk})),
    "new signal": ("volunteer", page("signalen:signal_create")),
    "signal: not ours": (
        "partner_a",
        page("signalen:signal_action", lambda w: {"pk": w.signal.pk, "action": "reject"}),
    ),
    "signal: forward": (
        "partner_a",
        page("signalen:signal_action", lambda w: {"pk": w.signal.pk, "action": "forward"}),
    ),
    "signal: routing by administrator": (
        "admin",
        page("signalen:signal_action", lambda w: {"pk": unrouted(w).pk, "action": "routed"}),
    ),
    "signal: reported before": (
        "partner_a",
        page("signalen:signal_action", lambda w: {"pk": w.signal.pk, "action": "duplicate"}),
    ),
    "signal: add an observation": (
        "coordinator",
        page("signalen:signal_add_observation", lambda w: {"pk": w.signal.pk}),
    ),
    "partner inbox filter": ("partner_a", page("signalen:partner_inbox")),
    "hand-off to an external party": (
        "partner_a",
        page("signalen:handoff_create", lambda w: {"pk": w.signal.pk}),
    ),
    "external party's answer": ("anonymous", page("signalen:external_handoff", external_token)),
    "routing check": ("admin", page("signalen:routing_check")),
    "e-mail settings": ("volunteer", page("notifications:preferences")),
    "new cohort": ("admin", page("trainingen:cohort_create")),
    "participants": ("admin", page("trainingen:participants_add", lambda w: {"pk": w.cohort.pk})),
    "session change": (
        "admin",
        page("trainingen:session_edit", lambda w: {"pk": w.training_seat.session_id}),
    ),
    "session cancel": (
        "admin",
        page("trainingen:session_cancel", lambda w: {"pk": w.training_seat.session_id}),
    ),
    "attendance": ("admin", page("trainingen:attendance", session_at_the_door)),
    "self-assessment": (
        "volunteer",
        page("trainingen:self_assessment", lambda w: {"pk": w.cohort.pk, "moment": "pre"}),
    ),
    "session feedback": (
        "volunteer",
        page("trainingen:feedback", lambda w: {"pk": w.training_seat.session_id}),
    ),
    "training answer": ("anonymous", page("trainingen:rsvp", lambda w: {"token": rsvp_token(w)})),
    "login": ("anonymous", page("account_login")),
    "password reset": ("anonymous", page("account_reset_password")),
    "password change": ("volunteer, signed in", page("account_change_password")),
    "e-mail addresses": ("volunteer, signed in", page("account_email")),
    # Signed in with the password just now, so the page itself opens, not the re-login.
    "two-factor set-up": ("volunteer, signed in", page("mfa_activate_totp")),
}

# Forms every page carries (log out, language) are tested where they belong.
SITE_WIDE = ("/account/logout/", "/taal/")

SWEEP = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def client_for(world: World, persona: str) -> Client:
    if persona.endswith(", signed in"):
        return sign_in(world.user(persona.removesuffix(", signed in")))
    return world.client(persona)


def forms_on(client: Client, url: str) -> list[Form]:
    """The forms on a page, read once per test: a valid example may change what the page
    shows (a signal sent on, a shift cancelled), the later examples still post to it."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    found = []
    for form in forms_of(response.content.decode()):
        action = urlparse(form.action).path or urlparse(final).path
        if action not in SITE_WIDE:
            form.action = action
            found.append(form)
    return found


# Per test (its world): the client and the forms, kept across Hypothesis's examples. The
# world is kept too, so its id is not reused by a later test's world.
_found: dict[tuple[str, int], tuple[World, Client, list[Form]]] = {}


@pytest.mark.parametrize("name", sorted(FORMS))
@SWEEP
@given(data=st.data())
def test_bad_input_never_fails_and_a_refused_form_saves_nothing(world: World, name: str, data):
    persona, url_of = FORMS[name]
    key = (name, id(world))
    if key not in _found:
        client = client_for(world, persona)
        _found[key] = (world, client, forms_on(client, url_of(world)))
    _world, client, forms = _found[key]
    assert forms, f"{name}: no form found"
    for form in forms:
        values = {
            f.name: data.draw(value_for(f), label=f"{name}.{f.name}") for f in form.fields.values()
        }
        before = state()
        if form.method == "get":
            response = client.get(form.action, values)
        else:
            response = client.post(form.action, values)
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if form.method == "get" or response.status_code != 302:
            refused = form.method == "get" or response.status_code >= 400 or _has_errors(response)
            if not refused:
                continue
            after = state()
            if form.method == "get" and response.status_code == 200:
                # A search that is answered (an export made) logs what was read, no more.
                after, before = without_access_log(after), without_access_log(before)
            assert after == before, f"{name}: a refused form changed data"


def _has_errors(response) -> bool:
    for context in response.context or []:
        values = context.flatten() if hasattr(context, "flatten") else context
        for value in values.values():
            errors = getattr(value, "errors", None)
            if errors and hasattr(value, "is_bound"):
                return True
    return False


# Every page that reads its address's query (request.GET): the person who opens it, and the
# parameters it reads, by name or through the form or filter it binds to the query.
# `test_every_query_parameter_a_view_reads_is_in_the_table` keeps this complete.
def _fields(form_class) -> tuple[str, ...]:
    return tuple(getattr(form_class, "base_filters", None) or form_class.base_fields)


def _get_pages() -> dict[str, tuple[str, Callable[[World], str], tuple[str, ...]]]:
    from signalen.forms import ExportFilter, InboxFilter, ReportForm, RoutingCheckForm
    from teams.forms import PointForm, StreetQueryForm

    action = page("signalen:signal_action", lambda w: {"pk": w.signal.pk, "action": "forward"})
    return {
        "teams:roster": (
            "volunteer",
            page("teams:roster", lambda w: {"pk": w.team_a.pk}),
            ("week", "maand"),
        ),
        "teams:roster_print": (
            "volunteer",
            page("teams:roster_print", lambda w: {"pk": w.team_a.pk}),
            ("maand",),
        ),
        "teams:log_list": ("coordinator", page("teams:log_list"), ("pagina",)),
        "teams:location_address": ("volunteer", page("teams:location_address"), _fields(PointForm)),
        "teams:location_streets": (
            "volunteer",
            page("teams:location_streets"),
            _fields(StreetQueryForm),
        ),
        "signalen:signal_list": ("coordinator", page("signalen:signal_list"), ("pagina", "team")),
        "signalen:signal_create": ("volunteer", page("signalen:signal_create"), ("waarneming",)),
        "signalen:similar_signals": (
            "volunteer",
            page("signalen:similar_signals"),
            _fields(ReportForm),
        ),
        "signalen:signal_action": ("partner_a", action, ("row",)),
        "signalen:partner_inbox": (
            "partner_a",
            page("signalen:partner_inbox"),
            (*_fields(InboxFilter), "pagina"),
        ),
        "signalen:routing_check": (
            "admin",
            page("signalen:routing_check"),
            _fields(RoutingCheckForm),
        ),
        "signalen:signal_export": (
            "partner_a",
            page("signalen:signal_export"),
            _fields(ExportFilter),
        ),
        "notifications:inbox": ("volunteer", page("notifications:inbox"), ("pagina",)),
    }


GET_PAGES = _get_pages()
MONTH_LIKE = st.one_of(
    st.dates().map(lambda d: d.strftime("%Y-%m")),
    st.sampled_from(["0001-01", "9999-12", "2026-00", "2026-13", "-1-01", "10000-01"]),
)
# The ends of the calendar and of the numbers, where arithmetic on a date or a page fails.
EDGES = st.sampled_from(
    ["0001-01-01", "9999-12-31", "0001-01", "9999-12", "0", "-1", "9" * 30, "", "NaN"]
)
QUERY_VALUE = st.one_of(EDGES, TEXT, NUMBER, DATE_LIKE, MONTH_LIKE)


@pytest.mark.parametrize("name", sorted(GET_PAGES))
@settings(SWEEP, max_examples=15)
@given(data=st.data())
def test_no_query_on_any_page_gives_a_server_error_or_changes_data(world: World, name: str, data):
    persona, url_of, parameters = GET_PAGES[name]
    key = (f"GET {name}", id(world))
    if key not in _found:
        _found[key] = (world, client_for(world, persona), [])
    _world, client, _forms = _found[key]
    value = st.one_of(st.none(), QUERY_VALUE, st.lists(QUERY_VALUE, max_size=3))
    drawn = {p: data.draw(value, label=f"{name}?{p}") for p in parameters}
    query = {p: v for p, v in drawn.items() if v is not None}
    before = without_access_log(state())
    response = client.get(url_of(world), query)
    if response.streaming:
        body(response)  # a failure while streaming is one too
    assert response.status_code < 500, f"{name} {query}: {response.status_code}"
    assert without_access_log(state()) == before, f"{name} {query}: a page changed data"


def _query_reads() -> set[tuple[str, str]]:
    """(function, parameter) for every read of request.GET in the apps' code: the name it
    reads, or "*" where the whole query goes to a form, a filter or a helper."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    reads = set()
    for app in ("buurtpreventie", "teams", "signalen", "trainingen", "notifications", "privacy"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if not (isinstance(node, ast.Attribute) and node.attr == "GET"):
                        continue
                    reads.add((function.name, _parameter_read(function, node)))
    return reads


def _parameter_read(function, get) -> str:
    """The literal name in `request.GET.get("name")` / `.getlist("name")` / `["name"]`."""
    import ast

    for node in ast.walk(function):
        call = node if isinstance(node, ast.Call) else None
        if (
            call
            and isinstance(call.func, ast.Attribute)
            and call.func.value is get
            and call.func.attr in ("get", "getlist")
            and call.args
            and isinstance(call.args[0], ast.Constant)
        ):
            return str(call.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and node.value is get
            and isinstance(node.slice, ast.Constant)
        ):
            return str(node.slice.value)
    return "*"


# Helpers that read the query for a view: the page they belong to.
QUERY_HELPERS = {
    "_observation_from": "signalen:signal_create",
    "_inbox_content": "signalen:partner_inbox",
    "_months": "teams:roster",  # and teams:roster_print, swept for ?maand= too
}


def test_every_query_parameter_a_view_reads_is_in_the_table(world: World):
    """A view that starts to read a new parameter (or a new view that reads any) fails here
    until the sweep above covers it."""
    from django.urls import resolve

    pages: dict[str, tuple[str, set[str]]] = {}
    for name, (_persona, url_of, parameters) in GET_PAGES.items():
        pages[resolve(url_of(world)).func.__name__] = (name, set(parameters))
    for helper, name in QUERY_HELPERS.items():
        pages[helper] = (name, set(GET_PAGES[name][2]))
    for function, parameter in sorted(_query_reads()):
        assert function in pages, f"{function} reads request.GET but no page in GET_PAGES does"
        name, read = pages[function]
        assert parameter == "*" or parameter in read, f"{name} reads ?{parameter}"
