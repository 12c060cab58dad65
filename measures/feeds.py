"""Atom feed of newly published measures, one per portal language (/<lang>/measures/feed.atom)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.languages import language_code
from measures import selectors


class LatestMeasuresFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.language = language_code(get_language())
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Next2Met: newly published measures")

    def subtitle(self):
        return _("Soft digitalisation measures from regions next to metropolises.")

    def link(self):
        return reverse("measures:index")

    def feed_url(self):
        return reverse("measures:feed")

    def items(self):
        return selectors.measure_feed_items()

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
