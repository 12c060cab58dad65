"""A counter that PostgreSQL raises on every change of measures, their themes or target groups.

Cached facet counts carry the counter they were computed at; a changed counter makes them
stale whatever wrote the change (admin, services, bulk loads, another app server).
"""

from django.db import migrations

FORWARD = """
CREATE TABLE measures_change_counter (
    id smallint PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO measures_change_counter (id, value) VALUES (1, 0);
CREATE FUNCTION measures_change_counter_raise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE measures_change_counter SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER measures_change_counter_measure
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures_measure
    FOR EACH STATEMENT EXECUTE FUNCTION measures_change_counter_raise();
CREATE TRIGGER measures_change_counter_themes
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures_measure_themes
    FOR EACH STATEMENT EXECUTE FUNCTION measures_change_counter_raise();
CREATE TRIGGER measures_change_counter_target_groups
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures_measure_target_groups
    FOR EACH STATEMENT EXECUTE FUNCTION measures_change_counter_raise();
CREATE TRIGGER measures_change_counter_theme
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures_theme
    FOR EACH STATEMENT EXECUTE FUNCTION measures_change_counter_raise();
CREATE TRIGGER measures_change_counter_target_group
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures_targetgroup
    FOR EACH STATEMENT EXECUTE FUNCTION measures_change_counter_raise();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS measures_change_counter_measure ON measures_measure;
DROP TRIGGER IF EXISTS measures_change_counter_themes ON measures_measure_themes;
DROP TRIGGER IF EXISTS measures_change_counter_target_groups ON measures_measure_target_groups;
DROP TRIGGER IF EXISTS measures_change_counter_theme ON measures_theme;
DROP TRIGGER IF EXISTS measures_change_counter_target_group ON measures_targetgroup;
DROP FUNCTION IF EXISTS measures_change_counter_raise();
DROP TABLE IF EXISTS measures_change_counter;
"""


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_facet_index")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
