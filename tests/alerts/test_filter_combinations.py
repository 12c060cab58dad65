"""Any combination of the measure list's filters on the subscription page: the page answers
with the alert in words and the form, or with a clear message and no form, never with a server
error."""

import html
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

VALID = {
    "theme": ["energy", "skills"],
    "target": ["smes"],
    "kind": ["service", "network", "training"],
    "country": ["PL", "DE", "FI"],
    "region": ["DE80", "PL42", "PL"],
    "organisation": ["witeno", "ict"],
    "project": ["next2met"],
    "state": ["ongoing", "completed"],
    "lang": ["de", "en", "pl"],
    "year_from": ["2019", "1990"],
    "year_to": ["2030", "2100"],
    "q": ["klaster", "digital -cloud", '"smart city"', "or"],
    "sort": ["title", "newest"],
    "page": ["2"],
}
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "\x00", "<script>", "9" * 30, "-1", "ZZ", "x" * 300, "%", "energy\u202e"]
    ),
)


@pytest.fixture
def catalogue():
    ThemeFactory(slug="energy", name_en="Energy")
    ThemeFactory(slug="skills", name_en="Skills")
    TargetGroupFactory(slug="smes")
    region = RegionFactory(nuts_code="DE80", country="DE")
    RegionFactory(nuts_code="PL42", country="PL")
    MeasureFactory(organisation=OrganisationFactory(slug="witeno", region=region))


parameters = st.lists(
    st.one_of(
        st.sampled_from(sorted(VALID)).flatmap(
            lambda name: st.tuples(st.just(name), st.sampled_from(VALID[name]))
        ),
        st.tuples(st.sampled_from(sorted(VALID) + ["unknown"]), HOSTILE),
    ),
    max_size=8,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=parameters, language=st.sampled_from(["de", "en", "pl"]))
def test_any_combination_of_filters_gives_the_page_or_a_clear_message(catalogue, pairs, language):
    client = Client()
    query = urlencode(pairs)
    response = client.get(f"/{language}/alerts/measures/?{query}")
    assert response.status_code == 200, query
    text = html.unescape(response.content.decode())
    assert f'<html lang="{language}"' in text
    # Either the filters are understood and the form is offered, or a message says which
    # filter is not, and there is no form.
    has_form = '<form method="post"' in text
    has_message = 'id="error-summary"' in text
    assert has_form != has_message, query
    assert "<script>" not in response.content.decode().split("</head>", 1)[1].replace(
        '<script src="', ""
    )
