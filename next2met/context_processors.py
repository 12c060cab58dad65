"""Template context shared by every page: language alternates and canonical link."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def _path_in(path: str, current: str, language: str) -> str:
    """The same page in another language, also for pages the URL resolver does not know."""
    translated = translate_url(path, language)
    if translated != path or language == current:
        return translated
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{language}/{path[len(prefix) :]}"
    return path


def _unprefixed(path: str, current: str) -> str:
    prefix = f"/{current}/"
    return "/" + path[len(prefix) :] if path.startswith(prefix) else path


def site(request):
    current = get_language() or settings.LANGUAGE_CODE
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    alternates = []
    for code, _name in settings.LANGUAGES:
        alternate = _path_in(path, current, code)
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"].capitalize(),
                "path": alternate,
                "url": request.build_absolute_uri(alternate),
                "switch_url": f"{alternate}?{query}" if query else alternate,
                "is_current": code == current,
            }
        )
    return {
        "language_alternates": alternates,
        "canonical_url": request.build_absolute_uri(path),
        "x_default_url": request.build_absolute_uri(_unprefixed(path, current)),
        "contact_email": settings.CONTACT_EMAIL,
    }
