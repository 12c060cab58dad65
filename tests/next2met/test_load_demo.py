import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo content"):
        call_command("load_demo")


def snapshot() -> dict[str, tuple]:
    """Row count and a digest of every row of every content and user table."""
    from django.apps import apps
    from django.db import connection

    labels = ("partners", "measures", "events", "auth")
    state = {}
    with connection.cursor() as cursor:
        for label in labels:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    f" FROM {table} t"
                )
                state[model._meta.db_table] = cursor.fetchone()
    return state


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(settings):
    import io

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    assert first["partners_organisation"][0] >= 10
    assert first["measures_measure"][0] >= 24
    assert first["events_event"][0] >= 6
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
