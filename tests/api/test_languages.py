"""Texts in one language with the portal's fallback, or in every language."""

import pytest

pytestmark = pytest.mark.django_db


def test_one_language_falls_back_like_the_pages(client, content):
    url = "/api/v1/measures/broadband/"
    assert client.get(url, {"language": "de"}).json()["title"] == "Breitband für Dörfer"
    # No Polish title: English, the first fallback.
    polish = client.get(url, {"language": "pl"})
    assert polish.json()["title"] == "Broadband for villages"
    assert polish["Content-Language"] == "pl"


def test_all_gives_every_language(client, content):
    measure = client.get("/api/v1/measures/broadband/", {"language": "all"}).json()
    assert measure["title"] == {
        "de": "Breitband für Dörfer",
        "en": "Broadband for villages",
        "pl": None,
    }
    challenge = next(s for s in measure["sections"] if s["key"] == "challenge")
    assert challenge["heading"]["de"] and challenge["heading"]["en"] != challenge["heading"]["de"]
    assert challenge["html"]["en"] == "<p>Villages were offline.</p>"


def test_without_the_parameter_the_accept_language(client, content):
    response = client.get("/api/v1/organisations/alpha-agency/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.json()["name"] == "Alpha Agentur"
    assert "Accept-Language" in response["Vary"]


def test_sections_are_those_of_the_page_in_its_order(client, content):
    sections = client.get("/api/v1/measures/broadband/", {"language": "en"}).json()["sections"]
    assert [s["key"] for s in sections] == ["description", "challenge"]
    assert sections[0]["heading"] == "What was done"
