"""Small facet and ranking columns stay uncompressed inside the row.

With an aggressive toast_tuple_target PostgreSQL compressed even the tiny arrays of theme and
target group ids, and every facet count paid for decompressing them row by row. The default
target comes back, and the columns read for every row of a facet count or ranking are stored
PLAIN (never compressed, never moved out of the row).
"""

from django.db import migrations

COLUMNS = (
    "theme_ids",
    "target_group_ids",
    "languages",
    "rank_de",
    "rank_en",
    "rank_pl",
)

FORWARD = "ALTER TABLE measures_measure RESET (toast_tuple_target);\n" + "".join(
    f"ALTER TABLE measures_measure ALTER COLUMN {column} SET STORAGE PLAIN;\n"
    for column in COLUMNS
)
BACKWARD = "".join(
    f"ALTER TABLE measures_measure ALTER COLUMN {column} SET STORAGE EXTENDED;\n"
    for column in COLUMNS
)


class Migration(migrations.Migration):
    dependencies = [("measures", "0005_search_words_without_numbers")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
