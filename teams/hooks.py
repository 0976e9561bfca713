"""Hooks other apps connect to, so that teams never imports them.

The receivers live in each app's `demo` and `demo_large` modules, which `seed_demo` imports
when it runs (not at start-up), so they are connected only for the seed.
"""

from django.dispatch import Signal

# Sent by `seed_demo` after the organisation and roster exist, with today, teams,
# organisations and the demo logins, so that other apps can add their part of the demo.
demo_region_seeded = Signal()

# Sent by `seed_demo --size large` after the teams part of the region at scale exists, with
# today, all teams (and the demo's own), all organisations, a seeded random generator and the
# command's output.
large_region_seeded = Signal()
