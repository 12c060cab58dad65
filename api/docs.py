"""The API's documentation page: Swagger UI from django-ninja's own static files.

The page loads nothing from another site (no CDN) and runs no inline script, so the portal's
Content-Security-Policy holds: the settings travel as a JSON data block that ninja's
`swagger-ui-init.js` reads. Swagger UI's online validator (which would send the schema to
another site) is switched off.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class SelfHostedSwagger(Swagger):
    template = "api/docs.html"

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings={"validatorUrl": None, **(settings or {})})

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # "<" escaped: the JSON sits inside a script element.
        settings_json = json.dumps(self.settings).replace("<", "\\u003c")
        context = {"swagger_settings": settings_json, "api": api}
        return render(request, self.template, context)
