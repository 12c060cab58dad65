"""Content fields translated into every portal language (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partners.models import Metropolis, Organisation, Project, Region


@register(Metropolis)
class MetropolisTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "city", "description")
    required_languages = {"en": ("name",)}


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description", "programme", "fund")
    required_languages = {"en": ("programme",)}
