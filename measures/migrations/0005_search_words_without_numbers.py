"""Keep numbers and very long tokens (addresses, codes) out of the table of search words:
they are never typos of a word, and would only make the table large."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION measures_search_words_collect() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO measures_search_word (language, word)
    SELECT DISTINCT words.language, words.word
    FROM changed_rows,
    LATERAL (
        SELECT 'de', unnest(tsvector_to_array(changed_rows.search_de))
        UNION ALL SELECT 'en', unnest(tsvector_to_array(changed_rows.search_en))
        UNION ALL SELECT 'pl', unnest(tsvector_to_array(changed_rows.search_pl))
    ) AS words(language, word)
    WHERE words.word !~ '[0-9]' AND length(words.word) BETWEEN 3 AND 40
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
DELETE FROM measures_search_word WHERE word ~ '[0-9]' OR length(word) NOT BETWEEN 3 AND 40;
ANALYZE measures_search_word;
"""


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_search_words")]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
