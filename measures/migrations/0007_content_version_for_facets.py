"""Cached facet counts follow the portal's content version (next2met.pagecache), which
PostgreSQL raises on every change of measures, their vocabularies and the organisations,
regions and projects named in facet labels; the measures' own counter is no longer needed."""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS measures_change_counter_measure ON measures_measure;
DROP TRIGGER IF EXISTS measures_change_counter_themes ON measures_measure_themes;
DROP TRIGGER IF EXISTS measures_change_counter_target_groups ON measures_measure_target_groups;
DROP TRIGGER IF EXISTS measures_change_counter_theme ON measures_theme;
DROP TRIGGER IF EXISTS measures_change_counter_target_group ON measures_targetgroup;
DROP FUNCTION IF EXISTS measures_change_counter_raise();
DROP TABLE IF EXISTS measures_change_counter;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0006_plain_facet_columns"),
        ("next2met", "0001_content_version"),
    ]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
