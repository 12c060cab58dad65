"""The DCAT-AP catalogue of the portal's datasets, read as RDF."""

import warnings

import pytest
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from core.workflow import Status
from events.models import EventStatus
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

EU = "http://publications.europa.eu/resource/authority"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


def graph(client) -> Graph:
    response = client.get(reverse("catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser still builds a ConjunctiveGraph inside.
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=response.content.decode(), format="json-ld")


def test_the_catalogue_describes_three_datasets_in_three_languages(client, settings):
    settings.SITE_URL = "https://portal.example"
    catalogue = graph(client)
    (portal,) = catalogue.subjects(RDF.type, DCAT.Catalog)
    datasets = set(catalogue.objects(portal, DCAT.dataset))
    assert len(datasets) == 3
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in catalogue
        titles = {title.language for title in catalogue.objects(dataset, DCTERMS.title)}
        assert titles == {"de", "en", "pl"}
        assert (
            dataset,
            DCTERMS.license,
            URIRef("https://creativecommons.org/licenses/by/4.0/"),
        ) in catalogue
        assert catalogue.value(dataset, DCTERMS.publisher) is not None
        contact = catalogue.value(dataset, DCAT.contactPoint)
        assert str(catalogue.value(contact, VCARD.hasEmail)).startswith("mailto:")
        languages = set(catalogue.objects(dataset, DCTERMS.language))
        assert languages == {URIRef(f"{EU}/language/{code}") for code in ("DEU", "ENG", "POL")}
        for distribution in catalogue.objects(dataset, DCAT.distribution):
            url = str(catalogue.value(distribution, DCAT.accessURL))
            assert url.startswith("https://portal.example/")
            assert catalogue.value(distribution, DCTERMS.format) is not None


def test_every_distribution_answers(client):
    catalogue = graph(client)
    urls = {str(url) for url in catalogue.objects(None, DCAT.accessURL)}
    assert len(urls) == 3 * 9  # nine distributions (three of the API), each in three languages
    for url in urls:
        path = url.split("://", 1)[1].split("/", 1)[1]
        response = client.get("/" + path)
        assert response.status_code == 200, url


def test_each_dataset_is_distributed_through_the_api_with_its_schema(client):
    catalogue = graph(client)
    for dataset in catalogue.subjects(RDF.type, DCAT.Dataset):
        through_api = [
            distribution
            for distribution in catalogue.objects(dataset, DCAT.distribution)
            if "/api/v1/" in str(catalogue.value(distribution, DCAT.accessURL))
        ]
        assert len(through_api) == 3, dataset
        for distribution in through_api:
            schema = str(catalogue.value(distribution, DCTERMS.conformsTo))
            assert schema.endswith("/api/v1/openapi.json")
            service = catalogue.value(distribution, DCAT.accessService)
            assert str(catalogue.value(service, DCAT.endpointDescription)) == schema
            response = client.get("/" + schema.split("://", 1)[1].split("/", 1)[1])
            assert response.json()["info"]["license"]["url"].startswith(
                "https://creativecommons.org/licenses/by/4.0"
            )


def test_modified_is_the_latest_change_of_public_entries_only(client):
    measure = MeasureFactory()
    MeasureFactory(status=Status.DRAFT)  # saved later, but not public
    EventFactory(status=EventStatus.DRAFT)
    catalogue = graph(client)
    dataset = URIRef(
        next(
            str(s)
            for s in catalogue.subjects(RDF.type, DCAT.Dataset)
            if str(s).endswith("#measures")
        )
    )
    measure.refresh_from_db()
    assert catalogue.value(dataset, DCTERMS.modified).toPython() == measure.updated_at
    events = URIRef(str(dataset).replace("#measures", "#events"))
    assert catalogue.value(events, DCTERMS.modified) is None


def test_the_catalogue_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    MeasureFactory.create_batch(3)
    with django_assert_max_num_queries(3):
        client.get(reverse("catalogue"))
