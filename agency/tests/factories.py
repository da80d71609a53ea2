import uuid

import factory
from allauth.account.models import EmailAddress

from agency.models import Agency, Invitation, User
from travault.permissions import Role

TEST_PASSWORD = "correct-horse-battery-9"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n} Travel")
    address = "1 High Street\nLondon\nEC1A 1AA"
    phone = "+44 20 7946 0000"
    email = factory.Sequence(lambda n: f"office{n}@agency.example")
    vat_number = factory.Sequence(lambda n: f"{100000000 + n:09d}")
    company_reg_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    employees = Agency.Employees.SMALL
    business_focus = Agency.BusinessFocus.CORPORATE
    contact_name = "Pat Owner"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@agency.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CONSULTANT

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def invitation_with_token(agency, **fields) -> tuple[Invitation, str]:
    """A pending invitation of ``agency`` and the token its email would carry."""
    invitation = Invitation(
        agency=agency,
        email=fields.pop("email", None) or f"invitee-{uuid.uuid4().hex[:8]}@agency.example",
        first_name=fields.pop("first_name", "Ines"),
        last_name=fields.pop("last_name", "Vitee"),
        role=fields.pop("role", Role.CONSULTANT),
        **fields,
    )
    token = invitation.new_token()
    invitation.save()
    return invitation, token
