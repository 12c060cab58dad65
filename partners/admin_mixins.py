"""Reusable admin pieces for partner-owned data.

`PartnerScopedAdminMixin` confines partner staff to the entries of their own organisations in
every path of a ModelAdmin: changelist, change/delete/view/history pages reached by URL (404),
foreign-key and many-to-many choices, list filters, autocomplete results (when this admin is the
target), admin actions and CSV exports, and saving. Portal editors see everything.

    @admin.register(Event)
    class EventAdmin(WorkflowAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin):
        organisation_lookup = "organiser"        # path from Event to its owning Organisation
        export_fields = ("title", "start", "organiser")

`organisation_lookup` defaults to the model's own `organisation_lookup` attribute, which the
choices of other admins also use to recognise partner-owned models. Inlines use
`PartnerScopedInlineMixin` (choices only: the parent admin already confines the object).

`WorkflowAdminMixin` adds the workflow (core.workflow) to an admin of a `WorkflowModel`:
read-only status fields, one action per target status and buttons on the change form; every
transition goes through `partners.services.workflow_transition`.

`MissingTranslationsMixin` adds a `missing_languages` column for `list_display`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence

from django.contrib import admin, messages
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    get_fields_from_path,
    label_for_field,
    lookup_field,
)
from django.contrib.auth import get_permission_codename
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db.models import ForeignKey, ManyToManyField, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries.fields import CountryField
from django_countries.filters import CountryFilter

from core.spreadsheets import BOM, spreadsheet_safe
from core.workflow import Level, Status, WorkflowError, status_label, transitions_for_level
from partners.roles import (
    is_portal_editor,
    organisation_lookup_of,
    organisation_q,
    organisation_trusted,
    owning_organisation_id,
    scope_queryset,
    trusted_organisation_ids,
    user_level,
    user_may,
    user_memberships,
    user_organisation_ids,
    user_permitted_organisation_ids,
)

# --- List filters -----------------------------------------------------------------------------


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A relation filter that offers only the user's own partner-owned entries."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        allowed = scope_queryset(field.related_model._default_manager.all(), request.user)
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": allowed.values("pk")},
            ordering=ordering,
        )


class ScopedCountryFilter(CountryFilter):
    """Countries of the entries in this (scoped) changelist, not of the whole table."""

    def lookup_choices(self, changelist):
        codes = set(
            changelist.root_queryset.order_by().values_list(self.field_path, flat=True).distinct()
        )
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


# --- Choices ----------------------------------------------------------------------------------


class PartnerScopedChoicesMixin:
    """Limit relation choices and list filters to the user's own partner-owned entries."""

    # Minimum role for choices of the owning organisation field (e.g. MANAGER for memberships).
    organisation_min_level: int = Level.EDITOR

    def _owning_field_name(self) -> str | None:
        lookup = getattr(self, "organisation_lookup", None) or organisation_lookup_of(self.model)
        return None if lookup in (None, "pk") else lookup.split("__")[0]

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        related = db_field.remote_field.model
        if organisation_lookup_of(related) is None:
            return queryset
        if queryset is None:
            queryset = related._default_manager.using(db).complex_filter(
                db_field.remote_field.limit_choices_to
            )
        level = (
            self.organisation_min_level
            if db_field.name == self._owning_field_name()
            else Level.EDITOR
        )
        return scope_queryset(queryset, request.user, min_level=level)

    def get_list_filter(self, request):
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str):
                filters.append(self._scoped_filter(item))
            elif (
                isinstance(item, tuple)
                and len(item) == 2
                and item[1] in (admin.RelatedFieldListFilter, CountryFilter)
            ):
                filters.append(self._scoped_filter(item[0]))
            else:
                filters.append(item)
        return filters

    def _scoped_filter(self, path: str):
        try:
            field = get_fields_from_path(self.model, path)[-1]
        except (FieldDoesNotExist, admin.utils.NotRelationField):
            return path
        if isinstance(field, CountryField):
            return (path, ScopedCountryFilter)
        if isinstance(field, ForeignKey | ManyToManyField) and organisation_lookup_of(
            field.related_model
        ):
            return (path, ScopedRelatedFieldListFilter)
        return path


class PartnerScopedInlineMixin(PartnerScopedChoicesMixin):
    """For inlines of a scoped admin: relation choices limited to the user's own entries."""


# --- Objects, permissions, actions, exports ---------------------------------------------------


class PartnerScopedAdminMixin(PartnerScopedChoicesMixin):
    """Confine partner staff to their own organisations' entries in every admin path."""

    organisation_lookup: str | None = None
    # A path to organisations whose staff may see (never change) the entries besides the
    # owner's: the co-organisers of an event see its registrations.
    reader_lookup: str | None = None
    export_fields: Sequence[str] = ()

    def get_organisation_lookup(self) -> str:
        lookup = self.organisation_lookup or organisation_lookup_of(self.model)
        if not lookup:
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs organisation_lookup (the path from "
                f"{self.model.__name__} to its owning organisation)."
            )
        return lookup

    def scoped_organisation_ids(self, request) -> set[int] | None:
        """The organisations whose entries this user may see here; None means all."""
        return user_organisation_ids(request.user, min_level=self.organisation_min_level)

    def owning_organisation_id(self, obj) -> int | None:
        return owning_organisation_id(obj, self.get_organisation_lookup())

    def is_own(self, request, obj) -> bool:
        ids = self.scoped_organisation_ids(request)
        return ids is None or self.owning_organisation_id(obj) in ids

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = self.scoped_organisation_ids(request)
        if ids is None:
            return queryset
        scope = organisation_q(self.get_organisation_lookup(), ids)
        return queryset.filter(scope | self.read_q(self.reader_organisation_ids(request)))

    def reader_organisation_ids(self, request) -> set[int]:
        """The person's organisations through which they may see entries of others here."""
        if not self.reader_lookup:
            return set()
        ids = user_permitted_organisation_ids(request.user, self.permission_name("view"))
        return set() if ids is None else ids

    def read_q(self, readers: set[int]) -> Q:
        """Entries that staff of these reader organisations see (nothing without any). A
        subquery rather than a join: an entry of several co-organisers stays one row."""
        if not readers:
            return Q(pk__in=[])
        read = self.model._default_manager.filter(organisation_q(self.reader_lookup, readers))
        return Q(pk__in=read.values("pk"))

    def may_read(self, request, obj) -> bool:
        """May the person see (not change) this entry as staff of a reader organisation?"""
        readers = self.reader_organisation_ids(request)
        if not readers or obj is None or obj.pk is None:
            return False
        return self.model._default_manager.filter(self.read_q(readers), pk=obj.pk).exists()

    def get_changeform_initial_data(self, request):
        """A person with one organisation finds it chosen as the owner of a new entry."""
        initial = super().get_changeform_initial_data(request)
        field = self._owning_field_name()
        ids = self.scoped_organisation_ids(request)
        if field and field not in initial and ids is not None and len(ids) == 1:
            initial[field] = next(iter(ids))
        return initial

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            return obj
        # An entry of one of the person's own organisations that their role there does not
        # open (an editor and the memberships): "forbidden", as the list of such entries is.
        ids = user_organisation_ids(request.user)
        if ids and self.organisation_min_level > Level.EDITOR:
            own = (
                super()
                .get_queryset(request)
                .filter(organisation_q(self.get_organisation_lookup(), ids))
            )
            try:
                field = self.model._meta.get_field(from_field) if from_field else self.opts.pk
                exists = own.filter(**{field.name: field.to_python(object_id)}).exists()
            except (ValidationError, ValueError, FieldDoesNotExist):
                exists = False
            if exists:
                raise PermissionDenied
        # The same answer whether the entry does not exist or belongs to someone else.
        raise Http404(_("There is no such entry, or it belongs to another organisation."))

    # Model permissions (the group) open the admin's pages; for one entry, the person's role
    # in the organisation that owns it decides (partners.roles.user_may).

    def permission_name(self, action: str) -> str:
        opts = self.opts
        return f"{opts.app_label}.{get_permission_codename(action, opts)}"

    def may(self, request, action: str, obj) -> bool:
        """May the user `action` ("view", "change", "delete", …) this very entry?"""
        return self.is_own(request, obj) and user_may(
            request.user, self.permission_name(action), self.owning_organisation_id(obj)
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None
            or self.may(request, "view", obj)
            or self.may(request, "change", obj)
            or self.may_read(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or self.may(request, "change", obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None
            or (self.may(request, "delete", obj) and self.may_delete_published(request, obj))
        )

    def may_delete_published(self, request, obj) -> bool:
        """Only portal editors delete an entry that has ever been public; partner staff
        archive it (or ask for archiving) instead."""
        return getattr(obj, "first_published_at", None) is None or is_portal_editor(request.user)

    def never_published(self, request, queryset):
        """The entries of a queryset that partner staff may delete: never published ones."""
        fields = {field.name for field in self.model._meta.get_fields()}
        if "first_published_at" not in fields or is_portal_editor(request.user):
            return queryset
        return queryset.filter(first_published_at__isnull=True)

    def save_model(self, request, obj, form, change):
        # The owner after the change: moving an entry needs the right in the new organisation.
        if not self.may(request, "change" if change else "add", obj):
            raise PermissionDenied(_("Entries can only belong to your own organisations."))
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.export_fields and self.has_view_permission(request):
            actions["export_csv"] = (
                type(self).export_csv,
                "export_csv",
                gettext_lazy("Export selected %(verbose_name_plural)s as CSV"),
            )
        return {
            name: (self._action_on_permitted(function), name, description)
            for name, (function, name, description) in actions.items()
        }

    def permitted_queryset(self, request, queryset, actions):
        """The entries of a queryset on which the user may use every one of `actions` (staff of
        a reader organisation only the actions that need no more than seeing)."""
        for action in actions:
            ids = user_permitted_organisation_ids(request.user, self.permission_name(action))
            if ids is None:
                continue
            readers = self.reader_organisation_ids(request) if action == "view" else set()
            scope = organisation_q(self.get_organisation_lookup(), ids) | self.read_q(readers)
            queryset = queryset.filter(scope)
        return queryset

    def _action_on_permitted(self, function):
        """Run an admin action only on the selected entries the person's roles allow it for."""
        required = getattr(function, "allowed_permissions", ())
        if not required or getattr(function, "_partner_scoped", False):
            return function

        @functools.wraps(function)
        def action(modeladmin, request, queryset):
            if "delete" in required:
                deletable = modeladmin.never_published(request, queryset)
                published = queryset.count() - deletable.count()
                if published:
                    modeladmin.message_user(
                        request,
                        ngettext(
                            "%(count)d selected entry was left out: it has been published. "
                            "Published entries are archived, not deleted; only portal editors "
                            "delete them.",
                            "%(count)d selected entries were left out: they have been "
                            "published. Published entries are archived, not deleted; only "
                            "portal editors delete them.",
                            published,
                        )
                        % {"count": published},
                        messages.WARNING,
                    )
                queryset = deletable
            permitted = modeladmin.permitted_queryset(request, queryset, required)
            skipped = queryset.count() - permitted.count()
            if skipped:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "%(count)d selected entry was left out: your role in its organisation "
                        "does not allow this.",
                        "%(count)d selected entries were left out: your role in their "
                        "organisations does not allow this.",
                        skipped,
                    )
                    % {"count": skipped},
                    messages.WARNING,
                )
            return function(modeladmin, request, permitted)

        action._partner_scoped = True
        return action

    def export_csv(self, request, queryset):
        """CSV of the selected entries (the changelist is scoped, so the selection is too)."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{slugify(self.model._meta.verbose_name_plural)}-{timezone.localdate()}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write(BOM)
        writer = csv.writer(response)
        writer.writerow([label_for_field(name, self.model, self) for name in self.export_fields])
        for obj in queryset:
            writer.writerow(
                [spreadsheet_safe(self._export_value(obj, name)) for name in self.export_fields]
            )
        return response

    def _export_value(self, obj, name: str) -> str:
        field, attr, value = lookup_field(name, obj, self)
        if field is not None:
            return str(display_for_field(value, field, ""))
        return str(display_for_value(value, ""))


# --- Workflow ---------------------------------------------------------------------------------

ACTION_LABELS = {
    Status.IN_REVIEW: gettext_lazy("Submit selected entries for review"),
    Status.PUBLISHED: gettext_lazy("Publish selected entries"),
    Status.ARCHIVED: gettext_lazy("Archive selected entries"),
    Status.DRAFT: gettext_lazy("Return selected entries to draft"),
}
# A reviewer's comment on a review step (sent to the submitter), at most this long.
COMMENT_MAX_LENGTH = 2000
WORKFLOW_FIELDS = ("status", "status_changed_at", "status_changed_by", "first_published_at")


def _transition_action(target: str):
    def action(modeladmin, request, queryset):
        return modeladmin.workflow_apply(request, queryset, target)

    action.__name__ = f"workflow_to_{target}"
    return action


class WorkflowAdminMixin:
    """Status as read-only fields, transitions as admin actions and change-form buttons."""

    change_form_template = "admin/partners/workflow_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in WORKFLOW_FIELDS if name not in readonly]

    def _levels(self, request) -> set[tuple[int, bool]]:
        """(level, trusted) of each organisation the user works for."""
        user = request.user
        if user_level(user, None) == Level.PORTAL_EDITOR:
            return {(Level.PORTAL_EDITOR, False)}
        organisations = list(user_memberships(user))
        trusted = trusted_organisation_ids(organisations)
        return {(user_level(user, org), org in trusted) for org in organisations}

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        levels = self._levels(request)
        allowed = [
            t
            for t in self.model.workflow_transitions
            if any(level >= t.required_level(trusted=trusted) for level, trusted in levels)
        ]
        for target in dict.fromkeys(t.target for t in allowed):
            name = f"workflow_to_{target}"
            actions[name] = (_transition_action(target), name, ACTION_LABELS[target])
        return actions

    def workflow_apply(self, request, queryset, target: str):
        from partners.services import workflow_transition

        done, refused = 0, []
        for obj in queryset:
            if obj.status == target:
                continue
            try:
                workflow_transition(obj=obj, to_status=target, user=request.user)
            except WorkflowError as error:
                refused.append(str(error))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry is now “%(status)s”.",
                    "%(count)d entries are now “%(status)s”.",
                    done,
                )
                % {
                    "count": done,
                    "status": dict(self.model._meta.get_field("status").choices)[target],
                },
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        if not done and not refused:
            self.message_user(request, _("Nothing to change."), messages.INFO)

    def workflow_transitions_for(self, request, obj):
        if obj is None or obj.pk is None or not self.has_change_permission(request, obj):
            return []
        organisation_id = self.owning_organisation_id(obj)
        return transitions_for_level(
            source=obj.status,
            level=user_level(request.user, organisation_id),
            trusted=organisation_trusted(organisation_id),
            transitions=self.model.workflow_transitions,
        )

    def may_request_archiving(self, request, obj, transitions) -> bool:
        """Partner staff who may not archive a published entry themselves ask for it."""
        archivable = any(t.target == Status.ARCHIVED for t in self.model.workflow_transitions)
        return (
            archivable
            and obj is not None
            and obj.pk is not None
            and obj.status == Status.PUBLISHED
            and self.has_change_permission(request, obj)
            and not any(t.target == Status.ARCHIVED for t in transitions)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        transitions = self.workflow_transitions_for(request, obj)
        context["workflow_transitions"] = transitions
        context["workflow_archive_request"] = self.may_request_archiving(request, obj, transitions)
        context["workflow_comment_max_length"] = COMMENT_MAX_LENGTH
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_after_save(self, request, obj):
        from partners.services import workflow_transition

        target = request.POST.get("_workflow")
        comment = request.POST.get("_workflow_comment", "")[:COMMENT_MAX_LENGTH]
        try:
            workflow_transition(obj=obj, to_status=target, user=request.user, comment=comment)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(object)s” is now “%(status)s”.")
                % {"object": obj, "status": status_label(self.model, target)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def _archive_request_after_save(self, request, obj):
        from partners.services import archive_request

        comment = request.POST.get("_workflow_comment", "")[:COMMENT_MAX_LENGTH]
        try:
            notified = archive_request(obj=obj, user=request.user, comment=comment)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "Your request to archive “%(object)s” went to %(count)d reviewer.",
                    "Your request to archive “%(object)s” went to %(count)d reviewers.",
                    notified,
                )
                % {"object": obj, "count": notified},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def response_change(self, request, obj):
        if "_workflow" in request.POST:
            return self._workflow_after_save(request, obj)
        if "_archive_request" in request.POST:
            return self._archive_request_after_save(request, obj)
        return super().response_change(request, obj)


# --- Translations -----------------------------------------------------------------------------


class MissingTranslationsMixin:
    """A `missing_languages` column: languages lacking a text that another language has."""

    translation_check_fields: Sequence[str] | None = None

    def _translated_fields(self) -> Sequence[str]:
        if self.translation_check_fields is not None:
            return self.translation_check_fields
        from modeltranslation.translator import translator

        return tuple(translator.get_options_for_model(self.model).fields)

    @admin.display(description=gettext_lazy("Missing languages"))
    def missing_languages(self, obj) -> str:
        from modeltranslation.settings import AVAILABLE_LANGUAGES

        missing = []
        for language in AVAILABLE_LANGUAGES:
            for field in self._translated_fields():
                values = [getattr(obj, f"{field}_{code}", "") for code in AVAILABLE_LANGUAGES]
                if any(values) and not getattr(obj, f"{field}_{language}", ""):
                    missing.append(language.upper())
                    break
        return ", ".join(missing) if missing else "–"
