"""The API's operations: thin views over `api.selectors`, mounted at /api/v1/ (next2met.urls).

Parameters are declared with django-ninja (so that the OpenAPI schema documents each one and
their types are checked); the filters themselves are the public lists' filter sets, read from
the query string by the selectors. Every answer passes `api.http.api_view` (rate limit,
conditional requests); errors are JSON (`api.errors`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError

from api import schemas, selectors
from api.docs import SelfHostedSwagger
from api.errors import ApiError, Problem, error_response
from api.http import api_view, json_response
from api.pagination import MAX_LIMIT, page_build, window_from
from api.schemas import LanguageParams
from api.texts import answer_language, language_choices, localise, search_language
from measures.exports import LICENCE

DESCRIPTION = """Read-only access to the public content of the Next2Met portal: soft
digitalisation measures (good practices), partner organisations, projects, regions, themes,
target groups and cross-border events, in German, English and Polish.

* **Languages**: `language=de|en|pl` gives every text in that language (falling back to
  English, German, Polish as the pages do), `language=all` an object with every language.
* **Pages**: lists are in id order, `limit` entries (20, at most 100) per page; `next` is the
  address of the following page.
* **Filters and search**: the same as the portal's lists; an invalid value answers 400 with
  the parameter and a message.
* **Caching**: answers carry `ETag` and `Last-Modified`; send `If-None-Match` or
  `If-Modified-Since` to get 304 while nothing changed.
* **Limits**: a number of requests per address and time window; beyond it 429 with
  `Retry-After`.

The data are published under CC BY 4.0: name the Next2Met portal and the organisation named
in each entry."""

api = NinjaAPI(
    title="Next2Met portal API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=SelfHostedSwagger(),
    docs_url="/docs/",
    openapi_extra={
        "info": {
            "license": {"name": LICENCE["name"], "url": LICENCE["url"]},
            "contact": {"name": "Next2Met", "url": "/"},
        }
    },
)
api.add_decorator(api_view, mode="view")

ERRORS: dict[int, Any] = {304: None, 400: schemas.ErrorOut, 429: schemas.ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {**ERRORS, 404: schemas.ErrorOut}
NOT_MODIFIED = "Not modified: the answer is the one of the ETag or date the request names."


def _responses(ok: Any, errors: dict[int, Any]) -> dict[int, Any]:
    return {200: ok, **errors}


def _openapi(description: str, *, detail: bool = False) -> dict[str, Any]:
    """The descriptions of the answers other than 200 (keyed by status as django-ninja keys
    them, so that they are merged into its own)."""
    responses: dict[int, dict[str, str]] = {
        304: {"description": NOT_MODIFIED},
        400: {"description": "A parameter is not valid (see errors)."},
        429: {"description": "Too many requests: try again after Retry-After seconds."},
    }
    if detail:
        responses[404] = {"description": "No such entry."}
    return {"responses": responses, "description": description}


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return error_response(request=request, error=error)


PARAMETER_MESSAGES = {
    "limit": (_("Enter a whole number from 1 to %(max)s."), {"max": MAX_LIMIT}),
    "language": (_("Choose one of: %(choices)s."), {"choices": ", ".join(language_choices())}),
    "cursor": (_("This cursor is not valid."), None),
    "q": (_("The search text is too long."), None),
}


@api.exception_handler(ValidationError)
def _invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Parameters django-ninja refused (type, range, choice): 400 naming each of them."""
    problems = []
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if not isinstance(part, int)]
        name = location[-1] if location else None
        message, params = PARAMETER_MESSAGES.get(name, (_("This value is not valid."), None))
        problems.append(Problem(name, message, params))
    return error_response(request=request, error=ApiError(400, problems=problems))


def _language(request: HttpRequest) -> str:
    return answer_language(requested=request.GET.get("language"))


def _page(request: HttpRequest, rows: selectors.Rows, window, language: str) -> HttpResponse:
    page = page_build(
        items=rows.items if rows.localised else localise(rows.items, language),
        ids=rows.ids,
        window=window,
        path=request.path,
        query=request.GET,
    )
    response = json_response(page, language=language)
    if page["next"]:
        response["Link"] = f'<{page["next"]}>; rel="next"'
    return response


def _entry(entry: dict[str, Any] | None, language: str, message) -> HttpResponse:
    if entry is None:
        raise ApiError(404, message=message)
    return json_response(localise(entry, language), language=language)


# --- Measures ---------------------------------------------------------------------------------


@api.get(
    "/measures/",
    response=_responses(schemas.MeasurePage, ERRORS),
    tags=["measures"],
    openapi_extra=_openapi("Published measures, filtered and searched as on the measure list."),
)
def measure_list(request: HttpRequest, params: Query[schemas.MeasureFilters]):
    language = _language(request)
    window = window_from(cursor=params.cursor, limit=params.limit)
    rows = selectors.measure_page(
        data=request.GET,
        language=language,
        search_language=search_language(language=language),
        window=window,
        version=getattr(request, "content_version", None),
    )
    return _page(request, rows, window, language)


@api.get(
    "/measures/{slug}/",
    response=_responses(schemas.MeasureDetailOut, DETAIL_ERRORS),
    tags=["measures"],
    openapi_extra=_openapi("A published measure with the sections of its page.", detail=True),
)
def measure_detail(request: HttpRequest, slug: str, params: Query[schemas.LanguageParams]):
    language = _language(request)
    entry = selectors.measure_detail(slug=slug, language=language)
    return _entry(entry, language, _("There is no such measure."))


# --- Organisations ----------------------------------------------------------------------------


@api.get(
    "/organisations/",
    response=_responses(schemas.OrganisationPage, ERRORS),
    tags=["organisations"],
    openapi_extra=_openapi("Published partner organisations, filtered as on the partner list."),
)
def organisation_list(request: HttpRequest, params: Query[schemas.OrganisationFilters]):
    language = _language(request)
    window = window_from(cursor=params.cursor, limit=params.limit)
    rows = selectors.organisation_page(data=request.GET, language=language, window=window)
    return _page(request, rows, window, language)


@api.get(
    "/organisations/{slug}/",
    response=_responses(schemas.OrganisationDetailOut, DETAIL_ERRORS),
    tags=["organisations"],
    openapi_extra=_openapi(
        "A published organisation with its newest measures and its events.", detail=True
    ),
)
def organisation_detail(request: HttpRequest, slug: str, params: Query[schemas.LanguageParams]):
    language = _language(request)
    entry = selectors.organisation_detail(slug=slug, language=language)
    return _entry(entry, language, _("There is no such organisation."))


# --- Events -----------------------------------------------------------------------------------


@api.get(
    "/events/",
    response=_responses(schemas.EventPage, ERRORS),
    tags=["events"],
    openapi_extra=_openapi(
        "Public events (published and cancelled ones), filtered as on the events list."
    ),
)
def event_list(request: HttpRequest, params: Query[schemas.EventFilters]):
    language = _language(request)
    window = window_from(cursor=params.cursor, limit=params.limit)
    rows = selectors.event_page(data=request.GET, language=language, window=window)
    return _page(request, rows, window, language)


@api.get(
    "/events/{slug}/",
    response=_responses(schemas.EventOut, DETAIL_ERRORS),
    tags=["events"],
    openapi_extra=_openapi("A public event.", detail=True),
)
def event_detail(request: HttpRequest, slug: str, params: Query[schemas.LanguageParams]):
    language = _language(request)
    entry = selectors.event_detail(slug=slug, language=language)
    return _entry(entry, language, _("There is no such event."))


# --- Projects, regions, themes, target groups -------------------------------------------------

COLLECTIONS = (
    # name, path parameter, list schema, entry schema, not-found message, description
    (
        "projects",
        "slug",
        schemas.ProjectPage,
        schemas.ProjectOut,
        _("There is no such project."),
        "Cooperation projects with their published partners.",
    ),
    (
        "regions",
        "code",
        schemas.RegionPage,
        schemas.RegionOut,
        _("There is no such region."),
        "NUTS regions, by NUTS code.",
    ),
    (
        "themes",
        "slug",
        schemas.TermPage,
        schemas.TermOut,
        _("There is no such theme."),
        "Themes of measures.",
    ),
    (
        "target_groups",
        "slug",
        schemas.TermPage,
        schemas.TermOut,
        _("There is no such target group."),
        "Target groups of measures.",
    ),
)


def _collection_views(name, key, page_schema, entry_schema, not_found, description) -> None:
    def collection_list(request: HttpRequest, params: Query[schemas.PageParams]):
        language = _language(request)
        window = window_from(cursor=params.cursor, limit=params.limit)
        rows = selectors.collection_page(name=name, language=language, window=window)
        return _page(request, rows, window, language)

    def detail(request: HttpRequest, value: str) -> HttpResponse:
        language = _language(request)
        entry = selectors.collection_detail(name=name, key=value, language=language)
        return _entry(entry, language, not_found)

    if key == "code":

        def collection_detail(request: HttpRequest, code: str, params: Query[LanguageParams]):
            return detail(request, code)

    else:

        def collection_detail(request: HttpRequest, slug: str, params: Query[LanguageParams]):
            return detail(request, slug)

    collection_list.__name__ = f"{name}_list"
    collection_detail.__name__ = f"{name}_detail"
    api.get(
        f"/{name}/",
        response=_responses(page_schema, ERRORS),
        tags=[name],
        openapi_extra=_openapi(description),
    )(collection_list)
    api.get(
        f"/{name}/{{{key}}}/",
        response=_responses(entry_schema, DETAIL_ERRORS),
        tags=[name],
        openapi_extra=_openapi(description, detail=True),
    )(collection_detail)


for _collection in COLLECTIONS:
    _collection_views(*_collection)


@api.get("/{path:rest}", include_in_schema=False)
def unknown(request: HttpRequest, rest: str):
    raise ApiError(404, message=_("There is no such address in the API."))
