"""Content fields translated into every portal language (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from measures.models import RICH_TEXT_FIELDS, Inspiration, Measure, TargetGroup, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(Measure)
class MeasureTranslationOptions(TranslationOptions):
    fields = ("title", "summary", *RICH_TEXT_FIELDS, "image_alt")
    required_languages = {"en": ("title", "summary")}


@register(Inspiration)
class InspirationTranslationOptions(TranslationOptions):
    fields = ("note",)
