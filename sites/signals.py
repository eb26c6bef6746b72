"""What provisioning tells the capability apps (they receive; sites never imports them)."""

from django.dispatch import Signal

# Sent with `profile` once a unit's columns, groups and 三审三校 are in place (build_unit).
unit_built = Signal()
