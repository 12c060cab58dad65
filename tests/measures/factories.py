import factory
from factory.django import DjangoModelFactory

from core.workflow import Status
from measures.models import Inspiration, Measure, MeasureKind, TargetGroup, Theme
from tests.partners.factories import OrganisationFactory


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_pl = factory.Sequence(lambda n: f"Temat {n}")


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    name_de = factory.Sequence(lambda n: f"Gruppe {n}")
    name_pl = factory.Sequence(lambda n: f"Grupa {n}")


class MeasureFactory(DjangoModelFactory):
    """A measure with texts in all three languages; published unless told otherwise."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"measure-{n}")
    title_en = factory.Sequence(lambda n: f"Measure number {n}")
    title_de = factory.Sequence(lambda n: f"Maßnahme Nummer {n}")
    title_pl = factory.Sequence(lambda n: f"Działanie numer {n}")
    summary_en = "A short summary of what was done."
    summary_de = "Eine kurze Zusammenfassung dessen, was getan wurde."
    summary_pl = "Krótkie podsumowanie tego, co zrobiono."
    description_en = "<p>What was done, in detail.</p>"
    description_de = "<p>Was getan wurde, im Einzelnen.</p>"
    description_pl = "<p>Co zrobiono, szczegółowo.</p>"
    kind = MeasureKind.SERVICE
    organisation = factory.SubFactory(OrganisationFactory)
    country = factory.LazyAttribute(lambda measure: measure.organisation.country)
    region = factory.LazyAttribute(lambda measure: measure.organisation.region)
    start_year = 2020
    status = Status.PUBLISHED

    @factory.lazy_attribute
    def first_published_at(self):
        from django.utils import timezone

        return timezone.now() if self.status == Status.PUBLISHED else None

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else [ThemeFactory()])
            self.refresh_from_db(fields=["theme_ids"])

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)
            self.refresh_from_db(fields=["target_group_ids"])


class InspirationFactory(DjangoModelFactory):
    class Meta:
        model = Inspiration

    measure = factory.SubFactory(MeasureFactory)
    source = factory.SubFactory(MeasureFactory)
    note_en = "The idea was adapted."
