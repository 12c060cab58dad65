"""The demo organisations, projects and participations state what the documents say."""

import datetime
import io

import pytest
from django.core.management.color import no_style
from django.urls import reverse
from django.utils import translation

from partners import demo
from partners.models import Metropolis, Organisation, Participation, Project, Region

pytestmark = pytest.mark.django_db

# The partner list of the German Next2Met page.
NEXT2MET_PARTNERS_DE = {
    "Regionalrat von Päijät-Häme",
    "ecoplus, Niederösterreichs Wirtschaftsagentur",
    "WITENO GmbH",
    "Provinzialrat der Stadt Barcelona",
    "Konferenz der peripheren Küstenregionen",
    "Regionalversammlung der East Midlands",
    "Woiwodschaft Podlachien",
}


@pytest.fixture
def loaded():
    demo.load(stdout=io.StringIO(), style=no_style())


def get(client, name: str, **kwargs) -> str:
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_next2met_has_its_seven_partners_without_invented_roles(loaded):
    project = Project.objects.get(slug="next2met")
    assert (project.start_date, project.end_date) == (
        datetime.date(2019, 8, 1),
        datetime.date(2023, 7, 31),
    )
    participations = Participation.objects.filter(project=project).select_related("organisation")
    assert {p.organisation.name_de for p in participations} == NEXT2MET_PARTNERS_DE
    assert {p.role for p in participations} == {"partner"}


def test_projects_without_documented_title_dates_or_roles_leave_them_empty(loaded, client):
    series = Project.objects.get(slug="pl-de-cross-border-cooperation")
    assert (series.start_date, series.end_date) == (None, None)
    assert (
        series.title_de == "Entwicklung der deutsch-polnischen grenzüberschreitenden Zusammenarbeit"
    )
    roles = dict(series.participations.values_list("organisation__slug", "role"))
    assert roles == {"klaster-ict-pomorze-zachodnie": "", "witeno": "partner"}
    for slug in ("next2met", "blues", "cohes3ion"):
        assert Project.objects.get(slug=slug).title_en == "", slug
    assert Project.objects.get(slug="cohes3ion").fund_en == ""
    html = get(client, "projects:detail", slug="pl-de-cross-border-cooperation")
    assert "<dt>Period</dt>" not in html
    assert "Lead partner" not in html
    assert "– , " not in html and "–  " not in html
    cluster = get(client, "partners:organisation_detail", slug="klaster-ict-pomorze-zachodnie")
    assert "(, " not in cluster


def test_organisations_carry_no_contact_details_the_documents_do_not_give(loaded):
    assert not Organisation.objects.exclude(website="").exists()
    witeno = Organisation.objects.get(slug="witeno")
    assert (witeno.email, witeno.phone, witeno.city_en) == (
        "moeller@witeno.de",
        "+49 3834 550 106",
        "Greifswald",
    )
    assert set(Organisation.objects.exclude(email="").values_list("slug", flat=True)) == {"witeno"}
    for slug in (
        "paijat-hame",
        "ecoplus",
        "cpmr",
        "podlaskie",
        "mazowieckie",
        "mazovian-it-cluster",
    ):
        assert Organisation.objects.get(slug=slug).city_en == "", slug


def test_regions_and_metropolises_are_those_of_the_documents(loaded):
    assert set(Metropolis.objects.values_list("slug", flat=True)) == {
        "berlin",
        "hamburg",
        "szczecin",
        "warsaw",
    }
    assert set(
        Region.objects.get(nuts_code="DE80").metropolises.values_list("slug", flat=True)
    ) == {
        "berlin",
        "hamburg",
        "szczecin",
    }
    assert Organisation.objects.get(slug="mazovian-it-cluster").region.nuts_code == "PL9"
    assert Organisation.objects.get(slug="cpmr").region is None
