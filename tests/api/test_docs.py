"""The documentation page is self-hosted and keeps the portal's content policy."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    assert addresses
    for address in addresses:
        assert address.startswith("/") and not address.startswith("//"), address
        assert finders.find(address.removeprefix("/static/")), address
    assert not re.search(r"https?://", html)
    # Scripts only from files: the settings are a data block, not a script.
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes
    assert '"validatorUrl": null' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_schema_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"]
