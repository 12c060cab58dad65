"""The review of changes in the admin of measures, organisations and events.

`ReviewAdminMixin` (before `WorkflowAdminMixin` in the bases) makes the change form of a
public entry save a pending change for everyone who may not publish it (reviews.services),
shows the pending change in the form for whoever continues it, with its review buttons, and
adds two pages per entry: its versions (compare any two, preview, restore) and its changes
(the pending change beside the published version, field by field and language by language).
Inlines of an entry that changes through review are shown read-only: the pending change holds
the entry's own fields and relations.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.workflow import WorkflowError
from partners.admin_mixins import COMMENT_MAX_LENGTH
from reviews import selectors
from reviews.models import RevisionStatus, VersionKind
from reviews.registry import is_public
from reviews.services import (
    ReviewConflict,
    may_publish,
    review_check,
    review_mode,
    review_token,
    revision_discard,
    revision_of,
    revision_publish,
    revision_return,
    revision_save,
    revision_submit,
    version_baseline,
    version_record,
    version_restore,
)
from reviews.snapshots import reviewed_fields, snapshot, snapshot_values

TOKEN_FIELD = "_review_token"
STEP_FIELD = "_revision"
STEPS = ("submit", "return", "publish", "discard")


def _initial_from(form, obj, data) -> None:
    """Show a pending change's values in an unbound form of the entry."""
    model = type(obj)
    values, relations = snapshot_values(model, data)
    fields, _m2m = reviewed_fields(model)
    for field in fields:
        if field.name not in form.fields or field.attname not in values:
            continue
        value = values[field.attname]
        if isinstance(field, models.FileField):
            value = field.attr_class(obj, field, value) if value else None
        form.initial[field.name] = value
    for name, ids in relations.items():
        if name in form.fields:
            form.initial[name] = ids


class ReviewAdminMixin:
    """Public entries change through review; every save is kept as a version."""

    def _review_pending(self, request) -> bool:
        return getattr(request, "_review_pending", False)

    # --- The form ------------------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if obj is None or obj.pk is None:
            return form_class
        revision = revision_of(obj)

        class ReviewedForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if not self.is_bound and revision is not None:
                    _initial_from(self, self.instance, revision.version.data)

            def clean(self):
                cleaned = super().clean()
                token = request.POST.get(TOKEN_FIELD)
                if token is not None:
                    try:
                        review_check(obj=self.instance, token=token)
                    except ReviewConflict as error:
                        raise ValidationError(str(error), code="conflict") from None
                return cleaned

        ReviewedForm.__name__ = form_class.__name__
        return ReviewedForm

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.pk is None or not review_mode(obj=obj, user=request.user):
            return inlines
        for inline in inlines:  # shown, not changed: the pending change holds the entry only
            inline.has_add_permission = lambda request, obj=None: False
            inline.has_change_permission = lambda request, obj=None: False
            inline.has_delete_permission = lambda request, obj=None: False
        return inlines

    # --- Saving ---------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        token = request.POST.get(TOKEN_FIELD)
        if change and review_mode(obj=obj, user=request.user, token=token):
            if not self.may(request, "change", obj):
                raise PermissionDenied(_("Entries can only belong to your own organisations."))
            self.review_save_immediate(request, obj, form)
            request._review_pending = True
            request._review_revision = revision_save(
                obj=obj, data=self._pending_data(obj, form), user=request.user
            )
            return
        if change:  # the state before this save, if no version of it is kept yet
            version_baseline(type(obj)._default_manager.get(pk=obj.pk))
        self.save_directly(request, obj, form, change)

    def save_directly(self, request, obj, form, change):
        """Save the entry itself (who may publish it, or an entry nobody sees yet)."""
        super().save_model(request, obj, form, change)

    def review_save_immediate(self, request, obj, form) -> None:
        """Apply the fields that never wait for review (events: date, place, …) at once."""

    def _pending_data(self, obj, form) -> dict:
        """The pending change's content: what it held (or the entry's published content),
        with the values of the fields this form shows."""
        model = type(obj)
        _fields, m2m = reviewed_fields(model)
        for field in _fields:
            if isinstance(field, models.FileField) and field.name in form.changed_data:
                file = getattr(obj, field.name)
                if file and not file._committed:
                    file.save(file.name, file.file, save=False)
        shown = snapshot(
            obj,
            relations={
                f.name: form.cleaned_data[f.name] for f in m2m if f.name in form.cleaned_data
            },
        )
        revision = revision_of(obj)
        if revision is not None:
            base = revision.version.data
        else:
            base = snapshot(model._default_manager.get(pk=obj.pk))
        data = {"fields": dict(base["fields"]), "relations": dict(base["relations"])}
        for part in ("fields", "relations"):
            for name, value in shown[part].items():
                if name in form.fields:
                    data[part][name] = value
        return data

    def save_related(self, request, form, formsets, change):
        if self._review_pending(request):
            # The relations are part of the pending change; inlines are read-only and save
            # nothing (the admin's change message reads what they saved).
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)
        obj = form.instance
        latest = selectors.versions_of(obj).first()
        data = snapshot(obj)
        if latest is None or latest.data != data:
            kind = VersionKind.PUBLISHED if is_public(obj) else VersionKind.SAVED
            version_record(obj=obj, kind=kind, user=request.user, data=data)

    # --- After saving ---------------------------------------------------------------------------

    def response_change(self, request, obj):
        step = request.POST.get(STEP_FIELD)
        if step in STEPS:
            return self._revision_step(request, obj, step)
        if self._review_pending(request) and request._review_revision is None:
            # Only fields that apply at once changed (or none): nothing waits for review.
            return super().response_change(request, obj)
        if self._review_pending(request):
            self.message_user(
                request,
                _(
                    "Your changes to “%(object)s” are kept as pending changes. The public page "
                    "shows the published version until a reviewer publishes them: submit them "
                    "for review when they are ready."
                )
                % {"object": obj},
                messages.SUCCESS,
            )
            if "_workflow" in request.POST or "_archive_request" in request.POST:
                return super().response_change(request, obj)
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def _revision_step(self, request, obj, step: str):
        revision = getattr(request, "_review_revision", None) or revision_of(obj)
        if revision is None:
            self.message_user(request, _("There are no pending changes."), messages.WARNING)
            return HttpResponseRedirect(request.path)
        comment = request.POST.get("_workflow_comment", "")[:COMMENT_MAX_LENGTH]
        user = request.user
        done = {
            "submit": _("The changes to “%(object)s” are submitted for review."),
            "return": _("The changes to “%(object)s” are back in draft."),
            "publish": _("The changes to “%(object)s” are published."),
            "discard": _("The pending changes to “%(object)s” are discarded."),
        }[step]
        try:
            with transaction.atomic():
                if step == "submit":
                    revision_submit(revision_id=revision.pk, user=user)
                elif step == "return":
                    revision_return(revision_id=revision.pk, user=user, comment=comment)
                elif step == "publish":
                    revision_publish(revision_id=revision.pk, user=user, comment=comment)
                else:
                    revision_discard(revision_id=revision.pk, user=user)
        except (WorkflowError, PermissionDenied, ValidationError) as error:
            # PermissionDenied: publishing would give the entry an owner the person has no
            # role in; ValidationError: a rule of the app's own service.
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, text or _("You may not change this entry."), messages.ERROR)
        else:
            self.message_user(request, done % {"object": obj}, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["review"] = self._review_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_context(self, request, obj) -> dict:
        user = request.user
        revision = revision_of(obj)
        publisher = may_publish(user=user, obj=obj)
        editor = self.has_change_permission(request, obj)
        mode = review_mode(obj=obj, user=user)
        steps = []
        if revision is None and mode and editor:
            # Save the form as pending changes and submit them in one step.
            steps.append(("submit", _("Submit changes for review")))
        if revision is not None and editor:
            if revision.status == RevisionStatus.DRAFT:
                steps.append(("submit", _("Submit changes for review")))
                if publisher:
                    steps.append(("publish", _("Publish changes")))
                steps.append(("discard", _("Discard pending changes")))
            else:
                if publisher:
                    steps.append(("publish", _("Publish changes")))
                mine = revision.submitted_by_id == user.pk
                steps.append(
                    (
                        "return",
                        _("Withdraw changes") if mine or not publisher else _("Send changes back"),
                    )
                )
        return {
            # A form shown again after a refused save keeps the state it was opened on, so
            # that sending it again is refused too.
            "token": request.POST.get(TOKEN_FIELD) or review_token(obj, revision),
            "revision": revision,
            "mode": mode,
            "steps": steps,
            "comment": revision is not None and revision.status == RevisionStatus.IN_REVIEW,
            "changes_url": self._url("changes", obj.pk),
            "versions_url": self._url("versions", obj.pk),
            "previews": selectors.preview_links(obj=obj),
        }

    # --- Versions and changes -------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/versions/",
                wrap(self.versions_view),
                name=f"{prefix}_versions",
            ),
            path(
                "<path:object_id>/changes/",
                wrap(self.changes_view),
                name=f"{prefix}_changes",
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/restore/",
                wrap(require_POST(self.restore_view)),
                name=f"{prefix}_version_restore",
            ),
            *super().get_urls(),
        ]

    def _url(self, action: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{action}", args=args)

    def _visible(self, request, object_id):
        try:
            obj = self.get_object(request, unquote(object_id))
        except (ValueError, TypeError):
            obj = None
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404(_("There is no such entry, or it belongs to another organisation."))
        return obj

    def _page_context(self, request, obj, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "has_view_permission": True,
            "change_url": self._url("change", obj.pk),
            "versions_url": self._url("versions", obj.pk),
            "changes_url": self._url("changes", obj.pk),
        }

    def versions_view(self, request, object_id):
        obj = self._visible(request, object_id)
        context = self._page_context(request, obj, _("Versions of “%(object)s”") % {"object": obj})
        context.update(
            versions=selectors.versions_of(obj).select_related("created_by"),
            revision=revision_of(obj),
            may_restore=self.has_change_permission(request, obj),
            restore_url_name=f"admin:{self.opts.app_label}_{self.opts.model_name}_version_restore",
            content_type_id=ContentType.objects.get_for_model(self.model).pk,
        )
        return TemplateResponse(request, "reviews/versions.html", context)

    def changes_view(self, request, object_id):
        obj = self._visible(request, object_id)
        comparison = selectors.comparison(
            obj=obj, before=request.GET.get("a"), after=request.GET.get("b")
        )
        if comparison is None:
            raise Http404(_("There is no such version of this entry."))
        context = self._page_context(request, obj, _("Changes to “%(object)s”") % {"object": obj})
        context.update(comparison=comparison, revision=revision_of(obj))
        return TemplateResponse(request, "reviews/changes.html", context)

    def restore_view(self, request, object_id, version_id):
        obj = self._visible(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(selectors.versions_of(obj), pk=version_id)
        change_url = self._url("change", obj.pk)
        try:
            revision = version_restore(version=version, user=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("versions", obj.pk))
        if revision is None:
            message = _("The version is restored.")
        else:
            message = _(
                "The version is restored as pending changes: check them in the form and submit "
                "them for review."
            )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(change_url)
