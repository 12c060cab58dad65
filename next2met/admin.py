"""The portal's admin site: Django's, with "view on site" confined to what the person may see,
and the review queue: every entry waiting for review that the person may see, oldest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.languages import language_code
from core.workflow import Status

STAFF_LANGUAGE_SESSION_KEY = "_staff_language"


@dataclass(frozen=True)
class WaitingEntry:
    """An entry in review, as the review queue lists it."""

    kind: str  # the model's verbose name
    title: str
    organisation: str
    submitted_by: str  # who last changed its status: who submitted it
    submitted_at: datetime.datetime | None
    url: str  # its change page in the admin, or what changed for a pending change
    changes: bool = False  # pending changes of a public entry, not a new entry


class PortalAdminSite(admin.AdminSite):
    site_header = "Next2Met"
    site_title = "Next2Met"

    def get_urls(self):
        urls = super().get_urls()
        view_on_site = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        queue = path("review-queue/", self.admin_view(self.review_queue), name="review_queue")
        return [queue] + [
            view_on_site if getattr(url, "name", None) == "view_on_site" else url for url in urls
        ]

    def _reviewed_admins(self, request):
        """The admins of models with the review workflow that the person may open."""
        from partners.admin_mixins import WorkflowAdminMixin

        for model, model_admin in self._registry.items():
            if isinstance(model_admin, WorkflowAdminMixin) and (
                model_admin.has_view_or_change_permission(request)
            ):
                yield model, model_admin

    def _in_review(self, request, model_admin):
        # The admin's own queryset: scoped to the person's organisations like its list.
        return model_admin.get_queryset(request).filter(status=Status.IN_REVIEW).order_by()

    def _changes_in_review(self, request, model, model_admin):
        """Pending changes in review of the entries the person may see in this admin."""
        from reviews.models import Revision, RevisionStatus

        return Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            status=RevisionStatus.IN_REVIEW,
            object_id__in=model_admin.get_queryset(request).order_by().values("pk"),
        )

    def review_waiting_count(self, request) -> int:
        """How many entries and pending changes the person may see wait for review (two
        queries per kind)."""
        return sum(
            self._in_review(request, model_admin).count()
            + self._changes_in_review(request, model, model_admin).count()
            for model, model_admin in self._reviewed_admins(request)
        )

    def _waiting_changes(self, request, model, model_admin) -> list[WaitingEntry]:
        revisions = list(
            self._changes_in_review(request, model, model_admin).select_related("submitted_by")
        )
        lookup = getattr(model, "organisation_lookup", "organisation")
        related = [] if lookup == "pk" else [lookup]
        entries = model._default_manager.select_related(*related).in_bulk(
            [revision.object_id for revision in revisions]
        )
        return [
            self._waiting_entry(
                model,
                entries[revision.object_id],
                user=revision.submitted_by,
                since=revision.submitted_at,
                page="changes",
            )
            for revision in revisions
            if revision.object_id in entries
        ]

    def _waiting_entry(self, model, obj, *, user, since, page: str) -> WaitingEntry:
        lookup = getattr(model, "organisation_lookup", "organisation")
        owner = obj if lookup == "pk" else getattr(obj, lookup)
        meta = model._meta
        return WaitingEntry(
            kind=str(meta.verbose_name),
            title=str(obj),
            organisation=str(owner) if owner is not None else "",
            submitted_by=(user.get_full_name() or user.get_username()) if user else "",
            submitted_at=since,
            url=reverse(f"{self.name}:{meta.app_label}_{meta.model_name}_{page}", args=[obj.pk]),
            changes=page == "changes",
        )

    def review_waiting(self, request) -> list[WaitingEntry]:
        """The entries the person may see that wait for review, longest waiting first."""
        waiting = []
        for model, model_admin in self._reviewed_admins(request):
            lookup = getattr(model, "organisation_lookup", "organisation")
            related = ["status_changed_by"] + ([] if lookup == "pk" else [lookup])
            entries = self._in_review(request, model_admin).select_related(*related)
            waiting += [
                self._waiting_entry(
                    model,
                    obj,
                    user=obj.status_changed_by,
                    since=obj.status_changed_at,
                    page="change",
                )
                for obj in entries
            ]
            waiting += self._waiting_changes(request, model, model_admin)
        oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        waiting.sort(key=lambda entry: (entry.submitted_at or oldest, entry.kind, entry.title))
        return waiting

    def review_queue(self, request):
        context = {
            **self.each_context(request),
            "title": _("Waiting for review"),
            "entries": self.review_waiting(request),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)

    def each_context(self, request):
        self.staff_language_record(request)
        return super().each_context(request)

    def staff_language_record(self, request) -> None:
        """Remember the language a member of staff works in (once per session and change):
        e-mails about reviews are written to them in it."""
        user = request.user
        language = language_code(getattr(request, "LANGUAGE_CODE", None))
        if not (user.is_authenticated and user.is_staff):
            return
        if request.session.get(STAFF_LANGUAGE_SESSION_KEY) == language:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO next2met_stafflanguage (user_id, language) VALUES (%s, %s) "
                "ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language",
                [user.pk, language],
            )
        request.session[STAFF_LANGUAGE_SESSION_KEY] = language

    def index(self, request, extra_context=None):
        extra_context = {
            "review_waiting_count": self.review_waiting_count(request),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def visible_entry(self, request, content_type_id, object_id):
        """The entry of this type and id with its admin, if the person may see it in the
        admin; else Http404, as for entries of other organisations (their address would tell
        of another organisation's draft)."""
        not_found = Http404(_("There is no such entry, or it belongs to another organisation."))
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise not_found from error
        model_admin = self.get_model_admin(model) if model and self.is_registered(model) else None
        if model_admin is None:
            raise not_found
        try:
            obj = model_admin.get_object(request, unquote(str(object_id)))
        except (ValueError, TypeError) as error:
            raise not_found from error
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise not_found
        return model_admin, obj

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an entry's public page, for entries this person may see in the admin."""
        _model_admin, obj = self.visible_entry(request, content_type_id, object_id)
        not_found = Http404(_("There is no such entry, or it belongs to another organisation."))
        url = getattr(obj, "get_absolute_url", lambda: "")()
        if not url or not url.startswith("/") or url.startswith("//"):
            raise not_found
        return HttpResponseRedirect(url)
