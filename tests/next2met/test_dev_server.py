"""`make run`: queued e-mail reaches the console within seconds; demo accounts are printed last."""

import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from events import emails
from tests.events.factories import EventFactory, RegistrationFactory

ROOT = Path(settings.BASE_DIR)


# Starts a command as a terminal's foreground job would: with Ctrl-C (SIGINT) not ignored, also
# where this test run was itself started with SIGINT ignored (a background job of a script
# ignores it, and children inherit that). A handled signal becomes the default one on exec.
AS_IN_A_TERMINAL = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "os.execv(sys.argv[1], sys.argv[1:])",
    sys.executable,
]


def database_url() -> str:
    """The test database, for the processes the test starts."""
    params = connection.settings_dict
    user = params["USER"] or ""
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    host = params["HOST"] or ""
    port = f":{params['PORT']}" if params["PORT"] else ""
    if host.startswith("/"):  # a socket directory
        return f"postgres://{credentials}/{params['NAME']}?host={host}"
    return f"postgres://{credentials}{host}{port}/{params['NAME']}"


def children_of(pid: int) -> dict[int, str]:
    """Every process below `pid`, with its command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            )
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found[child] = commands.get(child, "")
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Output:
    """Lines of a process's output, read in the background."""

    def __init__(self, stream):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream):
        for line in iter(stream.readline, ""):
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.seen):
                return True
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                pass
        return any(text in line for line in self.seen)


@pytest.mark.django_db(transaction=True)
def test_rundev_prints_queued_mail_within_seconds_and_stops_with_its_sender():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "next2met.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        # Port 0: the system gives a free one, so test processes side by side never race.
        [*AS_IN_A_TERMINAL, "manage.py", "rundev", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    output = Output(process.stdout)
    try:
        assert output.wait_for("Starting development server at http://127.0.0.1:", 60)

        registration = RegistrationFactory(event=EventFactory(title_en="Console check"))
        with transaction.atomic():
            emails.registration_email_queue(registration=registration, kind="confirm")
        started = time.monotonic()
        assert output.wait_for(f"To: {registration.email}", 20), "".join(output.seen)
        assert time.monotonic() - started < 15

        # One sender beside the server, however many processes runserver's reloader has.
        processes = children_of(process.pid)
        senders = [pid for pid, command in processes.items() if "deliver_mail" in command]
        servers = [pid for pid, command in processes.items() if "runserver" in command]
        assert len(senders) == 1
        assert servers

        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in processes):
            time.sleep(0.2)
        assert not [pid for pid in processes if alive(pid)]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        output.reader.join(timeout=5)
        process.stdout.close()


@pytest.mark.django_db(transaction=True)
def test_sender_loop_stops_when_the_process_that_started_it_is_gone():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "next2met.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": "consolemail://",
    }
    # A shell starts the loop in the background and is killed outright, as `make run` might be.
    shell = subprocess.Popen(
        [
            "sh",
            "-c",
            f"{sys.executable} manage.py deliver_mail --loop --interval 1 & echo $!; sleep 60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    sender = int(shell.stdout.readline())
    try:
        time.sleep(2)
        assert alive(sender)
        shell.kill()
        shell.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and alive(sender):
            time.sleep(0.2)
        assert not alive(sender)
    finally:
        if alive(sender):
            os.kill(sender, signal.SIGKILL)
        shell.stdout.close()


# --- Demo accounts -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_quiet_demo_load_prints_nothing_and_the_accounts_step_prints_them(settings):
    settings.DEBUG = True
    quiet = io.StringIO()
    call_command("load_demo", "--quiet", stdout=quiet)
    assert quiet.getvalue() == ""

    accounts = io.StringIO()
    call_command("load_demo", "--accounts", stdout=accounts)
    text = accounts.getvalue()
    assert "Demo accounts (local use only)" in text
    assert "/en/admin/" in text
    assert re.search(r"portal-editor\s+demo-portal-editor\s+portal editor", text)
    assert re.search(r"witeno-manager\s+demo-witeno-manager\s+manager of WITENO", text)
    for name in ("witeno-editor", "ict-manager", "ict-editor"):
        assert name in text


@pytest.mark.django_db
def test_accounts_step_without_demo_content_says_what_to_do():
    out = io.StringIO()
    call_command("load_demo", "--accounts", stdout=out)
    assert "run `manage.py load_demo` first" in out.getvalue()


def test_make_run_prints_the_accounts_right_before_the_server_starts():
    """The run target's last steps: quiet load, accounts, then the server (with the sender)."""
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "VENV": ".venv"},
        check=True,
    )
    commands = [line for line in dry_run.stdout.splitlines() if "manage.py" in line]
    tail = [line.split("manage.py", 1)[1].strip() for line in commands[-3:]]
    assert tail == ["load_demo --quiet", "load_demo --accounts", "rundev 127.0.0.1:8000"]
    assert not any("runserver" in line for line in commands)
