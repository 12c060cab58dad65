"""Make sure a PostgreSQL server answers and the portal's database exists (`make db`).

Order of attempts:
1. `DATABASE_URL` when it is set (its server must answer; nothing is started for it);
2. otherwise the local server through libpq's defaults (socket, current user, PG* variables);
3. if none answers, the machine's PostgreSQL is started (`pg_ctlcluster` on Debian), or, for a
   user who may not start it, a project-local cluster under `.pgdata/`;
4. if PostgreSQL is not installed at all, a message says how to install it or which
   `DATABASE_URL` to set.

Runs without Django settings, so that it works before anything else is configured.
"""

from __future__ import annotations

import getpass
import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_CLUSTER = BASE_DIR / ".pgdata"
DEFAULT_URL = "postgres:///next2met"

INSTALL_HELP = """\
PostgreSQL is not installed on this machine and DATABASE_URL is not set.
Install it, for instance:
    Debian/Ubuntu:  sudo apt-get install postgresql
    Fedora:         sudo dnf install postgresql-server
    macOS:          brew install postgresql@15 && brew services start postgresql@15
or point the portal at a server you have:
    export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/next2met
"""


def say(message: str) -> None:
    print(f"db: {message}", flush=True)


def connection_kwargs(url: str) -> dict:
    config = environ.Env.db_url_config(url)
    kwargs = {
        "dbname": config.get("NAME") or "next2met",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": str(config.get("PORT")) if config.get("PORT") else None,
        "connect_timeout": 5,
    }
    kwargs.update(config.get("OPTIONS", {}))
    return {key: value for key, value in kwargs.items() if value is not None}


def try_connect(kwargs: dict) -> tuple[psycopg2.extensions.connection | None, str]:
    maintenance = {**kwargs, "dbname": "postgres"}
    try:
        return psycopg2.connect(**maintenance), ""
    except psycopg2.OperationalError as error:
        return None, str(error).strip()


def ensure_database(connection, name: str) -> None:
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            say(f"database {name!r} is ready")
            return
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        say(f"created database {name!r}")
    connection.close()


def postgres_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    candidates += sorted(glob.glob("/usr/local/opt/postgresql*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def start_machine_clusters() -> bool:
    """Start Debian's clusters that are down; True when something was started."""
    if not shutil.which("pg_lsclusters") or not shutil.which("pg_ctlcluster"):
        return False
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    )
    started = False
    for line in listing.stdout.splitlines():
        fields = line.split()
        if len(fields) < 4 or fields[3] == "online":
            continue
        version, name = fields[0], fields[1]
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"]
        if not is_root():
            if not shutil.which("sudo"):
                continue
            command = ["sudo", "-n", *command]
        say(f"starting PostgreSQL cluster {version}/{name}")
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            started = True
        else:
            say(f"could not start {version}/{name}: {result.stderr.strip()}")
    return started


def create_role_for_root(error: str) -> bool:
    """As root on a fresh Debian machine, the root role may be missing: create it."""
    user = getpass.getuser()
    if not is_root() or f'role "{user}" does not exist' not in error:
        return False
    if not shutil.which("runuser") or not shutil.which("createuser"):
        return False
    say(f"creating PostgreSQL role {user!r}")
    result = subprocess.run(
        ["runuser", "-u", "postgres", "--", "createuser", "--superuser", user],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


def start_local_cluster(bindir: Path) -> dict | None:
    """Start (after creating, if needed) a cluster under .pgdata/ listening on a socket only."""
    if is_root():
        say("a project-local cluster cannot run as root")
        return None
    if not (LOCAL_CLUSTER / "PG_VERSION").exists():
        say(f"creating a project-local cluster in {LOCAL_CLUSTER}")
        subprocess.run(
            [
                str(bindir / "initdb"),
                "-D",
                str(LOCAL_CLUSTER),
                "-U",
                getpass.getuser(),
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
        )
    kwargs = {"host": str(LOCAL_CLUSTER), "dbname": "next2met", "connect_timeout": 5}
    connection, _ = try_connect(kwargs)
    if connection:
        connection.close()
        return kwargs
    say("starting the project-local cluster")
    subprocess.run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(LOCAL_CLUSTER),
            "-l",
            str(LOCAL_CLUSTER / "server.log"),
            "-o",
            f"-c listen_addresses='' -k {LOCAL_CLUSTER}",
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return kwargs


def wait_for(kwargs: dict, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while True:
        connection, error = try_connect(kwargs)
        if connection or time.monotonic() > deadline:
            return connection, error
        time.sleep(0.5)


def main() -> int:
    env = environ.Env()
    if (BASE_DIR / ".env").is_file():
        environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    explicit = env.str("DATABASE_URL", default="")
    kwargs = connection_kwargs(explicit or DEFAULT_URL)
    name = kwargs["dbname"]

    connection, error = try_connect(kwargs)
    if connection:
        ensure_database(connection, name)
        return 0
    if explicit:
        say(f"the server named by DATABASE_URL does not answer:\n{error}")
        return 1

    if create_role_for_root(error) or start_machine_clusters():
        connection, error = wait_for(kwargs)
        if not connection and create_role_for_root(error):
            connection, error = try_connect(kwargs)
        if connection:
            ensure_database(connection, name)
            return 0

    bindir = postgres_bindir()
    if bindir is None and not shutil.which("pg_ctlcluster"):
        print(INSTALL_HELP, file=sys.stderr)
        return 1
    local = start_local_cluster(bindir) if bindir else None
    if local:
        connection, error = wait_for(local)
        if connection:
            ensure_database(connection, name)
            say(f"using the project-local cluster (PGHOST={LOCAL_CLUSTER})")
            return 0
    say(
        "no PostgreSQL server answers and none could be started.\n"
        f"Last error: {error}\n"
        "Start PostgreSQL yourself or set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/next2met"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
