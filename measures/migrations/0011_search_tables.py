"""Narrow search tables, one per language, kept by triggers (see measures.search).

The GIN indexes of the search vectors move from the wide measures table to the search tables.
A language added later gets its table in a migration of its own that calls
`search_tables_sql` with every code (after removing the old function and triggers).
"""

from django.db import migrations

from measures.search import search_tables_sql

CODES = ("de", "en", "pl")
FORWARD, BACKWARD = search_tables_sql(CODES)


class Migration(migrations.Migration):
    dependencies = [("measures", "0010_facet_index_with_ids")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        *(
            migrations.RemoveIndex(model_name="measure", name=f"measures_search_{code}_gin")
            for code in CODES
        ),
    ]
