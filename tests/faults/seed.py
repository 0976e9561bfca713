"""The people of a fault stack: one team and its coordinator, who logs in with a password.

    python -m tests.faults.seed coordinator@example.org   # prints the team's id

Run in the stack's environment (its DATABASE_URL), after `manage.py migrate`.
"""

from __future__ import annotations

import json
import os
import sys

PASSWORD = "faults-Long-passw0rd-2026"


def main(email: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtpreventie.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from teams.models import Membership
    from tests.factories import MembershipFactory, TeamFactory

    membership = MembershipFactory.create(
        team=TeamFactory.create(name="Team Storing"),
        role=Membership.Role.COORDINATOR,
        user__email=email,
        user__first_name="Carla",
        user__password=make_password(PASSWORD),
    )
    print(json.dumps({"team": membership.team.pk}))


if __name__ == "__main__":
    main(sys.argv[1])
