"""The triggers that raise the content version (next2met.contentversion), one migration for all
public tables of the partners, measures and events apps.

Taking a seat (an update of `events_event.seats_taken` alone) no longer raises the version, nor
does a change of staff memberships; registrations never did. `CREATE OR REPLACE` also turns the
triggers that earlier versions created after every migration into these.
"""

from django.db import migrations

from next2met.contentversion import unwatch, watch

TABLES = (
    "partners_metropolis",
    "partners_organisation",
    "partners_participation",
    "partners_project",
    "partners_region",
    "partners_region_metropolises",
    "measures_inspiration",
    "measures_measure",
    "measures_measure_stakeholders",
    "measures_measure_target_groups",
    "measures_measure_themes",
    "measures_targetgroup",
    "measures_theme",
    "events_event_co_organisers",
    "events_event_measures",
)


class Migration(migrations.Migration):
    dependencies = [
        ("next2met", "0001_content_version"),
        ("partners", "0002_project_title_and_participation_role_optional"),
        ("measures", "0009_search_names"),
        ("events", "0002_event_dates_only_language_optional_organiser_took_part"),
    ]

    operations = [
        *(watch(table) for table in TABLES),
        watch("events_event", private_columns=("seats_taken",)),
        unwatch("partners_membership"),
    ]
