"""Demo content of the events app: the online series of spring 2021, two study visits, and
events planned for 2027 (one of them full, with a waiting list), in de, en and pl.

Idempotent: events are found by slug and demo registrations by event and e-mail address; the
seat counters are recomputed from the registrations. Organisations, projects and measures come
from the partners and measures demos (a missing measure is skipped).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db.models import Count, Q

from events.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    OrganisationType,
    Registration,
    RegistrationStatus,
)
from events.tokens import nonce_new, token_for, token_hash
from next2met.demo import upsert

WARSAW = "Europe/Warsaw"
BERLIN = "Europe/Berlin"


def _at(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


SERIES_SUMMARY = {
    "en": "Part of an online series that helps organisations from Mecklenburg-Vorpommern, "
    "Brandenburg and Poland get to know each other while meetings at the border are not "
    "possible. Participation is free; the meeting runs on Zoom.",
    "de": "Teil einer Online-Reihe, in der sich Organisationen aus Mecklenburg-Vorpommern, "
    "Brandenburg und Polen kennenlernen, solange Treffen an der Grenze nicht möglich sind. Die "
    "Teilnahme ist kostenlos; das Treffen findet über Zoom statt.",
    "pl": "Część internetowego cyklu, dzięki któremu organizacje z Meklemburgii-Pomorza "
    "Przedniego, Brandenburgii i Polski mogą się poznać, gdy spotkania na granicy nie są "
    "możliwe. Udział jest bezpłatny; spotkanie odbywa się w Zoomie.",
}

SERIES_DESCRIPTION = {
    "en": "The series is meant for IT companies, business-support institutions and employers' "
    "organisations of the border region. Each meeting lets them learn what the others do, share "
    "how they work with their surroundings, build the skills that cross-border projects need and "
    "sketch how to continue together. Registration is separate for every meeting; the join link "
    "is e-mailed a few days before.",
    "de": "Die Reihe richtet sich an IT-Unternehmen, Einrichtungen der Wirtschaftsförderung und "
    "Arbeitgeberverbände der Grenzregion. In jedem Treffen erfahren sie, was die anderen tun, "
    "tauschen aus, wie sie mit ihrem Umfeld zusammenarbeiten, erwerben Kompetenzen für "
    "grenzüberschreitende Vorhaben und skizzieren, wie es gemeinsam weitergeht. Die Anmeldung "
    "erfolgt für jedes Treffen einzeln; den Zugangslink erhalten Sie einige Tage vorher per "
    "E-Mail.",
    "pl": "Cykl jest skierowany do firm IT, instytucji otoczenia biznesu i organizacji "
    "pracodawców z regionu przygranicznego. Na każdym spotkaniu uczestnicy dowiadują się, czym "
    "zajmują się inni, wymieniają doświadczenia ze współpracy z otoczeniem, zdobywają "
    "kompetencje potrzebne w projektach transgranicznych i zarysowują dalszą wspólną pracę. "
    "Rejestracja na każde spotkanie jest osobna; link do spotkania wysyłamy e-mailem kilka dni "
    "wcześniej.",
}

EVENTS = [
    # --- The online series of spring 2021 -----------------------------------------------------
    {
        "slug": "lets-get-to-know-each-other-2021",
        "project": "pl-de-cross-border-cooperation",
        "kind": EventKind.MATCHMAKING,
        "time_zone": WARSAW,
        "start": (2021, 3, 18, 13, 0),
        "end": (2021, 3, 18, 15, 15),
        "meeting_language": "en",
        "moderator": "Rafał Malujda",
        "title": {
            "en": "Let's get to know each other! Online matchmaking meeting",
            "de": "Lernen wir uns kennen! Online-Matchmaking-Treffen",
            "pl": "Poznajmy się! Internetowe spotkanie matchmakingowe",
        },
        "measures": ("polish-german-online-matchmaking",),
    },
    {
        "slug": "business-in-germany-intercultural-differences-2021",
        "project": "pl-de-cross-border-cooperation",
        "kind": EventKind.DISCUSSION,
        "time_zone": WARSAW,
        "start": (2021, 4, 14, 14, 0),
        "end": (2021, 4, 14, 16, 0),
        "meeting_language": "en",
        "interpretation": ["de"],
        "moderator": "Ewelina Gnatkowska",
        "title": {
            "en": "Online discussion: Business in Germany – intercultural differences",
            "de": "Online-Diskussion: Geschäfte in Deutschland – interkulturelle Unterschiede",
            "pl": "Dyskusja online: biznes w Niemczech – różnice międzykulturowe",
        },
    },
    {
        "slug": "effective-communication-across-borders-2021",
        "project": "pl-de-cross-border-cooperation",
        "kind": EventKind.WORKSHOP,
        "time_zone": WARSAW,
        "start": (2021, 4, 28, 9, 0),
        "end": (2021, 4, 28, 12, 0),
        "meeting_language": "pl",
        "interpretation": ["de"],
        "moderator": "Aleksandra Piasecka",
        "title": {
            "en": "Online workshop: Effective communication – passing information across borders",
            "de": "Online-Workshop: Wirksame Kommunikation – Informationen über Grenzen "
            "weitergeben",
            "pl": "Warsztat online: skuteczna komunikacja – przekazywanie informacji przez granice",
        },
    },
    {
        "slug": "designing-cross-border-services-2021",
        "project": "pl-de-cross-border-cooperation",
        "kind": EventKind.WORKSHOP,
        "time_zone": WARSAW,
        "start": (2021, 5, 19, 9, 0),
        "end": (2021, 5, 19, 16, 0),
        "meeting_language": "en",
        "moderator": "Hubert Dyba",
        "title": {
            "en": "Online workshop: Designing cross-border services",
            "de": "Online-Workshop: Grenzüberschreitende Dienstleistungen gemeinsam gestalten",
            "pl": "Warsztat online: projektowanie usług transgranicznych",
        },
        "measures": ("west-pomeranian-ict-procurement-channel",),
    },
    # --- Study visits ---------------------------------------------------------------------------
    {
        "slug": "blues-exchange-warsaw",
        "kind": EventKind.STUDY_VISIT,
        "format": EventFormat.ON_SITE,
        "time_zone": WARSAW,
        # The sources do not give the exact dates of the exchange.
        "start": (2019, 11, 19, 9, 0),
        "end": (2019, 11, 20, 17, 0),
        "meeting_language": "en",
        "organiser": "mazovian-it-cluster",
        "co_organisers": ("witeno",),
        "project": "blues",
        "registration_enabled": False,
        "venue": {"en": "Warsaw", "de": "Warschau", "pl": "Warszawa"},
        "title": {
            "en": "BLUES exchange in Warsaw: what makes a capital attractive for digital talent",
            "de": "BLUES-Austausch in Warschau: Was eine Hauptstadt für digitale Fachkräfte "
            "attraktiv macht",
            "pl": "Wymiana BLUES w Warszawie: co sprawia, że stolica przyciąga cyfrowe talenty",
        },
        "summary": {
            "en": "Guests from Mecklenburg-Vorpommern met research institutes, IT companies and "
            "an incubator of the Mazovian IT Cluster.",
            "de": "Gäste aus Mecklenburg-Vorpommern trafen Forschungsinstitute, IT-Unternehmen "
            "und einen Inkubator des IT-Clusters Masowien.",
            "pl": "Goście z Meklemburgii-Pomorza Przedniego spotkali się z instytutami "
            "badawczymi, firmami IT i inkubatorem Mazowieckiego Klastra IT.",
        },
        "report": {
            "en": "The Mazovian IT Cluster showed the visitors how it connects companies, "
            "research and associations around Warsaw. At the Warsaw University of Technology and "
            "the Systems Research Institute the group saw work on satellite data and geographic "
            "information systems; several researchers told how they had left rural Podlaskie for "
            "the capital. Cluster members presented smart-city products such as solar-powered "
            "benches, and the incubator explained how it brings young firms together with the "
            "partners they need.\n\nThe lesson for regions next to a metropolis: people stay "
            "where experts are always within reach and exchange is driven by real challenges. A "
            "well-run cluster that keeps its members talking is a model worth adopting. A follow-"
            "up meeting with the West Pomeranian ICT Cluster in Szczecin looked at digital "
            "health care together with the university hospital of Greifswald.",
            "de": "Der IT-Cluster Masowien zeigte den Gästen, wie er Unternehmen, Forschung und "
            "Verbände rund um Warschau vernetzt. An der Technischen Universität Warschau und am "
            "Institut für Systemforschung ging es um Satellitendaten und geografische "
            "Informationssysteme; mehrere Forschende erzählten, wie sie aus dem ländlichen "
            "Podlachien in die Hauptstadt gezogen sind. Mitgliedsunternehmen stellten "
            "Smart-City-Produkte wie solarbetriebene Sitzbänke vor, und der Inkubator erklärte, "
            "wie er junge Firmen mit passenden Partnern zusammenbringt.\n\nDie Lehre für "
            "metropolnahe Regionen: Menschen bleiben dort, wo Fachleute erreichbar sind und der "
            "Austausch von echten Aufgaben lebt. Ein gut geführter Cluster, der seine Mitglieder "
            "im Gespräch hält, ist ein Vorbild. Bei einem anschließenden Treffen mit dem Cluster "
            "ICT Westpommern in Stettin ging es mit der Universitätsmedizin Greifswald um "
            "digitale Gesundheitsversorgung.",
            "pl": "Mazowiecki Klaster IT pokazał gościom, jak łączy firmy, naukę i stowarzyszenia "
            "z Warszawy i okolic. Na Politechnice Warszawskiej i w Instytucie Badań Systemowych "
            "grupa poznała prace nad danymi satelitarnymi i systemami informacji geograficznej; "
            "kilkoro naukowców opowiedziało, jak przenieśli się z wiejskiego Podlasia do stolicy. "
            "Firmy członkowskie zaprezentowały produkty smart city, takie jak ławki zasilane "
            "energią słoneczną, a inkubator wyjaśnił, jak kojarzy młode firmy z potrzebnymi "
            "partnerami.\n\nWniosek dla regionów sąsiadujących z metropolią: ludzie zostają tam, "
            "gdzie eksperci są w zasięgu ręki, a wymianę napędzają prawdziwe wyzwania. Dobrze "
            "prowadzony klaster, który utrzymuje stały kontakt między członkami, to wzór do "
            "naśladowania. Na kolejnym spotkaniu z Klastrem ICT Pomorze Zachodnie w Szczecinie "
            "rozmawiano wraz z kliniką uniwersytecką w Greifswaldzie o cyfrowej ochronie zdrowia.",
        },
        "measures": ("mazovian-it-cluster", "mazovian-it-incubator"),
    },
    {
        "slug": "cohes3ion-study-visit-essen-2020",
        "kind": EventKind.STUDY_VISIT,
        "format": EventFormat.ON_SITE,
        "time_zone": BERLIN,
        "start": (2020, 1, 15, 9, 0),
        "end": (2020, 1, 16, 17, 0),
        "meeting_language": "en",
        "organiser": "mazowieckie",
        "project": "cohes3ion",
        "registration_enabled": False,
        "venue": {
            "en": "Essen (Ruhr area)",
            "de": "Essen (Ruhrgebiet)",
            "pl": "Essen (Zagłębie Ruhry)",
        },
        "title": {
            "en": "COHES3ION study visit to Essen",
            "de": "COHES3ION-Studienbesuch in Essen",
            "pl": "Wizyta studyjna COHES3ION w Essen",
        },
        "summary": {
            "en": "The project partners, among them a delegation of the Mazovian regional "
            "government, studied four cases from the Ruhr metropolis.",
            "de": "Die Projektpartner, darunter eine Delegation der Woiwodschaft Masowien, "
            "lernten vier Fallbeispiele aus der Metropole Ruhr kennen.",
            "pl": "Partnerzy projektu, w tym delegacja samorządu województwa mazowieckiego, "
            "poznali cztery studia przypadków z Metropolii Ruhry.",
        },
        "report": {
            "en": "The second study visit of COHES3ION looked at how the Ruhr area organises "
            "change. The hosts explained how the metropolis identified its eight lead markets; "
            "how municipalities of the Emscher-Lippe area started their own joint initiative for "
            "digital solutions and a circular economy; how the cyber-security cluster grew "
            "around one of Europe's largest university institutes for IT security with some 200 "
            "researchers and its incubator; and how the health industry of Essen, home to one of "
            "Germany's biggest medical centres, seeks international partners.\n\nThe partners "
            "also continued work on a territorial map for each region, meant to reveal links and "
            "synergies between the levels that govern the regional innovation strategy. The next "
            "meeting was planned in Calabria.",
            "de": "Der zweite Studienbesuch von COHES3ION widmete sich der Frage, wie das "
            "Ruhrgebiet Wandel organisiert. Die Gastgeber erläuterten, wie die Metropole ihre acht "
            "Leitmärkte bestimmt hat; wie Kommunen der Emscher-Lippe-Region eine gemeinsame "
            "Initiative für digitale Lösungen und Kreislaufwirtschaft gestartet haben; wie der "
            "Cluster für IT-Sicherheit um eines der größten universitären Institute Europas für "
            "IT-Sicherheit mit rund 200 Forschenden und seinen Inkubator gewachsen ist; und wie "
            "die Gesundheitswirtschaft in Essen, Sitz eines der größten Klinika Deutschlands, "
            "internationale Partner sucht.\n\nAußerdem arbeiteten die Partner an einer "
            "räumlichen Karte für jede Region weiter, die Verbindungen und Synergien zwischen den "
            "Ebenen der regionalen Innovationsstrategie sichtbar machen soll. Das nächste Treffen "
            "war in Kalabrien geplant.",
            "pl": "Druga wizyta studyjna COHES3ION dotyczyła tego, jak Zagłębie Ruhry organizuje "
            "zmiany. Gospodarze wyjaśnili, jak metropolia wyznaczyła osiem rynków wiodących; jak "
            "gminy regionu Emscher-Lippe zapoczątkowały wspólną inicjatywę na rzecz rozwiązań "
            "cyfrowych i gospodarki o obiegu zamkniętym; jak klaster cyberbezpieczeństwa wyrósł "
            "wokół jednego z największych w Europie uniwersyteckich instytutów bezpieczeństwa IT, "
            "skupiającego około 200 naukowców, i jego inkubatora; oraz jak branża medyczna Essen, "
            "siedziby jednego z największych centrów medycznych w Niemczech, szuka partnerów "
            "zagranicznych.\n\nPartnerzy kontynuowali też prace nad mapą terytorialną każdego "
            "regionu, która ma pokazać powiązania i synergie między poziomami zarządzania "
            "regionalną strategią innowacji. Kolejne spotkanie zaplanowano w Kalabrii.",
        },
        "measures": (
            "ruhr-lead-markets",
            "emscher-lippe-municipal-digital-initiative",
            "cyber-security-cluster-ruhr",
        ),
    },
    # --- Planned for 2027 -----------------------------------------------------------------------
    {
        "slug": "cluster-coffee-ai-in-small-companies-2027",
        "kind": EventKind.MATCHMAKING,
        "time_zone": WARSAW,
        "start": (2027, 1, 20, 10, 0),
        "end": (2027, 1, 20, 11, 0),
        "meeting_language": "pl",
        "interpretation": ["de"],
        "capacity": 4,
        "registration_opens": (2026, 11, 1, 9, 0),
        "title": {
            "en": "Online cluster coffee: AI in small companies",
            "de": "Cluster-Kaffee online: KI in kleinen Unternehmen",
            "pl": "Klastrowa kawa online: AI w małych firmach",
        },
        "summary": {
            "en": "An hour in a small circle: four companies say where artificial intelligence "
            "already helps them, then everyone looks for partners.",
            "de": "Eine Stunde im kleinen Kreis: Vier Unternehmen erzählen, wo ihnen künstliche "
            "Intelligenz schon hilft, danach suchen alle nach Partnern.",
            "pl": "Godzina w małym gronie: cztery firmy opowiadają, gdzie sztuczna inteligencja "
            "już im pomaga, a potem wszyscy szukają partnerów.",
        },
        "measures": ("online-cluster-coffee",),
        "demo_registrations": {"confirmed": 4, "waitlisted": 2},
    },
    {
        "slug": "digital-health-matchmaking-2027",
        "kind": EventKind.MATCHMAKING,
        "time_zone": BERLIN,
        "start": (2027, 3, 18, 13, 0),
        "end": (2027, 3, 18, 15, 30),
        "meeting_language": "en",
        "organiser": "witeno",
        "co_organisers": ("klaster-ict-pomorze-zachodnie",),
        "capacity": 60,
        "title": {
            "en": "Cross-border matchmaking: digital health",
            "de": "Grenzüberschreitendes Matchmaking: digitale Gesundheit",
            "pl": "Transgraniczny matchmaking: cyfrowe zdrowie",
        },
        "summary": {
            "en": "Hospitals, care providers and IT companies from both sides of the border "
            "present what they need and what they offer.",
            "de": "Kliniken, Pflegeanbieter und IT-Unternehmen beiderseits der Grenze stellen "
            "vor, was sie brauchen und was sie anbieten.",
            "pl": "Szpitale, placówki opieki i firmy IT z obu stron granicy przedstawiają, czego "
            "potrzebują i co oferują.",
        },
        "measures": ("polish-german-online-matchmaking",),
        "demo_registrations": {"confirmed": 3},
    },
    {
        "slug": "greifswald-technology-park-study-visit-2027",
        "kind": EventKind.STUDY_VISIT,
        "format": EventFormat.ON_SITE,
        "time_zone": BERLIN,
        "start": (2027, 5, 12, 10, 0),
        "end": (2027, 5, 13, 15, 0),
        "meeting_language": "de",
        "interpretation": ["pl"],
        "organiser": "witeno",
        "capacity": 25,
        "venue": {
            "en": "Technology park, Greifswald",
            "de": "Technologiepark Greifswald",
            "pl": "Park technologiczny, Greifswald",
        },
        "title": {
            "en": "Study visit: start-ups and research in Greifswald",
            "de": "Studienbesuch: Gründungen und Forschung in Greifswald",
            "pl": "Wizyta studyjna: start-upy i nauka w Greifswaldzie",
        },
        "summary": {
            "en": "Two days at the science and technology park with visits to young companies "
            "and the university.",
            "de": "Zwei Tage im Wissenschafts- und Technologiepark mit Besuchen bei jungen "
            "Unternehmen und an der Universität.",
            "pl": "Dwa dni w parku naukowo-technologicznym z wizytami w młodych firmach i na "
            "uniwersytecie.",
        },
    },
    {
        "slug": "cross-border-services-lab-2027",
        "kind": EventKind.WORKSHOP,
        "format": EventFormat.HYBRID,
        "time_zone": WARSAW,
        "start": (2027, 6, 9, 9, 0),
        "end": (2027, 6, 9, 13, 0),
        "meeting_language": "en",
        "interpretation": ["de", "pl"],
        "capacity": 30,
        "venue": {
            "en": "Szczecin and online",
            "de": "Stettin und online",
            "pl": "Szczecin i online",
        },
        "title": {
            "en": "Workshop: a lab for cross-border services",
            "de": "Workshop: Labor für grenzüberschreitende Dienstleistungen",
            "pl": "Warsztat: laboratorium usług transgranicznych",
        },
        "summary": {
            "en": "Teams from Poland and Germany turn an idea for a shared service into a first "
            "prototype.",
            "de": "Teams aus Polen und Deutschland machen aus einer Idee für einen gemeinsamen "
            "Dienst einen ersten Prototyp.",
            "pl": "Zespoły z Polski i Niemiec zamieniają pomysł na wspólną usługę w pierwszy "
            "prototyp.",
        },
        "measures": ("west-pomeranian-ict-procurement-channel",),
    },
]

DEMO_PEOPLE = [
    ("Kasia", "Wiśniewska", "pl", "PL", OrganisationType.IT_COMPANY, "Softline Szczecin"),
    ("Jonas", "Becker", "de", "DE", OrganisationType.BUSINESS_SUPPORT, "Gründerhaus Vorpommern"),
    ("Piotr", "Zieliński", "pl", "PL", OrganisationType.IT_COMPANY, "Baltic Data"),
    ("Lena", "Schulz", "de", "DE", OrganisationType.RESEARCH, "Hochschule Stralsund"),
    ("Marek", "Kowalczyk", "pl", "PL", OrganisationType.EMPLOYERS, "Izba Przemysłowa"),
    ("Sophie", "Hartmann", "en", "DE", OrganisationType.COMPANY, "Nordlicht Health"),
]


def _translated(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": value for language, value in values.items()}


def load(*, stdout, style) -> None:
    from measures.models import Measure
    from partners.models import Organisation, Project

    organisations = {o.slug: o for o in Organisation.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    default_organiser = organisations.get("klaster-ict-pomorze-zachodnie")
    if default_organiser is None:
        stdout.write(style.WARNING("  events: partner demo missing, no events loaded"))
        return
    measures = {m.slug: m for m in Measure.objects.all()}
    missing_measures: set[str] = set()

    for data in EVENTS:
        organiser = organisations[data.get("organiser", "klaster-ict-pomorze-zachodnie")]
        zone = data["time_zone"]
        values = {
            "kind": data["kind"],
            "format": data.get("format", EventFormat.ONLINE),
            "time_zone": zone,
            "start": _at(zone, *data["start"]),
            "end": _at(zone, *data["end"]),
            "meeting_language": data["meeting_language"],
            "interpretation_languages": data.get("interpretation", []),
            "moderator": data.get("moderator", ""),
            "organiser": organiser,
            "project": projects.get(data.get("project", "")),
            "registration_enabled": data.get("registration_enabled", True),
            "capacity": data.get("capacity"),
            "registration_opens_at": (
                _at(zone, *data["registration_opens"]) if "registration_opens" in data else None
            ),
            "status": EventStatus.PUBLISHED,
            "platform": "" if data.get("format") == EventFormat.ON_SITE else "Zoom",
            "join_link": (
                ""
                if data.get("format") == EventFormat.ON_SITE
                else f"https://zoom.example.org/j/demo-{data['slug']}"
            ),
            **_translated("title", data["title"]),
            **_translated("summary", data.get("summary", SERIES_SUMMARY)),
            **_translated("description", data.get("description", SERIES_DESCRIPTION)),
            **_translated("report", data.get("report", {"en": "", "de": "", "pl": ""})),
            **_translated("venue", data.get("venue", {"en": "", "de": "", "pl": ""})),
        }
        event = upsert(Event, values, slug=data["slug"])
        co_organisers = [
            organisations[slug]
            for slug in data.get("co_organisers", ("witeno",))
            if slug in organisations and slug != organiser.slug
        ]
        event.co_organisers.set(co_organisers)
        wanted = [measures[slug] for slug in data.get("measures", ()) if slug in measures]
        missing_measures |= {slug for slug in data.get("measures", ()) if slug not in measures}
        event.measures.set(wanted)
        _load_registrations(event, data.get("demo_registrations", {}))

    stdout.write(f"  events: {len(EVENTS)} events")
    if missing_measures:
        stdout.write(
            style.WARNING(f"  events: measures not found: {', '.join(sorted(missing_measures))}")
        )


def _load_registrations(event: Event, wanted: dict[str, int]) -> None:
    people = iter(DEMO_PEOPLE)
    base = event.start - datetime.timedelta(days=30)
    position = 0
    for status in ("confirmed", "waitlisted"):
        for _ in range(wanted.get(status, 0)):
            first, last, language, country, kind, organisation = next(people)
            position += 1
            moment = base + datetime.timedelta(hours=position)
            email = f"{first}.{last}@example.org".lower().replace("ś", "s").replace("ń", "n")
            registration = Registration.objects.filter(event=event, email=email).first()
            if registration is None:
                nonce = nonce_new()
                registration = Registration(
                    event=event,
                    email=email,
                    token_nonce=nonce,
                    token_hash=token_hash(token_for(nonce)),
                )
            registration.first_name, registration.last_name = first, last
            registration.language, registration.country = language, country
            registration.organisation_type, registration.organisation = kind, organisation
            registration.created_at = registration.consent_at = moment
            registration.profile_shared = event.is_matchmaking
            registration.profile_offer = (
                "Software development, cloud hosting" if (event.is_matchmaking) else ""
            )
            registration.status = status
            registration.confirmed_at = moment if status == "confirmed" else None
            registration.waitlisted_at = moment if status == "waitlisted" else None
            registration.save()
    confirmed = event.registrations.aggregate(
        n=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED))
    )["n"]
    Event.objects.filter(pk=event.pk).update(seats_taken=confirmed)
