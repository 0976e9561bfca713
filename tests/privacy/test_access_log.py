"""The access log: every care-signal read, export and data download leaves an entry (who,
what, when, from where), administrators can search it, and nothing can change it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from privacy.models import AccessLogEntry, AppendOnlyError

from ..conftest import World


def entries(action: str) -> list[tuple]:
    return [
        (e.user, e.object_type, e.object_id, e.ip_address)
        for e in AccessLogEntry.objects.filter(action=action).order_by("pk")
    ]


def test_every_read_export_and_download_is_recorded(world: World):
    care = world.care_signal
    world.client("partner_b").get(care.get_absolute_url())
    world.client("partner_b").get(care.get_absolute_url())  # every read, not every reader
    world.client("coordinator").get(reverse("signalen:signal_export"))
    world.client("coordinator").get(reverse("teams:log_export", args=[world.team_a.pk]))
    world.client("volunteer").get(reverse("privacy:my_data_download", args=["json"]))
    world.client("volunteer").get(reverse("privacy:my_data_download", args=["html"]))
    # Not recorded: normal signals, a care signal seen as a summary, refused exports.
    world.client("partner_a").get(world.signal.get_absolute_url())
    world.client("coordinator").get(care.get_absolute_url())
    world.client("volunteer").get(reverse("teams:log_export", args=[world.team_a.pk]))

    ip = "127.0.0.1"
    # The downloads show the volunteer's own care signal: each is a read of it too.
    assert (
        entries("care_read")
        == [(world.partner_b, "signal", str(care.pk), ip)] * 2
        + [(world.volunteer, "signal", str(care.pk), ip)] * 2
    )
    assert entries("export") == [
        (world.coordinator, "signals", "", ip),
        (world.coordinator, "patrol_logs", str(world.team_a.pk), ip),
    ]
    assert entries("download") == [(world.volunteer, "user", str(world.volunteer.pk), ip)] * 2
    assert AccessLogEntry.objects.count() == 8


def test_an_entry_cannot_be_changed_or_deleted_in_code(world: World):
    world.client("partner_b").get(world.care_signal.get_absolute_url())
    entry = AccessLogEntry.objects.get()
    entry.detail = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="changed")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().detail == ""


def test_an_administrator_searches_the_log_but_cannot_change_it(world: World):
    world.client("partner_b").get(world.care_signal.get_absolute_url())
    world.client("coordinator").get(reverse("signalen:signal_export"))
    entry = AccessLogEntry.objects.get(action="care_read")
    admin = world.client("admin")
    changelist = reverse("admin:privacy_accesslogentry_changelist")

    found = admin.get(changelist, {"q": world.partner_b.email})
    assert [e.pk for e in found.context["cl"].result_list] == [entry.pk]
    assert [
        e.action
        for e in admin.get(changelist, {"action__exact": "export"}).context["cl"].result_list
    ] == ["export"]

    change = reverse("admin:privacy_accesslogentry_change", args=[entry.pk])
    delete = reverse("admin:privacy_accesslogentry_delete", args=[entry.pk])
    assert admin.get(change).status_code == 200  # to read
    assert admin.post(change, {"detail": "changed", "action": "export"}).status_code == 403
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert admin.post(reverse("admin:privacy_accesslogentry_add"), {}).status_code == 403
    bulk = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    entry_now = AccessLogEntry.objects.get(pk=entry.pk)
    assert (entry_now.action, entry_now.detail) == ("care_read", "")
    assert AccessLogEntry.objects.count() == 2


def test_a_person_with_log_entries_cannot_be_deleted_only_erased(world: World):
    from django.db.models import ProtectedError

    world.client("partner_b").get(world.care_signal.get_absolute_url())
    with pytest.raises(ProtectedError):
        world.partner_b.delete()
