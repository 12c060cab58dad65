"""Atom feed of newly published measures, one per portal language (/<lang>/measures/feed.atom).

The feed follows the list's filters and search: `feed.atom?theme=…&q=…` carries the newest
of the measures that the list `?theme=…&q=…` shows (the list links its feed with the same
query string as its exports), so that a reader can subscribe to a filtered list.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.languages import language_code
from measures import selectors
from measures.exports import export_query_string
from measures.filters import measure_filterset
from measures.models import TargetGroup, Theme

FEED_LIMIT = 30


class LatestMeasuresFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.language = language_code(get_language())
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        # The query string, handed to the methods below as `data` (not kept on the feed,
        # which one instance serves to every request and thread).
        return request.GET

    def title(self):
        return _("Next2Met: newly published measures")

    def subtitle(self):
        return _("Soft digitalisation measures from regions next to metropolises.")

    def link(self, data):
        return reverse("measures:index") + export_query_string(data)

    def feed_url(self, data):
        return reverse("measures:feed") + export_query_string(data)

    def items(self, data):
        """The newest published measures among those the list's filters and search (the
        query string) select: two queries for the vocabularies the filters name, one for
        the items."""
        if not export_query_string(data):
            return selectors.measure_feed_items(limit=FEED_LIMIT)
        filterset = measure_filterset(
            data=data,
            language=language_code(get_language()),
            themes=list(Theme.objects.all()),
            target_groups=list(TargetGroup.objects.all()),
        )
        queryset = filterset.qs.select_related("organisation").defer(*selectors.deferred_fields())
        return selectors.newest_first(queryset)[:FEED_LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as <summary type="html">: the plain-text summary is
        # escaped once more, so that feed readers show it as text and never run it.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [item.get_kind_display()]
