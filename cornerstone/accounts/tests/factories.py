from __future__ import annotations

import factory

from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("a-long-test-password")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    type = OrganisationType.LOCAL_AUTHORITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REFERRER
