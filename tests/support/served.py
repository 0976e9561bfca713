"""What the application serves from one database and storage, as JSON on stdout, for the
restore test (tests/test_restore.py): run `python -m tests.support.served` with the
environment of that database and storage, after `seed_demo`.

The demo's wijkagent opens the inbox (all statuses), every signal page there and every photo
on those pages, through the application's own views."""

from __future__ import annotations

import hashlib
import json
import re

import django


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from signalen.models import Signal, SignalPhoto, Status

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(email="wijkagent@demo.buurtpreventie.nl"))
    statuses = "&".join(f"status={status}" for status in Status.values)
    inbox = client.get(f"/partner/?{statuses}")
    rows = [int(pk) for pk in re.findall(r'<li id="signal-row-(\d+)"', inbox.content.decode())]
    pages, photos = {}, {}
    for signal in Signal.objects.filter(pk__in=rows).order_by("pk"):
        page = client.get(signal.get_absolute_url())
        pages[signal.pk] = [
            page.status_code,
            hashlib.sha256(signal.description.encode()).hexdigest(),
        ]
        for photo in SignalPhoto.objects.filter(signal=signal).order_by("pk"):
            served = client.get(photo.get_absolute_url())
            photos[photo.get_absolute_url()] = [
                served.status_code,
                hashlib.sha256(served.getvalue()).hexdigest(),
            ]
    print(
        json.dumps(
            {"inbox": rows, "pages": pages, "photos": photos, "signals": Signal.objects.count()}
        )
    )


if __name__ == "__main__":
    main()
