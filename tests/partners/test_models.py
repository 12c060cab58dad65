"""Integrity rules the database itself enforces."""

import datetime

import pytest
from django.db import IntegrityError

from partners.models import Membership, Organisation, Participation
from tests.partners.factories import (
    MembershipFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProjectFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def test_nuts_codes_are_unique():
    RegionFactory(nuts_code="DE80")
    with pytest.raises(IntegrityError):
        RegionFactory(nuts_code="DE80")


@pytest.mark.parametrize("code", ["de80", "D", "8E80", "DE-8"])
def test_nuts_codes_have_the_nuts_form(code):
    with pytest.raises(IntegrityError):
        RegionFactory(nuts_code=code)


def test_organisation_slugs_are_unique():
    OrganisationFactory(slug="witeno")
    with pytest.raises(IntegrityError):
        OrganisationFactory(slug="witeno")


def test_project_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        ProjectFactory(start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2022, 12, 31))


def test_project_period_may_be_unknown():
    project = ProjectFactory(start_date=None, end_date=None)
    assert project.years == ""


def test_one_membership_per_user_and_organisation():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=membership.user, organisation=membership.organisation, role="manager"
        )


def test_one_participation_per_project_and_organisation_and_one_lead():
    participation = ParticipationFactory(role="lead_partner")
    with pytest.raises(IntegrityError):
        ParticipationFactory(project=participation.project, role="lead_partner")


def test_same_organisation_cannot_join_a_project_twice():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError):
        Participation.objects.create(
            project=participation.project, organisation=participation.organisation
        )


def test_status_must_be_a_workflow_status():
    with pytest.raises(IntegrityError):
        OrganisationFactory(status="deleted")


def test_published_queryset():
    published = OrganisationFactory(status="published")
    OrganisationFactory(status="draft")
    assert list(Organisation.objects.published()) == [published]


def test_translated_names_fall_back_to_english():
    organisation = OrganisationFactory(name_en="Regional Council", name_pl="")
    from django.utils import translation

    with translation.override("pl"):
        assert organisation.name == "Regional Council"
