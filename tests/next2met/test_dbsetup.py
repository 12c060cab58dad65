"""`make db`: reaching PostgreSQL, creating the database, and explaining what is missing."""

import psycopg2
import pytest
from django.db import connection

from tools import dbsetup


def test_connection_arguments_from_url():
    kwargs = dbsetup.connection_kwargs("postgres://anna:s3cret@db.example.org:6543/portal")
    assert kwargs["dbname"] == "portal"
    assert kwargs["user"] == "anna"
    assert kwargs["password"] == "s3cret"
    assert kwargs["host"] == "db.example.org"
    assert kwargs["port"] == "6543"


def test_default_url_uses_libpq_defaults():
    kwargs = dbsetup.connection_kwargs(dbsetup.DEFAULT_URL)
    assert kwargs["dbname"] == "next2met"
    assert "host" not in kwargs and "user" not in kwargs


def drop_database(url: str, name: str) -> None:
    admin = psycopg2.connect(**{**dbsetup.connection_kwargs(url), "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.mark.django_db
def test_creates_a_missing_database(monkeypatch, capsys):
    settings_dict = connection.settings_dict
    # Named after this process's test database (test_<name>_gw0, …), so that parallel test
    # processes and other test runs on the same server each probe a database of their own.
    name = f"{settings_dict['NAME']}_dbsetup_probe"
    if settings_dict["HOST"]:
        user = f"{settings_dict['USER']}@" if settings_dict["USER"] else ""
        port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
        url = f"postgres://{user}{settings_dict['HOST']}{port}/{name}"
    else:
        url = f"postgres:///{name}"
    monkeypatch.setenv("DATABASE_URL", url)
    drop_database(url, name)  # left over from an interrupted run
    try:
        assert dbsetup.main() == 0
        assert f"created database '{name}'" in capsys.readouterr().out
        assert dbsetup.main() == 0
        assert f"database '{name}' is ready" in capsys.readouterr().out
    finally:
        drop_database(url, name)


def test_unreachable_database_url_is_reported(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/next2met")
    assert dbsetup.main() == 1
    assert "DATABASE_URL does not answer" in capsys.readouterr().out


def test_missing_postgresql_explains_how_to_install(monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(dbsetup, "DEFAULT_URL", "postgres://nobody@127.0.0.1:1/next2met")
    monkeypatch.setattr(dbsetup, "BASE_DIR", dbsetup.BASE_DIR / "no-such-folder")
    monkeypatch.setattr(dbsetup.shutil, "which", lambda name: None)
    monkeypatch.setattr(dbsetup.glob, "glob", lambda pattern: [])
    assert dbsetup.main() == 1
    err = capsys.readouterr().err
    assert "apt-get install postgresql" in err
    assert "DATABASE_URL=postgres://" in err
