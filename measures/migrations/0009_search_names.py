"""Search also finds the organisations behind a measure and its other stakeholders.

`search_names` holds the names and acronyms of the main organisation and of the published
partner organisations involved, kept by triggers whatever writes measures, stakeholders or
organisations. The search vectors gain it and `other_stakeholders` with weight D; PostgreSQL 15
cannot change a generated column's expression, so the three columns are built anew (one
rewrite of the table) with their GIN indexes.
"""

import django.contrib.postgres.search
import django.db.models.expressions
from django.db import migrations, models

CONFIGS = {"de": "german", "en": "english", "pl": "simple"}
BODY = (
    "description",
    "challenge",
    "results",
    "resources_needed",
    "difficulties",
    "transfer_potential",
)


def _vector(code: str, *, with_names: bool) -> str:
    config = CONFIGS[code]
    body = " || ' ' || ".join(f"coalesce({field}_{code}, '')" for field in BODY)
    sql = (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(title_{code}, '')), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(summary_{code}, '')), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, {body}), 'C')"
    )
    if with_names:
        names = "coalesce(other_stakeholders, '') || ' ' || coalesce(search_names, '')"
        sql += f" || setweight(to_tsvector('{config}'::regconfig, {names}), 'D')"
    return sql


def _rebuild(*, with_names: bool) -> str:
    drops = ", ".join(f"DROP COLUMN search_{code}" for code in CONFIGS)
    adds = ", ".join(
        f"ADD COLUMN search_{code} tsvector GENERATED ALWAYS AS "
        f"({_vector(code, with_names=with_names)}) STORED"
        for code in CONFIGS
    )
    indexes = "".join(
        f"CREATE INDEX measures_search_{code}_gin ON measures_measure USING gin (search_{code});"
        for code in CONFIGS
    )
    return f"ALTER TABLE measures_measure {drops}, {adds};{indexes}"


NAMES = """
CREATE FUNCTION measures_names_text(measure bigint, organisation bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(DISTINCT names.text, ' ' ORDER BY names.text), '')
    FROM partners_organisation AS o,
    LATERAL unnest(ARRAY[o.name, o.name_de, o.name_en, o.name_pl, o.acronym]) AS names(text)
    WHERE coalesce(names.text, '') <> ''
    AND (o.id = organisation OR (o.status = 'published' AND o.id IN (
        SELECT s.organisation_id FROM measures_measure_stakeholders AS s
        WHERE s.measure_id = measure
    )))
$$;

CREATE FUNCTION measures_names_on_measure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_names := measures_names_text(NEW.id, NEW.organisation_id);
    RETURN NEW;
END $$;
CREATE TRIGGER measures_names_on_measure
    BEFORE INSERT OR UPDATE OF organisation_id ON measures_measure
    FOR EACH ROW EXECUTE FUNCTION measures_names_on_measure();

CREATE FUNCTION measures_names_on_stakeholders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE measures_measure AS m
    SET search_names = measures_names_text(m.id, m.organisation_id)
    WHERE m.id IN (SELECT measure_id FROM changed_rows);
    RETURN NULL;
END $$;
CREATE TRIGGER measures_names_stakeholders_insert AFTER INSERT ON measures_measure_stakeholders
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_names_on_stakeholders();
CREATE TRIGGER measures_names_stakeholders_delete AFTER DELETE ON measures_measure_stakeholders
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_names_on_stakeholders();

CREATE FUNCTION measures_names_on_organisations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH renamed AS (
        SELECT new_rows.id FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id
        WHERE (new_rows.name, new_rows.name_de, new_rows.name_en, new_rows.name_pl,
               new_rows.acronym, new_rows.status)
        IS DISTINCT FROM (old_rows.name, old_rows.name_de, old_rows.name_en, old_rows.name_pl,
                          old_rows.acronym, old_rows.status)
    )
    UPDATE measures_measure AS m
    SET search_names = measures_names_text(m.id, m.organisation_id)
    WHERE m.organisation_id IN (SELECT id FROM renamed)
    OR m.id IN (
        SELECT s.measure_id FROM measures_measure_stakeholders AS s
        WHERE s.organisation_id IN (SELECT id FROM renamed)
    );
    RETURN NULL;
END $$;
CREATE TRIGGER measures_names_on_organisations AFTER UPDATE ON partners_organisation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_names_on_organisations();

UPDATE measures_measure SET search_names = measures_names_text(id, organisation_id);
"""

DROP_NAMES = """
DROP TRIGGER IF EXISTS measures_names_on_organisations ON partners_organisation;
DROP TRIGGER IF EXISTS measures_names_stakeholders_insert ON measures_measure_stakeholders;
DROP TRIGGER IF EXISTS measures_names_stakeholders_delete ON measures_measure_stakeholders;
DROP TRIGGER IF EXISTS measures_names_on_measure ON measures_measure;
DROP FUNCTION IF EXISTS measures_names_on_organisations();
DROP FUNCTION IF EXISTS measures_names_on_stakeholders();
DROP FUNCTION IF EXISTS measures_names_on_measure();
DROP FUNCTION IF EXISTS measures_names_text(bigint, bigint);
"""


def _generated(code: str) -> models.GeneratedField:
    return models.GeneratedField(
        db_persist=True,
        expression=django.db.models.expressions.RawSQL(_vector(code, with_names=True), ()),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0008_measure_start_year_optional"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="search_names",
            field=models.TextField(
                default="",
                editable=False,
                help_text="Names and acronyms of the main organisation and the published partner "
                "organisations involved, for search (kept by triggers, see the migrations).",
            ),
        ),
        migrations.RunSQL(NAMES, DROP_NAMES),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(_rebuild(with_names=True), _rebuild(with_names=False))
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="measure", name=f"search_{code}", field=_generated(code)
                )
                for code in CONFIGS
            ],
        ),
    ]
