import io

import pytest
from django.core.management import call_command

from events.models import Event, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_loads_the_spring_2021_series_study_visits_and_a_full_event(settings):
    settings.DEBUG = True
    load()
    first = Event.objects.get(slug="lets-get-to-know-each-other-2021")
    assert first.organiser.slug == "klaster-ict-pomorze-zachodnie"
    assert first.project.slug == "pl-de-cross-border-cooperation"
    assert (first.local_start.hour, first.local_start.minute) == (13, 0)
    assert (first.local_end.hour, first.local_end.minute) == (15, 15)
    assert first.moderator == "Rafał Malujda"
    assert all(first.title_de and first.title_en and first.title_pl for first in [first])
    workshop = Event.objects.get(slug="effective-communication-across-borders-2021")
    assert (workshop.meeting_language, workshop.interpretation_languages) == ("pl", ["de"])
    essen = Event.objects.get(slug="cohes3ion-study-visit-essen-2020")
    assert essen.local_start.date().isoformat() == "2020-01-15"
    assert essen.report_pl and essen.report_de and essen.report_en
    full = Event.objects.get(slug="cluster-coffee-ai-in-small-companies-2027")
    assert full.seats_taken == full.capacity
    assert full.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 2

    counts = (Event.objects.count(), Registration.objects.count())
    load()  # idempotent
    assert (Event.objects.count(), Registration.objects.count()) == counts
