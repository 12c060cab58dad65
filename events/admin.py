"""Admin of events and registrations for organisers, confined to their own organisations.

Every change of a registration's status, of seats and every message goes through
`events.services`; the admin only collects the organiser's choice.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.workflow import Status as WorkflowStatus
from events import services
from events.admin_attendance import EventAfterAdminMixin
from events.admin_statistics import (
    EventStatisticsAdminMixin,
    SeriesStatisticsAdminMixin,
    event_statistics_url,
)
from events.exports import participants_csv_response, registrations_csv_response
from events.forms import EventAdminForm, ParticipantMessageForm
from events.models import (
    PROFILE_FIELDS,
    REGISTRANT_FIELDS,
    Event,
    Question,
    QuestionChoice,
    Registration,
    RegistrationStatus,
    Series,
    time_zone_choices,
)
from events.selectors import event_recipients, registration_counts, with_waitlist_place
from matchmaking.admin_event import EventMatchmakingAdminMixin
from partners.admin_columns import CompactChangelistMixin
from partners.admin_mixins import (
    MissingTranslationsMixin,
    PartnerScopedAdminMixin,
    WorkflowAdminMixin,
)
from partners.roles import is_portal_editor, scope_queryset
from reviews.admin import ReviewAdminMixin
from reviews.registry import EVENT_IMMEDIATE_FIELDS
from reviews.snapshots import base_name


def _base(obj, name: str) -> str:
    """The field a form field belongs to (a translated column's own field)."""
    try:
        return base_name(obj._meta.get_field(name))
    except FieldDoesNotExist:
        return name


def _status_count(status: str):
    return Count("registrations", filter=Q(registrations__status=status), distinct=True)


class QuestionInline(TranslationStackedInline):
    """The event's registration questions; their answers to choose are on each question's own
    page ("Change")."""

    model = Question
    fields = ("text", "help_text", "kind", "required", "position", "retired_at")
    extra = 0
    show_change_link = True
    verbose_name_plural = gettext_lazy(
        "Registration questions (answers to choose: save, then “Change” on the question)"
    )


@admin.register(Event)
class EventAdmin(
    EventStatisticsAdminMixin,
    EventAfterAdminMixin,
    EventMatchmakingAdminMixin,
    CompactChangelistMixin,
    ReviewAdminMixin,
    WorkflowAdminMixin,
    PartnerScopedAdminMixin,
    MissingTranslationsMixin,
    TabbedTranslationAdmin,
):
    form = EventAdminForm
    inlines = (QuestionInline,)
    # Few, short columns, so that status, registrations and missing languages stay in view
    # beside the admin's menu and filters at 1280 px; kind and format are filters.
    list_display = (
        "list_title",
        "when_short",
        "status",
        "registrations_short",
        "missing_languages",
    )
    list_filter = (
        "status",
        "kind",
        "format",
        "meeting_language",
        "organiser",
        "project",
        "series",
    )
    list_select_related = ("organiser", "project")
    search_fields = ("title", "slug", "moderator")
    date_hierarchy = "start"
    ordering = ("-start",)
    autocomplete_fields = ("organiser", "project")
    filter_horizontal = ("co_organisers", "measures")
    prepopulated_fields = {"slug": ("title_en",)}
    translation_check_fields = ("title", "summary", "description", "report")
    readonly_fields = (
        "seats_taken",
        "registration_summary",
        "recording_published_at",
        "cancelled_at",
        "created_at",
        "updated_at",
        "after_event_links",
        "matchmaking_links",
    )
    actions = (
        "close_registration",
        "cancel_events",
        "publish_recording",
        "export_participants",
        "message_participants",
        "take_attendance",
        "show_feedback",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "status", "summary", "description")}),
        (
            gettext_lazy("Date and place"),
            {
                "fields": (
                    "time_zone",
                    "start",
                    "end",
                    "dates_only",
                    "format",
                    "venue",
                    "platform",
                    "join_link",
                    "notify_registrants",
                )
            },
        ),
        (
            gettext_lazy("Programme"),
            {
                "fields": (
                    "meeting_language",
                    "interpretation_languages",
                    "moderator",
                    "organiser",
                    "organiser_only_took_part",
                    "co_organisers",
                    "project",
                    "series",
                    "measures",
                )
            },
        ),
        (
            gettext_lazy("Registration"),
            {
                "fields": (
                    "registration_enabled",
                    "capacity",
                    "seats_taken",
                    "registration_opens_at",
                    "registration_closes_at",
                    "organiser_notifications",
                    "registration_summary",
                )
            },
        ),
        (gettext_lazy("Matchmaking"), {"fields": ("matchmaking_links",)}),
        (
            gettext_lazy("After the event"),
            {"fields": ("recording_url", "recording_published_at", "report", "after_event_links")},
        ),
        (
            gettext_lazy("History"),
            {
                "fields": (
                    "status_changed_at",
                    "status_changed_by",
                    "first_published_at",
                    "cancelled_at",
                    "created_at",
                    "updated_at",
                ),
                "classes": ("collapse",),
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_n=_status_count(RegistrationStatus.PENDING),
                confirmed_n=_status_count(RegistrationStatus.CONFIRMED),
                waitlisted_n=_status_count(RegistrationStatus.WAITLISTED),
                cancelled_n=_status_count(RegistrationStatus.CANCELLED),
            )
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Times in the form are the event's wall-clock times: parse them in its time zone.
        zone = request.POST.get("time_zone")
        if not zone and object_id and str(object_id).isdigit():
            zone = Event.objects.filter(pk=object_id).values_list("time_zone", flat=True).first()
        if zone not in dict(time_zone_choices()):
            zone = settings.TIME_ZONE
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_field_queryset(self, db, db_field, request):
        if db_field.name == "co_organisers":
            # Any published organisation may co-organise, besides the user's own.
            from partners.models import Organisation

            own = scope_queryset(Organisation.objects.all(), request.user)
            return Organisation.objects.filter(
                Q(pk__in=own.values("pk")) | Q(status=WorkflowStatus.PUBLISHED)
            )
        if db_field.name == "measures":
            # Any published measure may be presented, besides the organisation's own drafts.
            from measures.models import Measure

            own = scope_queryset(Measure.objects.all(), request.user)
            return Measure.objects.filter(
                Q(pk__in=own.values("pk")) | Q(status=WorkflowStatus.PUBLISHED)
            )
        return super().get_field_queryset(db, db_field, request)

    @admin.display(description=gettext_lazy("When"), ordering="start")
    def when_short(self, obj):
        """Start in the event's own time zone, short: "20.01.2027 10:00 CET" (or the date
        alone when only the dates are known)."""
        start = obj.local_start
        if obj.dates_only:
            return date_format(start, "SHORT_DATE_FORMAT")
        return f"{date_format(start, 'SHORT_DATETIME_FORMAT')} {start.tzname()}"

    @admin.display(description=gettext_lazy("registrations"), ordering="confirmed_n")
    def registrations_short(self, obj):
        """The registrations by status, one short line each, statuses without any left out;
        the confirmed ones out of the seats ("confirmed: 12 / 30")."""
        confirmed = f"{obj.confirmed_n} / {obj.capacity}" if obj.capacity else obj.confirmed_n
        counts = (
            (gettext_lazy("confirmed"), confirmed),
            (gettext_lazy("pending"), obj.pending_n),
            (gettext_lazy("waiting list"), obj.waitlisted_n),
            (gettext_lazy("cancelled"), obj.cancelled_n),
        )
        shown = [(label, count) for label, count in counts if count]
        if not shown:
            return "–"
        lines = format_html_join(mark_safe("<br>"), "{}: {}", shown)
        return format_html("{}<br>{}", lines, self.statistics_link(obj))

    @admin.display(description=gettext_lazy("registrations"))
    def registration_summary(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        counts = registration_counts(queryset=obj.registrations.all())
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '{}<br><a href="{}">{}</a> · {}',
            format_html_join(
                ", ",
                "{}: {}",
                ((RegistrationStatus(status).label, n) for status, n in counts.items()),
            ),
            url,
            _("Show the registrations"),
            self.statistics_link(obj),
        )

    def save_directly(self, request, obj, form, change):
        if not change:
            super().save_directly(request, obj, form, change)
            return
        self._event_update(request, obj, form.changed_data, form)

    def review_save_immediate(self, request, obj, form):
        """Date, place, join link, registration and recording apply at once, also while the
        rest of the change waits for review; registrants are told as before."""
        changed = [
            name
            for name in form.changed_data
            if name in form.fields and _base(obj, name) in EVENT_IMMEDIATE_FIELDS
        ]
        if not changed:
            return
        live = Event.objects.get(pk=obj.pk)
        for name in changed:
            setattr(live, name, getattr(obj, name))
        self._event_update(request, live, changed, form)

    def _event_update(self, request, event, changed, form):
        result = services.event_update(
            event=event,
            user=request.user,
            changed_fields=changed,
            notify_registrants=form.cleaned_data.get("notify_registrants", False),
        )
        if result.promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list.",
                    "%(count)d people moved up from the waiting list.",
                    len(result.promoted),
                )
                % {"count": len(result.promoted)},
                messages.SUCCESS,
            )
        if result.changes:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registrant will be told about the change.",
                    "%(count)d registrants will be told about the change.",
                    result.notified,
                )
                % {"count": result.notified},
                messages.SUCCESS,
            )

    # --- Actions ------------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Close registration now"), permissions=["change"])
    def close_registration(self, request, queryset):
        closed = sum(services.event_registration_close(event=event) for event in queryset)
        self.message_user(
            request,
            ngettext(
                "Registration closed for %(count)d event.",
                "Registration closed for %(count)d events.",
                closed,
            )
            % {"count": closed},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Cancel the event and notify everyone registered"),
        permissions=["change"],
    )
    def cancel_events(self, request, queryset):
        notified, unpublished = 0, 0
        for event in queryset:
            try:
                notified += services.event_cancel(event=event)
            except services.RegistrationError:
                unpublished += 1
        if unpublished:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected event was left out: it has not been published, so there "
                    "is nothing to cancel; return it to draft instead.",
                    "%(count)d selected events were left out: they have not been published, so "
                    "there is nothing to cancel; return them to draft instead.",
                    unpublished,
                )
                % {"count": unpublished},
                messages.WARNING,
            )
            if unpublished == len(queryset):
                return
        self.message_user(
            request,
            ngettext(
                "Events cancelled; %(count)d registrant will be notified.",
                "Events cancelled; %(count)d registrants will be notified.",
                notified,
            )
            % {"count": notified},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Publish the recording and notify participants"),
        permissions=["change"],
    )
    def publish_recording(self, request, queryset):
        for event in queryset:
            try:
                sent = services.event_recording_publish(event=event)
            except services.RegistrationError:
                self.message_user(
                    request,
                    _("“%(event)s” has no recording link yet.") % {"event": event},
                    messages.WARNING,
                )
                continue
            self.message_user(
                request,
                ngettext(
                    "“%(event)s”: %(count)d participant will be notified.",
                    "“%(event)s”: %(count)d participants will be notified.",
                    sent,
                )
                % {"event": event, "count": sent},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Export participants as CSV"), permissions=["view"])
    def export_participants(self, request, queryset):
        return participants_csv_response(events=queryset)

    @admin.action(
        description=gettext_lazy("Write to all confirmed participants"), permissions=["change"]
    )
    def message_participants(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Please select exactly one event to write to."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:events_event_message", args=[queryset.get().pk]))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/message/",
                self.admin_site.admin_view(self.message_view),
                name="events_event_message",
            ),
            *super().get_urls(),
        ]

    def message_view(self, request, object_id):
        event = self.get_object(request, object_id)
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        form = ParticipantMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            sent = services.event_participants_message(
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
            self.message_user(
                request,
                ngettext(
                    "The message is queued for %(count)d participant.",
                    "The message is queued for %(count)d participants.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": event,
            "title": _("Write to the participants of “%(event)s”") % {"event": event},
            "form": form,
            "recipients": event_recipients(
                event=event, statuses=(RegistrationStatus.CONFIRMED,)
            ).count(),
        }
        return TemplateResponse(request, "admin/events/event/message.html", context)


@admin.register(Registration)
class RegistrationAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/events/registration/change_list.html"
    # Staff of an event's co-organisers see and export its registrations, read-only.
    reader_lookup = "event__co_organisers"
    list_display = (
        "__str__",
        "email",
        "organisation",
        "event",
        "status",
        "language",
        "created_at",
        "confirmed_at",
        "waitlisted_at",
        "waitlist_place",
    )
    list_filter = ("status", "event", "language", "organisation_type", "country")
    list_select_related = ("event",)
    search_fields = ("first_name", "last_name", "email", "organisation")
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    actions = (
        "confirm_selected",
        "promote_selected",
        "cancel_selected",
        "erase_selected",
        "export_csv",
    )
    fields = (
        "event",
        "status",
        *REGISTRANT_FIELDS,
        "language",
        *PROFILE_FIELDS,
        "consent_at",
        "created_at",
        "confirmed_at",
        "waitlisted_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
    )
    readonly_fields = (
        "event",
        "status",
        "email",
        "language",
        "consent_at",
        "created_at",
        "confirmed_at",
        "waitlisted_at",
        "cancelled_at",
        "reminder_sent_at",
        "anonymised_at",
        "profile_shared",
    )

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return with_waitlist_place(super().get_queryset(request))

    @admin.display(description=gettext_lazy("place on the waiting list"), ordering="waitlisted_at")
    def waitlist_place(self, obj):
        return obj.waitlist_place

    def has_delete_permission(self, request, obj=None):
        # Partner staff cancel or erase; portal editors may also delete, through the service
        # that frees the seat first.
        return is_portal_editor(request.user) and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.registration_delete(registration=obj)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            services.registration_delete(registration=registration)

    @admin.action(
        description=gettext_lazy("Export selected %(verbose_name_plural)s as CSV"),
        permissions=["view"],
    )
    def export_csv(self, request, queryset):
        """The selected registrations, with the columns of the participants export."""
        return registrations_csv_response(
            registrations=queryset, filename=slugify(self.opts.verbose_name_plural)
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            counts = registration_counts(queryset=context["cl"].queryset)
            context["status_counts"] = [
                (RegistrationStatus(status).label, n) for status, n in counts.items()
            ]
            context["statistics_url"] = event_statistics_url(request)
        return response

    def _apply(self, request, queryset, function, done_message):
        done = 0
        for registration in queryset.select_related("event"):
            try:
                if function(registration):
                    done += 1
            except services.RegistrationError:
                continue
        self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Confirm selected registrations"), permissions=["change"]
    )
    def confirm_selected(self, request, queryset):
        def confirm(registration):
            if registration.status != RegistrationStatus.PENDING:
                return False
            services.registration_confirm(registration=registration)
            return True

        self._apply(
            request,
            queryset,
            confirm,
            lambda n: (
                ngettext(
                    "%(count)d registration confirmed (or put on the waiting list when full).",
                    "%(count)d registrations confirmed (or put on the waiting list when full).",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=gettext_lazy("Give a free seat to selected people on the waiting list"),
        permissions=["change"],
    )
    def promote_selected(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "pk"),
            lambda registration: services.registration_promote(registration=registration),
            lambda n: (
                ngettext(
                    "%(count)d person moved up from the waiting list.",
                    "%(count)d people moved up from the waiting list.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=gettext_lazy("Cancel selected registrations"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        def cancel(registration):
            if not registration.is_active:
                return False
            services.registration_cancel(registration=registration)
            return True

        self._apply(
            request,
            queryset,
            cancel,
            lambda n: (
                ngettext(
                    "%(count)d registration cancelled.", "%(count)d registrations cancelled.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=gettext_lazy("Erase the personal data of selected registrations"),
        permissions=["change"],
    )
    def erase_selected(self, request, queryset):
        def erase(registration):
            if registration.anonymised_at:
                return False
            services.registration_erase(registration=registration)
            return True

        self._apply(
            request,
            queryset,
            erase,
            lambda n: (
                ngettext("%(count)d registration erased.", "%(count)d registrations erased.", n)
                % {"count": n}
            ),
        )


class QuestionChoiceInline(TranslationTabularInline):
    model = QuestionChoice
    fields = ("label", "position", "retired_at")
    extra = 3


@admin.register(Question)
class QuestionAdmin(PartnerScopedAdminMixin, TabbedTranslationAdmin):
    """A registration question with the answers it offers. Answered questions and chosen
    answers cannot be deleted (their answers protect them): they are retired instead."""

    list_display = ("text", "event", "kind", "required", "position", "retired_at")
    list_filter = ("kind", "required", "event")
    list_select_related = ("event",)
    search_fields = ("text", "event__title")
    autocomplete_fields = ("event",)
    fields = ("event", "text", "help_text", "kind", "required", "position", "retired_at")
    inlines = (QuestionChoiceInline,)

    def get_inline_instances(self, request, obj=None):
        # Only questions with answers to choose offer them.
        if obj is not None and not obj.has_choices:
            return []
        return super().get_inline_instances(request, obj)


# --- Series of events ---------------------------------------------------------------------------


@admin.register(Series)
class SeriesAdmin(
    SeriesStatisticsAdminMixin,
    PartnerScopedAdminMixin,
    MissingTranslationsMixin,
    TabbedTranslationAdmin,
):
    """A series of the organiser's events. Events join a series on their own page (field
    "Series"); the series is public while one of its events is."""

    list_display = ("title", "organiser", "events_count", "missing_languages")
    list_filter = ("organiser",)
    list_select_related = ("organiser",)
    search_fields = ("title", "slug")
    autocomplete_fields = ("organiser",)
    filter_horizontal = ("co_organisers",)
    prepopulated_fields = {"slug": ("title_en",)}
    translation_check_fields = ("title", "description")
    fields = (
        "title",
        "slug",
        "description",
        "organiser",
        "co_organisers",
        "events_list",
        "statistics_link",
    )
    readonly_fields = ("events_list", "statistics_link")
    export_fields = ("title", "slug", "organiser")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(events_n=Count("events", distinct=True))

    def get_field_queryset(self, db, db_field, request):
        if db_field.name == "co_organisers":
            # Any published organisation may co-organise, besides the user's own.
            from partners.models import Organisation

            own = scope_queryset(Organisation.objects.all(), request.user)
            return Organisation.objects.filter(
                Q(pk__in=own.values("pk")) | Q(status=WorkflowStatus.PUBLISHED)
            )
        return super().get_field_queryset(db, db_field, request)

    @admin.display(description=gettext_lazy("events"), ordering="events_n")
    def events_count(self, obj):
        return obj.events_n

    @admin.display(description=gettext_lazy("events"))
    def events_list(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        events = obj.events.order_by("start", "pk")
        if not events:
            return _("No event belongs to this series yet: choose it on an event's page.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:events_event_change", args=[event.pk]),
                    event.title,
                    event.get_status_display(),
                )
                for event in events
            ),
        )
