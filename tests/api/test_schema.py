"""The API against its own OpenAPI schema (schemathesis): whatever a client sends that the
schema allows or forbids, the API never fails (no 5xx), and every answer has the status,
content type and shape the schema documents."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from teams import services

from ..conftest import World

pytestmark = pytest.mark.django_db


def served_schema() -> dict:
    """The schema /api/schema/ serves, made as it makes it (no database needed)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = get_wsgi_application()

# A request the schema allows may still be refused by the workflow (resolving a signal that
# is new): that is a documented 403 or 400, not a failure to accept valid data.
EXCLUDED = [check for check in CHECKS.get_all() if check.__name__ == "positive_data_acceptance"]


@pytest.fixture
def key(world: World) -> str:
    return services.api_key_create(actor=world.admin, organisation=world.org_a, name="Schema")[1]


@pytest.fixture
def in_this_transaction():
    """Through the app's WSGI handler in the test's transaction, as Django's test client
    calls it: without closing the connection after each request (which would end it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_tested_is_the_one_served(db):
    assert Client().get("/api/schema/?format=json").json() == served_schema()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)  # fmt: skip
def test_the_api_keeps_to_its_schema(case, key: str, world: World, in_this_transaction):
    if case.path_parameters and case.path_parameters.get("pk", 0) % 2:
        # Also the organisation's own signal, not only numbers that exist for nobody.
        case.path_parameters["pk"] = world.signal.pk
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, excluded_checks=EXCLUDED)
