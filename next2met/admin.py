"""The portal's admin site: Django's, with "view on site" confined to what the person may see."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext as _


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
        return [
            view_on_site if getattr(url, "name", None) == "view_on_site" else url for url in urls
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an entry's public page, for entries this person may see in the admin.

        Entries of other organisations answer "not found", as their admin pages do: the
        redirect would reveal the address of another organisation's draft.
        """
        not_found = Http404(_("There is no such entry, or it belongs to another organisation."))
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise not_found from error
        model_admin = self.get_model_admin(model) if model and self.is_registered(model) else None
        if model_admin is None:
            raise not_found
        try:
            obj = model_admin.get_object(request, unquote(object_id))
        except (ValueError, TypeError) as error:
            raise not_found from error
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise not_found
        url = getattr(obj, "get_absolute_url", lambda: "")()
        if not url or not url.startswith("/") or url.startswith("//"):
            raise not_found
        return HttpResponseRedirect(url)
