"""Changelist columns that fit beside the admin's menu and filters on a 1280 px screen.

Partner staff of one organisation do not see an organisation column (every row is theirs);
titles are shortened to one or two lines (the whole title is the link's tooltip); the last
change is a short date.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from partners.roles import user_organisation_ids

TITLE_LENGTH = 70


class CompactChangelistMixin:
    class Media:
        css = {"all": ("css/admin.css",)}

    # The column that names the owning organisation; a method rather than the foreign key,
    # which the admin would keep on one line however long the name.
    organisation_column = "organisation_name"
    organisation_field = "organisation"

    def get_list_display(self, request):
        columns = tuple(super().get_list_display(request))
        organisations = user_organisation_ids(request.user)
        if organisations is not None and len(organisations) <= 1:
            columns = tuple(column for column in columns if column != self.organisation_column)
        return columns

    @admin.display(description=gettext_lazy("organisation"), ordering="organisation__name")
    def organisation_name(self, obj) -> str:
        organisation = getattr(obj, self.organisation_field)
        return organisation.name if organisation else "–"

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def list_title(self, obj) -> str:
        title = str(obj.title or "")
        short = Truncator(title).chars(TITLE_LENGTH)
        if short == title:
            return title
        return format_html('<span title="{}">{}</span>', title, short)

    @admin.display(description=gettext_lazy("updated at"), ordering="updated_at")
    def updated(self, obj) -> str:
        return date_format(timezone.localtime(obj.updated_at), "SHORT_DATE_FORMAT")
