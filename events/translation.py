"""Content fields of events translated into every portal language (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Question, QuestionChoice, Series


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "report", "venue")
    required_languages = {"en": ("title",)}


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "help_text")
    required_languages = {"en": ("text",)}


@register(QuestionChoice)
class QuestionChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = {"en": ("label",)}


# --- Series of events ---


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}
