"""What the directory adds to the home pages (``cornerstone.accounts.home`` calls these)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cornerstone.accounts.actor import Actor


def stale_directory_entries(actor: Actor, *, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """ "N directory entries need checking", for the entries in the actor's area."""
    from cornerstone.partners.selectors import stale_services_for

    count = stale_services_for(actor, now=now).count()
    if not count:
        return []
    noun = "directory entry needs" if count == 1 else "directory entries need"
    return [(f"{count} {noun} checking", f"{reverse('partners:services')}?stale=on")]
