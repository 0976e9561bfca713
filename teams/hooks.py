"""Hooks other apps connect to, so that teams never imports them."""

from django.dispatch import Signal

# Sent by `seed_demo` after the organisation and roster exist, with today, teams,
# organisations and the demo logins, so that other apps can add their part of the demo.
demo_region_seeded = Signal()
