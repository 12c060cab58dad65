import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from core.workflow import Status
from partners.models import (
    Membership,
    MembershipRole,
    Metropolis,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationRole,
    Project,
    Region,
)
from partners.services import user_groups_sync

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class MetropolisFactory(DjangoModelFactory):
    class Meta:
        model = Metropolis

    name_en = factory.Sequence(lambda n: f"Metropolis {n}")
    slug = factory.Sequence(lambda n: f"metropolis-{n}")
    country = "DE"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    nuts_code = factory.Sequence(lambda n: f"X{chr(65 + n // 1000 % 26)}{n % 1000:03d}")
    country = "DE"
    name_en = factory.Sequence(lambda n: f"Region {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.REGIONAL_AUTHORITY
    country = "DE"
    region = factory.SubFactory(RegionFactory)
    status = Status.PUBLISHED


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    title_en = factory.Sequence(lambda n: f"Project title {n}")
    programme_en = "Interreg Europe"
    start_date = factory.Faker("date_between", start_date="-6y", end_date="-3y")
    end_date = factory.Faker("date_between", start_date="-2y", end_date="+2y")


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ParticipationRole.PARTNER


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.EDITOR

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            user_groups_sync(user=self.user)
