"""Error answers of the API: JSON with the status, a title and the parameters at fault, each
with a message in the language the request asked for (`language`, else Accept-Language)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TITLES = {
    400: _("The request is not valid."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    429: _("Too many requests."),
}


@dataclass(frozen=True)
class Problem:
    parameter: str | None
    message: str | Promise
    params: dict | None = None  # values for the message's %(name)s placeholders

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class ApiError(Exception):
    """An answer other than 200: raised by reads and views, written by `error_response`."""

    def __init__(
        self,
        status: int,
        *,
        parameter: str | None = None,
        message: str | Promise | None = None,
        params: dict | None = None,
        problems: Iterable[Problem] = (),
    ):
        super().__init__(status)
        self.status = status
        self.problems = list(problems)
        if message is not None:
            self.problems.insert(0, Problem(parameter, message, params))


def error_response(*, request: HttpRequest, error: ApiError) -> JsonResponse:
    from api.texts import message_language

    with translation.override(message_language(requested=request.GET.get("language"))):
        body = {
            "status": error.status,
            "title": str(TITLES.get(error.status, TITLES[400])),
            "errors": [
                {"parameter": problem.parameter, "message": problem.text()}
                for problem in error.problems
            ],
        }
        language = translation.get_language()
    response = JsonResponse(body, status=error.status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response
