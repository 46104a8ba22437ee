"""Which roles keep contacts and upload guidance (no model imports)."""

from __future__ import annotations

from cornerstone.accounts.roles import Role

CONTACT_KEEPERS: frozenset[str] = frozenset(
    {Role.SYSTEM_ADMINISTRATOR, Role.FORCE_PREVENT_LEAD, Role.REGIONAL_PREVENT_COORDINATOR}
)
GUIDANCE_UPLOADERS: frozenset[str] = CONTACT_KEEPERS
