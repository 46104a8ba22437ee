from __future__ import annotations

import pytest

from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role


@pytest.fixture
def make_other_dpo(db: None) -> Membership:
    """A data protection officer of another organisation."""
    organisation = Organisation.objects.create(
        name="Southshire Council", type=OrganisationType.LOCAL_AUTHORITY
    )
    user = User.objects.create_user(
        email="other-dpo@example.org", full_name="Olu Other", password="a-long-test-password"
    )
    return Membership.objects.create(user=user, organisation=organisation, role=Role.DATA_PROTECTION_OFFICER)
