"""CORS and HEAD for the API (`/api/…`): any site may read it from a browser.

Answers carry `Access-Control-Allow-Origin: *` (never with credentials: the API reads no
cookie) and expose the headers clients need (ETag, Last-Modified, Link, Retry-After). A CORS
preflight (OPTIONS) is answered here for GET and HEAD. HEAD is answered as GET without the body.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

PREFIX = "/api/"
METHODS = "GET, HEAD, OPTIONS"
EXPOSED = "ETag, Last-Modified, Link, Retry-After, Content-Language"
PREFLIGHT_MAX_AGE = 86_400


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = METHODS
            response["Access-Control-Allow-Methods"] = METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            head = request.method == "HEAD"
            if head:
                request.method = "GET"
            response = self.get_response(request)
            if head and not response.streaming:
                response.content = b""
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED
        return response
