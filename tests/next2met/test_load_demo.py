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

    labels = ("partners", "measures", "events", "matchmaking", "auth")
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
    assert first["partners_organisation"][0] == 14
    assert first["measures_measure"][0] == 10
    assert first["events_event"][0] == 10
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


@pytest.mark.django_db
def test_load_demo_dates_nothing_after_the_moment_of_loading(settings):
    import io

    from django.utils import timezone

    from events.models import Registration
    from measures.models import Measure

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    loaded_at = timezone.now()
    assert Registration.objects.exists()
    for name in ("created_at", "consent_at", "confirmed_at", "waitlisted_at"):
        assert not Registration.objects.filter(**{f"{name}__gt": loaded_at}).exists(), name
    assert not Measure.objects.filter(first_published_at__gt=loaded_at).exists()


@pytest.mark.django_db
def test_load_demo_removes_what_older_demos_invented(settings):
    """A database that loaded an older demo ends up with the same content as a fresh one."""
    import datetime
    import io

    from events.models import Event
    from measures.models import Measure
    from partners.models import Metropolis, Organisation, Region

    settings.DEBUG = True
    capital = Region.objects.create(nuts_code="PL91", country="PL", name="Warsaw capital region")
    Metropolis.objects.create(slug="vienna", country="AT", name="Vienna")
    emra = Organisation.objects.create(
        slug="emra",
        name="Eastern and Midland Regional Assembly",
        kind="regional_authority",
        country="IE",
    )
    cluster = Organisation.objects.create(
        slug="mazovian-it-cluster",
        name="Mazovian IT Cluster",
        kind="it_cluster",
        country="PL",
        region=capital,
    )
    for slug, organisation in (
        ("irish-digital-strategy-consultations", emra),
        ("mazovian-it-cluster", cluster),
    ):
        Measure.objects.create(
            slug=slug,
            title=slug,
            summary="…",
            kind="network",
            organisation=organisation,
            country=organisation.country,
            region=organisation.region,
            start_year=2013,
        )
    start = datetime.datetime(2019, 11, 19, 8, tzinfo=datetime.UTC)
    Event.objects.create(
        slug="blues-exchange-warsaw",
        title="BLUES exchange in Warsaw",
        kind="study_visit",
        format="on_site",
        start=start,
        end=start + datetime.timedelta(days=1),
        meeting_language="en",
        organiser=cluster,
    )
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Kept the retired demo entry" not in out.getvalue()
    assert not Event.objects.filter(slug="blues-exchange-warsaw").exists()
    assert not Measure.objects.filter(slug="irish-digital-strategy-consultations").exists()
    assert not Organisation.objects.filter(slug="emra").exists()
    assert not Region.objects.filter(nuts_code="PL91").exists()
    assert not Metropolis.objects.filter(slug="vienna").exists()
    kept = Measure.objects.get(slug="mazovian-it-cluster")
    assert (kept.region.nuts_code, kept.start_year) == ("PL9", None)
