"""Reads of the review of changes: an entry's versions, two of them compared, preview links."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from core.languages import language_codes
from reviews.models import Version
from reviews.snapshots import FieldChange, snapshot, snapshot_diff

PUBLISHED, PENDING = "published", "pending"


def versions_of(obj):
    """The entry's versions, newest first."""
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).order_by("-created_at", "-pk")


def version_label(version: Version) -> str:
    user = version.created_by
    who = (user.get_full_name() or user.get_username()) if user else "–"
    return _("%(kind)s, %(when)s, %(who)s") % {
        "kind": version.get_kind_display(),
        "when": formats.date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT"),
        "who": who,
    }


@dataclass(frozen=True)
class Comparison:
    before: str  # the choice compared from ("published", "pending" or a version id)
    after: str
    before_label: str
    after_label: str
    changes: list[FieldChange]
    choices: list[tuple[str, str]]  # what can be compared: value, label


def comparison(*, obj, before: str | None, after: str | None) -> Comparison | None:
    """The differences between two states of an entry: its published (current) content, its
    pending change, or any of its versions. Without a choice: the pending change against the
    published content, or else the two newest versions. None for a version not of this entry."""
    from reviews.services import revision_of

    revision = revision_of(obj)
    versions = list(versions_of(obj).select_related("created_by")[:200])
    choices = [(PUBLISHED, _("The entry as it is now"))]
    if revision is not None:
        choices.append(
            (PENDING, _("Pending changes (%(status)s)") % {"status": revision.get_status_display()})
        )
    choices += [(str(version.pk), version_label(version)) for version in versions]
    known = dict(choices)
    if before is None and after is None:
        if revision is not None:
            before, after = PUBLISHED, PENDING
        elif len(versions) >= 2:
            before, after = str(versions[1].pk), str(versions[0].pk)
        else:
            before = after = PUBLISHED
    before, after = before or PUBLISHED, after or PUBLISHED
    if before not in known or after not in known:
        return None
    by_id = {str(version.pk): version for version in versions}

    def data(choice: str) -> dict:
        if choice == PUBLISHED:
            return snapshot(obj)
        if choice == PENDING:
            return revision.version.data
        return by_id[choice].data

    return Comparison(
        before=before,
        after=after,
        before_label=known[before],
        after_label=known[after],
        changes=snapshot_diff(type(obj), data(before), data(after)),
        choices=choices,
    )


@dataclass(frozen=True)
class PreviewLink:
    language: str
    name: str  # the language's own name
    url: str


def preview_links(*, obj, version: Version | None = None) -> list[PreviewLink]:
    """The entry's public page as a pending change (or `version`) would make it, in each
    language."""
    content_type = ContentType.objects.get_for_model(type(obj))
    links = []
    for code in language_codes():
        with translation.override(code):
            url = reverse("reviews:preview", args=[content_type.pk, obj.pk])
        if version is not None:
            url += f"?version={version.pk}"
        links.append(PreviewLink(code, get_language_info(code)["name_local"], url))
    return links
