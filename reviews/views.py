"""The public page of an entry as a pending change (or an earlier version) would make it.

The change is written into the database inside a transaction that is always rolled back: the
page is rendered by the entry's own public view from the same data a publication would
write, so the preview shows exactly what visitors would see, and nothing of it stays. Only
staff who may see the entry in the admin open it; the page is marked as a preview, never
cached and never indexed.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.workflow import Status, WorkflowError
from reviews.registry import reviewed
from reviews.selectors import preview_links, versions_of
from reviews.services import revision_check, revision_of
from reviews.snapshots import snapshot_values


class _Rendered(Exception):  # noqa: N818 - not an error: it carries the page out
    """The preview page, leaving the transaction that wrote it (which is rolled back)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _not_found() -> Http404:
    return Http404(_("There is no such entry, or it belongs to another organisation."))


def _entry(request, content_type_id: int, object_id: int):
    """A reviewed entry the person may see in the admin, with its admin (else Http404)."""
    model_admin, obj = admin.site.visible_entry(request, content_type_id, object_id)
    if reviewed(obj) is None:
        raise _not_found()
    return model_admin, obj


@require_safe
@never_cache
@staff_member_required
def preview(request, content_type_id: int, object_id: int):
    model_admin, obj = _entry(request, content_type_id, object_id)
    version = None
    requested = request.GET.get("version")
    if requested is not None:
        if not requested.isdigit():
            raise Http404(_("There is no such version of this entry."))
        version = versions_of(obj).filter(pk=int(requested)).first()
        if version is None:
            raise Http404(_("There is no such version of this entry."))
        data = version.data
    else:
        revision = revision_of(obj)
        data = revision.version.data if revision is not None else None
    spec = reviewed(obj)
    change_url = reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
    )
    try:
        with transaction.atomic():
            if data is not None:
                revision_check(obj=obj, data=data)
                values, relations = snapshot_values(type(obj), data)
                spec.apply(obj, values, relations, None)
            if obj.status not in spec.public_statuses:
                type(obj)._default_manager.filter(pk=obj.pk).update(status=Status.PUBLISHED)
            obj.refresh_from_db()
            match = resolve(obj.get_absolute_url())
            request.review_preview = {
                "entry": obj,
                "version": version,
                "change_url": change_url,
                "links": preview_links(obj=obj, version=version),
            }
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
            raise _Rendered(response)  # and so the transaction is rolled back
    except _Rendered as rendered:
        response = rendered.response
    except (ValidationError, WorkflowError, IntegrityError, Resolver404):
        messages.error(request, _("This version cannot be shown: it breaks the portal's rules."))
        return HttpResponseRedirect(change_url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
