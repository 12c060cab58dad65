"""Alert subscriptions in the admin: read-only, for portal editors (and superusers) only.

Subscribers are the portal's contacts, not a partner organisation's: partner staff do not see
them at all. Nothing is changed or sent from here; subscribers manage their alerts through
their own link.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy

from alerts.models import AlertKind, Digest, Subscription, SubscriptionStatus
from partners.roles import is_portal_editor


class PortalEditorsReadOnly:
    def has_module_permission(self, request):
        return is_portal_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_portal_editor(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DigestInline(PortalEditorsReadOnly, admin.TabularInline):
    model = Digest
    fields = readonly_fields = ("period_start", "period_end", "entries", "created_at")
    ordering = ("-period_start",)
    extra = 0
    max_num = 0


@admin.register(Subscription)
class SubscriptionAdmin(PortalEditorsReadOnly, admin.ModelAdmin):
    list_display = (
        "email",
        "kind",
        "filters_text",
        "frequency",
        "status",
        "language",
        "created_at",
        "confirmed_at",
        "last_sent_until",
        "digests_sent",
    )
    list_filter = ("kind", "status", "frequency", "language")
    search_fields = ("email",)
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = None
    fields = readonly_fields = (
        "email",
        "kind",
        "filters_text",
        "frequency",
        "status",
        "language",
        "created_at",
        "consent_at",
        "confirmation_sent_at",
        "confirmed_at",
        "cancelled_at",
        "last_sent_until",
        "digests_sent",
    )
    inlines = (DigestInline,)
    change_list_template = "admin/alerts/subscription/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(digest_count=Count("digests"))

    @admin.display(description=gettext_lazy("filters"))
    def filters_text(self, obj: Subscription) -> str:
        return (
            "; ".join(f"{name}={', '.join(values)}" for name, values in sorted(obj.filters.items()))
            or "–"
        )

    @admin.display(description=gettext_lazy("digests sent"), ordering="digest_count")
    def digests_sent(self, obj: Subscription) -> int:
        return getattr(obj, "digest_count", 0)

    def changelist_view(self, request, extra_context=None):
        counts = {
            (kind, status): n
            for kind, status, n in Subscription.objects.order_by()
            .values_list("kind", "status")
            .annotate(n=Count("pk"))
        }
        rows = [
            {
                "kind": label,
                "counts": [counts.get((kind, status), 0) for status in SubscriptionStatus.values],
            }
            for kind, label in AlertKind.choices
        ]
        extra_context = {
            "alert_statuses": [label for _value, label in SubscriptionStatus.choices],
            "alert_counts": rows,
            "digest_total": Digest.objects.count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)
