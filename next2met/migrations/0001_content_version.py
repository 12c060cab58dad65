"""A number PostgreSQL raises whenever public content changes (see next2met.pagecache).

The triggers that raise it are (re)created after every migration for each table of the
content apps, so that tables added later are covered too (next2met.apps).
"""

from django.db import migrations, models

FORWARD = """
CREATE TABLE next2met_content_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO next2met_content_version (id, value) VALUES (1, 0);
CREATE FUNCTION next2met_content_version_raise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE next2met_content_version SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS next2met_content_version_raise() CASCADE;
DROP TABLE IF EXISTS next2met_content_version;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField()),
            ],
            options={"db_table": "next2met_content_version", "managed": False},
        ),
    ]
