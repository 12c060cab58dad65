"""Content versions that never repeat, even when a transaction that raised one rolls back.

The version was `value + 1`: a transaction that raised it and rolled back left the next one to
raise it with the same number for different content, so that a process could keep what it had
built from the rolled-back content (measures.facetindex) under a number that now means
something else. A sequence never hands out a number twice; `greatest` keeps the value rising
in the order of commits even when a raise waited for another transaction's lock.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE next2met_content_version_seq;
SELECT setval('next2met_content_version_seq', greatest(1, value)) FROM next2met_content_version;
CREATE OR REPLACE FUNCTION next2met_content_version_raise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE next2met_content_version
    SET value = greatest(value + 1, nextval('next2met_content_version_seq'))
    WHERE id = 1;
    RETURN NULL;
END $$;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION next2met_content_version_raise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE next2met_content_version SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;
DROP SEQUENCE IF EXISTS next2met_content_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("next2met", "0002_content_version_triggers")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
