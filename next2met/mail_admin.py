"""The mail queue in the admin, for portal editors (and superusers) only.

It replaces django-post_office's own admin of `Email`: a read-only list with what an operator
needs to see a problem (status, recipients, subject, failed attempts, the last error, the next
attempt and until when the message is useful) and one action, queueing failed messages that are
still useful again (the same as `manage.py resend_failed_mail`). Message bodies are not shown:
they hold registrants' secret manage links. Partner staff do not see the queue at all.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy, ngettext
from post_office.models import STATUS, Email, Log

from next2met.mail import mail_failed_requeue
from partners.roles import is_portal_editor


class MailLogInline(admin.TabularInline):
    model = Log
    fields = readonly_fields = ("date", "status", "exception_type", "message")
    ordering = ("-date",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_portal_editor(request.user)


def _last_failure(field: str) -> Subquery:
    failures = Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed).order_by("-date")
    return Subquery(failures.values(field)[:1])


class MailQueueAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "recipients",
        "subject",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "next_attempt",
        "useful_until",
    )
    list_display_links = ("id", "recipients")
    list_filter = ("status",)
    search_fields = ("to", "subject")
    date_hierarchy = "created"
    ordering = ("-created",)
    list_per_page = 50
    actions = ("requeue_failed",)
    fields = readonly_fields = (
        "recipients",
        "from_email",
        "subject",
        "status",
        "attempts",
        "last_error",
        "queued_at",
        "last_updated",
        "next_attempt",
        "useful_until",
        "message_id",
    )
    inlines = (MailLogInline,)
    # Not post_office's template: its "Resend" button sends at once, past the queue and its lock.
    change_form_template = "admin/change_form.html"

    # --- Who may see it ---------------------------------------------------------------------

    def has_module_permission(self, request):
        return is_portal_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_portal_editor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_requeue_permission(self, request):
        return is_portal_editor(request.user)

    # --- Columns ----------------------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("message", "html_message")
            .annotate(
                last_error_type=_last_failure("exception_type"),
                last_error_message=_last_failure("message"),
            )
        )

    @admin.display(description=gettext_lazy("recipients"), ordering="to")
    def recipients(self, obj: Email) -> str:
        return ", ".join(obj.to)

    @admin.display(description=gettext_lazy("failed attempts"), ordering="number_of_retries")
    def attempts(self, obj: Email) -> int:
        return obj.number_of_retries or 0

    @admin.display(description=gettext_lazy("last error"))
    def last_error(self, obj: Email) -> str:
        message = getattr(obj, "last_error_message", None)
        if not message:
            return "–"
        kind = getattr(obj, "last_error_type", "")
        text = f"{kind}: {message}" if kind else message
        return text if len(text) <= 200 else text[:199] + "…"

    @admin.display(description=gettext_lazy("queued at"), ordering="created")
    def queued_at(self, obj: Email):
        return obj.created

    @admin.display(description=gettext_lazy("next attempt"), ordering="scheduled_time")
    def next_attempt(self, obj: Email):
        if obj.status not in (STATUS.queued, STATUS.requeued):
            return None
        return obj.scheduled_time or obj.created

    @admin.display(description=gettext_lazy("useful until"), ordering="expires_at")
    def useful_until(self, obj: Email):
        return obj.expires_at

    # --- Action -----------------------------------------------------------------------------

    @admin.action(
        description=gettext_lazy("Queue failed messages again (those still useful)"),
        permissions=("requeue",),
    )
    def requeue_failed(self, request, queryset):
        count = mail_failed_requeue(ids=queryset.values_list("pk", flat=True))
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message is queued again.",
                    "%(count)d messages are queued again.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext_lazy("None of the selected messages has failed and is still useful."),
                messages.WARNING,
            )


def mail_admin_register(site: admin.AdminSite) -> None:
    """Show the mail queue through `MailQueueAdmin` instead of post_office's own admin."""
    if site.is_registered(Email):
        site.unregister(Email)
    site.register(Email, MailQueueAdmin)
