"""Visitors of the portal for the load test (`make loadtest`, driven by tests/load/run.py).

Each simulated visitor reads pages with short pauses and now and then registers for an event
like a person would: it loads the form, takes a few seconds to fill it in and sends it. The
visitors come through a reverse proxy (X-Forwarded-For), each registration from its own address.
"""

import json
import os
import random
import re
import uuid

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

TARGETS = json.loads(os.environ["LOADTEST_TARGETS"])
SUCCESS_FILE = os.environ["LOADTEST_SUCCESS_FILE"]
LANGUAGES = ("de", "en", "pl")
SEARCHES = {
    "de": ["Digitalisierung", "Netzwerke", "Beratung", "Plattform"],
    "pl": ["cyfryzacja", "klaster", "usługi", "cyfryzajca"],
}
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"')
STYLESHEET = re.compile(r'href="(/static/css/main\.[0-9a-f]+\.css)"')

registered: list[str] = []


def proxy_address() -> str:
    return f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"


class Visitor(FastHttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.address = proxy_address()
        self.language = random.choice(LANGUAGES)
        response = self.client.get(
            f"/{self.language}/", name="home", headers={"X-Forwarded-For": self.address}
        )
        match = STYLESHEET.search(response.text or "")
        self.stylesheet = match.group(1) if match else "/static/css/main.css"

    def get(self, path, name):
        return self.client.get(path, name=name, headers={"X-Forwarded-For": self.address})

    @task(2)
    def home(self):
        self.get(f"/{self.language}/", "home")

    @task(3)
    def measure_list_with_facets(self):
        theme = random.choice(TARGETS["themes"])
        country = random.choice(TARGETS["countries"])
        self.get(
            f"/{self.language}/measures/?theme={theme}&country={country}",
            "measure list with facets",
        )

    @task(2)
    def search(self):
        language = random.choice(["de", "pl"])
        query = random.choice(SEARCHES[language])
        self.get(f"/{language}/measures/?q={query}", "measure search")

    @task(3)
    def measure_detail(self):
        self.get(
            f"/{self.language}/measures/{random.choice(TARGETS['measures'])}/", "measure detail"
        )

    @task(1)
    def event_list(self):
        self.get(f"/{self.language}/events/", "event list")

    @task(1)
    def event_detail(self):
        self.get(f"/{self.language}/events/{random.choice(TARGETS['events'])}/", "event detail")

    @task(2)
    def static_file(self):
        self.get(self.stylesheet, "static file")

    @task(1)
    def register(self):
        address = proxy_address()
        headers = {"X-Forwarded-For": address}
        path = f"/{self.language}/events/{TARGETS['registration_event']}/register/"
        form = self.client.get(path, name="registration form", headers=headers)
        tokens = dict(TOKEN.findall(form.text or ""))
        # A person needs a few seconds to fill in the form (the form refuses faster bots).
        gevent.sleep(TARGETS["form_seconds"] + 0.2)
        email = f"load-{uuid.uuid4().hex}@example.org"
        data = {
            "csrfmiddlewaretoken": tokens.get("csrfmiddlewaretoken", ""),
            "started": tokens.get("started", ""),
            "first_name": "Ola",
            "last_name": "Kowalska-Schmidt",
            "email": email,
            "organisation": "Klaster Testowy",
            "organisation_type": TARGETS["organisation_type"],
            "country": "PL",
            "consent": "on",
            "homepage": "",
        }
        with self.client.post(
            path,
            data=data,
            name="registration submit",
            headers={**headers, "Referer": self.host + path},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/register/sent/" in response.headers.get(
                "Location", ""
            ):
                registered.append(email)
                response.success()
            else:
                response.failure(f"registration answered {response.status_code}")


@events.test_stop.add_listener
def write_registrations(**kwargs):
    with open(SUCCESS_FILE, "w", encoding="utf-8") as handle:
        json.dump(registered, handle)
