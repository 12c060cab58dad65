"""Content fields of events translated into every portal language (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "report", "venue")
    required_languages = {"en": ("title",)}
