"""Demo content of the events app, in de, en and pl: the online series of spring 2021 and the
COHES3ION study visit in Essen as the source documents describe them, and examples that show
the portal at work, marked as such and not taken from the documents: four events planned for
2027 (one of them full, with a waiting list and registration questions) and a session of the
cluster's online coffee in November 2026 that has taken place (attendance taken, a placeholder
recording address, feedback), the two cluster coffees forming a series. The people registered
for the examples are invented, with example.org addresses.

Each event states only its own facts; a field the documents leave open stays empty (no time of
day for the Essen visit, no meeting language where none is given) and the pages leave it out.

Idempotent: events are found by slug and demo registrations by event and e-mail address.
Registrations are made as visitors make them, through the services (register, confirm; the
waiting list fills when the event is full), dated in the past; the e-mails the services queue
for the invented people are deleted in the same transaction, so none is ever sent. A rerun
keeps registrations that are as the demo describes them, and makes them again otherwise.
Registration times are never later than the moment of loading. Organisations, projects and
measures come from the partners and measures demos (a missing measure is skipped).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.translated import translated
from events import attendance, emails, feedback, services
from events.models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    OrganisationType,
    Question,
    QuestionChoice,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Series,
)
from next2met.demo import retired_remove, upsert

WARSAW = "Europe/Warsaw"
BERLIN = "Europe/Berlin"
EMPTY = {"en": "", "de": "", "pl": ""}


def _at(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


# What the pages of the 2021 series say of every meeting of the series (and only of those).
SERIES = {
    "organiser": "klaster-ict-pomorze-zachodnie",
    "project": "pl-de-cross-border-cooperation",
    "time_zone": WARSAW,
    "platform": "Zoom",
    "summary": {
        "en": "Part of an online series in which organisations from Mecklenburg-Vorpommern, "
        "Brandenburg and Poland got to know each other while the pandemic made direct contacts "
        "difficult. Participation was free of charge.",
        "de": "Teil einer Online-Reihe, in der sich Organisationen aus Mecklenburg-Vorpommern, "
        "Brandenburg und Polen kennenlernten, während die Pandemie direkte Kontakte erschwerte. "
        "Die Teilnahme war kostenlos.",
        "pl": "Część internetowego cyklu, w którym organizacje z Meklemburgii-Pomorza "
        "Przedniego, Brandenburgii i Polski poznawały się, gdy pandemia utrudniała bezpośrednie "
        "kontakty. Udział był bezpłatny.",
    },
    "description": {
        "en": "The series was meant for IT companies, business-support institutions and "
        "institutions that bring employers together in Mecklenburg-Vorpommern, Brandenburg and "
        "Poland. Its meetings let them find out about each other's fields of work, exchange "
        "experience of their missions and of working with their surroundings, gain the skills "
        "that effective cross-border cooperation needs and work out together how to continue. "
        "Registration was separate for every meeting; the link to the Zoom meeting was e-mailed "
        "a few days before.",
        "de": "Die Reihe richtete sich an IT-Unternehmen, Institutionen des wirtschaftlichen "
        "Umfelds und Institutionen, die Arbeitgeber verbinden, in Mecklenburg-Vorpommern, "
        "Brandenburg und Polen. In den Treffen lernten sie die Tätigkeitsbereiche der anderen "
        "kennen, tauschten Erfahrungen mit ihrer Mission und der Zusammenarbeit mit ihrem Umfeld "
        "aus, erwarben Kompetenzen für eine wirksame grenzüberschreitende Zusammenarbeit und "
        "entwickelten gemeinsam, wie es weitergeht. Die Anmeldung erfolgte für jedes Treffen "
        "einzeln; den Link zum Zoom-Meeting gab es einige Tage vorher per E-Mail.",
        "pl": "Cykl był skierowany do firm IT, instytucji otoczenia biznesu i instytucji "
        "zrzeszających pracodawców z Meklemburgii-Pomorza Przedniego, Brandenburgii i Polski. "
        "Na spotkaniach uczestnicy poznawali obszary działania pozostałych, wymieniali "
        "doświadczenia z realizacji swojej misji i współpracy z otoczeniem, zdobywali "
        "kompetencje potrzebne do skutecznej współpracy transgranicznej i wspólnie ustalali, jak "
        "ją dalej rozwijać. Na każde spotkanie trzeba było zarejestrować się osobno; link do "
        "spotkania w Zoomie przychodził e-mailem kilka dni wcześniej.",
    },
}

# Titles: the published English and German titles of the series pages, quoted; Polish is ours.
# Where the English and the German page disagree, the more detailed English page is followed:
# 14 April was held in English with German interpretation (the German page: Polish), and the
# leader of the 28 April workshop was Aleksandra Piasecka (the German page: Joanna Piasecka).
EVENTS = [
    # --- The online series of spring 2021 -----------------------------------------------------
    {
        **SERIES,
        "slug": "lets-get-to-know-each-other-2021",
        "kind": EventKind.MATCHMAKING,
        "start": (2021, 3, 18, 13, 0),
        "end": (2021, 3, 18, 15, 15),
        "meeting_language": "en",
        "moderator": "Rafał Malujda",
        "title": {
            "en": "Let’s get to know each other! Online matchmaking meeting",
            "de": "Lass uns einander kennenlernen! Online-Matchmaking-Meeting",
            "pl": "Poznajmy się! Spotkanie matchmakingowe online",
        },
    },
    {
        **SERIES,
        "slug": "business-in-germany-intercultural-differences-2021",
        "kind": EventKind.DISCUSSION,
        "start": (2021, 4, 14, 14, 0),
        "end": (2021, 4, 14, 16, 0),
        "meeting_language": "en",
        "interpretation": ["de"],
        "moderator": "Ewelina Gnatkowska",
        "title": {
            "en": "Online discussion: Business in Germany – intercultural differences",
            "de": "Online-Diskussion: Geschäfte in Deutschland machen – Interkulturelle "
            "Unterschiede",
            "pl": "Dyskusja online: biznes w Niemczech – różnice międzykulturowe",
        },
    },
    {
        **SERIES,
        "slug": "effective-communication-across-borders-2021",
        "kind": EventKind.WORKSHOP,
        "start": (2021, 4, 28, 9, 0),
        "end": (2021, 4, 28, 12, 0),
        "meeting_language": "pl",
        "interpretation": ["de"],
        "moderator": "Aleksandra Piasecka",
        "title": {
            "en": "Online workshop: Effective communication – how to transfer information "
            "across borders",
            "de": "Online-Workshop: Effektive Kommunikation oder grenzüberschreitender "
            "Informationstransfer",
            "pl": "Warsztat online: skuteczna komunikacja – jak przekazywać informacje ponad "
            "granicami",
        },
    },
    {
        **SERIES,
        "slug": "designing-cross-border-services-2021",
        "kind": EventKind.WORKSHOP,
        "start": (2021, 5, 19, 9, 0),
        "end": (2021, 5, 19, 16, 0),
        "meeting_language": "en",
        "moderator": "Hubert Dyba",
        "title": {
            "en": "Online workshop: Designing Cross-Border Services",
            "de": "Online-Workshop: Kollaboratives Design grenzüberschreitender Dienstleistungen",
            "pl": "Warsztat online: projektowanie usług transgranicznych",
        },
    },
    # --- COHES3ION study visit in Essen ---------------------------------------------------------
    # The report gives the dates but no times and no meeting language, and it does not say who
    # organised the visit: the Mazovian Marshal's Office took part in it with a delegation.
    {
        "slug": "cohes3ion-study-visit-essen-2020",
        "kind": EventKind.STUDY_VISIT,
        "format": EventFormat.ON_SITE,
        "time_zone": BERLIN,
        "start": (2020, 1, 15, 0, 0),
        "end": (2020, 1, 16, 23, 59),
        "dates_only": True,
        "organiser": "mazowieckie",
        "organiser_only_took_part": True,
        "project": "cohes3ion",
        "registration_enabled": False,
        "venue": {
            "en": "Essen (Ruhr area)",
            "de": "Essen (Ruhrgebiet)",
            "pl": "Essen (Zagłębie Ruhry)",
        },
        "title": {
            "en": "Study visit in Essen (Ruhr area)",
            "de": "Studienbesuch in Essen (Ruhrgebiet)",
            "pl": "Wizyta studyjna w Essen (Zagłębie Ruhry)",
        },
        "summary": {
            "en": "The second study visit of the COHES3ION project: its partners, among them a "
            "delegation of the Marshal's Office of the Mazovian Voivodeship, studied four case "
            "studies from the Ruhr area.",
            "de": "Der zweite Studienbesuch des Projekts COHES3ION: Die Projektpartner, darunter "
            "eine Delegation des Marschallamts der Woiwodschaft Masowien, lernten vier "
            "Fallstudien aus dem Ruhrgebiet kennen.",
            "pl": "Druga wizyta studyjna projektu COHES3ION: jego partnerzy, w tym delegacja "
            "Urzędu Marszałkowskiego Województwa Mazowieckiego, zapoznali się z czterema "
            "studiami przypadków z Zagłębia Ruhry.",
        },
        "report": {
            "en": "The four case studies: how the Ruhr Metropolis searched for its lead markets "
            "and designated eight of them; how the municipalities of the Emscher-Lippe region "
            "started a bottom-up initiative to cooperate strategically on digital solutions and "
            "towards a circular economy, and what part WiN plays in organising this change; how "
            "the cyber security cluster works, together with the Horst Görtz Institute for IT "
            "Security – one of the largest and most respected university institutes for IT "
            "security in Europe, around which 200 researchers and the Cube5 incubator are "
            "gathered; and the medical services industry of the Ruhr Metropolis with one of the "
            "largest medical centres in Germany, and its potential for international "
            "cooperation.\n\nThe partners also discussed further work on a smart territorial "
            "map of each partner region, which should reveal the links and synergies between "
            "the levels at which the regional innovation strategy is governed. The next meeting "
            "was planned in Calabria (Italy) on 28–29 April 2020.",
            "de": "Die vier Fallstudien: wie die Metropole Ruhr nach ihren Leitmärkten suchte "
            "und acht davon bestimmte; wie die Kommunen der Emscher-Lippe-Region eine Initiative "
            "von unten starteten, um strategisch bei digitalen Lösungen und auf dem Weg zur "
            "Kreislaufwirtschaft zusammenzuarbeiten, und welche Rolle WiN bei der Organisation "
            "dieses Wandels spielt; wie der Cluster für Cybersicherheit arbeitet, zusammen mit "
            "dem Horst-Görtz-Institut für IT-Sicherheit – einem der größten und angesehensten "
            "universitären Institute für IT-Sicherheit in Europa, um das sich 200 Forschende "
            "und der Inkubator Cube5 versammeln; und die medizinische Dienstleistungsbranche der "
            "Metropole Ruhr mit einem der größten medizinischen Zentren Deutschlands und ihr "
            "Potenzial für internationale Zusammenarbeit.\n\nAußerdem besprachen die Partner "
            "die weitere Arbeit an einer intelligenten räumlichen Karte jeder Partnerregion, die "
            "Verbindungen und Synergien zwischen den Ebenen der Steuerung der regionalen "
            "Innovationsstrategie sichtbar machen soll. Das nächste Treffen war für den 28. und "
            "29. April 2020 in Kalabrien (Italien) geplant.",
            "pl": "Cztery studia przypadków: jak Metropolia Ruhry szukała swoich rynków "
            "wiodących i wyznaczyła osiem z nich; jak gminy regionu Emscher-Lippe podjęły "
            "oddolną inicjatywę strategicznej współpracy przy rozwiązaniach cyfrowych i w "
            "dążeniu do gospodarki o obiegu zamkniętym oraz jaką rolę w organizowaniu tej zmiany "
            "odgrywa WiN; jak działa klaster cyberbezpieczeństwa wraz z Instytutem "
            "Bezpieczeństwa IT im. Horsta Görtza – jednym z największych i najbardziej "
            "szanowanych uniwersyteckich instytutów bezpieczeństwa IT w Europie, wokół którego "
            "skupionych jest 200 pracowników naukowych oraz inkubator Cube5; a także branża "
            "usług medycznych Metropolii Ruhry z jednym z największych centrów medycznych w "
            "Niemczech i jej potencjał współpracy międzynarodowej.\n\nPartnerzy omówili też "
            "dalsze prace nad inteligentną mapą terytorialną każdego regionu partnerskiego, "
            "która ma pokazać powiązania i synergie między poziomami zarządzania regionalną "
            "strategią innowacji. Kolejne spotkanie zaplanowano w Kalabrii (Włochy) w dniach "
            "28–29 kwietnia 2020 roku.",
        },
        "measures": (
            "ruhr-lead-markets",
            "emscher-lippe-municipal-digital-initiative",
            "cyber-security-cluster-ruhr",
            "essen-healthcare-cooperation",
        ),
    },
    # --- Examples of registration and of what follows an event, not taken from the documents --
    # The cluster's online coffee meetings (a measure of the partners demo) as a series: one
    # session that has taken place (attendance taken, a recording, feedback) and one ahead.
    {
        "slug": "cluster-coffee-cybersecurity-in-small-companies-2026",
        "example": True,
        "kind": EventKind.DISCUSSION,
        "time_zone": WARSAW,
        "start": (2026, 11, 18, 10, 0),
        "end": (2026, 11, 18, 11, 0),
        "meeting_language": "pl",
        "interpretation": ["de"],
        "organiser": "klaster-ict-pomorze-zachodnie",
        "platform": "Zoom",
        "capacity": 20,
        "title": {
            "en": "Online cluster coffee: cybersecurity in small companies",
            "de": "Cluster-Kaffee online: Cybersicherheit in kleinen Unternehmen",
            "pl": "Klastrowa kawa online: cyberbezpieczeństwo w małych firmach",
        },
        "summary": {
            "en": "An hour in a small circle: how small companies protect their data and "
            "systems, and where they look for help.",
            "de": "Eine Stunde im kleinen Kreis: wie kleine Unternehmen ihre Daten und Systeme "
            "schützen und wo sie Hilfe suchen.",
            "pl": "Godzina w małym gronie: jak małe firmy chronią swoje dane i systemy i gdzie "
            "szukają pomocy.",
        },
        "measures": ("online-cluster-coffee",),
        "questions": "cluster-coffee",
        "demo_registrations": {"confirmed": 4},
        # The organisers marked who took part, published the recording the next day, and the
        # participants answered the feedback form: (present, rating, useful, to improve).
        "after": (
            (True, 5, "Konkretne przykłady z małych firm.", ""),
            (True, 4, "Gute Beispiele, auch für uns kleine Firmen.", "Mehr Zeit für Fragen."),
            (True, 4, "", "Więcej czasu na rozmowy w małych grupach."),
            (False, None, "", ""),
        ),
    },
    {
        "slug": "cluster-coffee-ai-in-small-companies-2027",
        "example": True,
        "kind": EventKind.MATCHMAKING,
        "time_zone": WARSAW,
        "start": (2027, 1, 20, 10, 0),
        "end": (2027, 1, 20, 11, 0),
        "meeting_language": "pl",
        "interpretation": ["de"],
        "organiser": "klaster-ict-pomorze-zachodnie",
        "platform": "Zoom",
        "capacity": 4,
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
        "questions": "cluster-coffee",
        "demo_registrations": {"confirmed": 4, "waitlisted": 2},
    },
    {
        "slug": "digital-health-matchmaking-2027",
        "example": True,
        "kind": EventKind.MATCHMAKING,
        "time_zone": BERLIN,
        "start": (2027, 3, 18, 13, 0),
        "end": (2027, 3, 18, 15, 30),
        "meeting_language": "en",
        "organiser": "witeno",
        "co_organisers": ("klaster-ict-pomorze-zachodnie",),
        "platform": "Zoom",
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
        "demo_registrations": {"confirmed": 3},
    },
    {
        "slug": "greifswald-technology-park-study-visit-2027",
        "example": True,
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
            "en": "WITENO science and technology park, Greifswald",
            "de": "Wissenschafts- und Technologiepark WITENO, Greifswald",
            "pl": "Park naukowo-technologiczny WITENO, Greifswald",
        },
        "title": {
            "en": "Study visit: the science and technology park in Greifswald",
            "de": "Studienbesuch: der Wissenschafts- und Technologiepark in Greifswald",
            "pl": "Wizyta studyjna: park naukowo-technologiczny w Greifswaldzie",
        },
        "summary": {
            "en": "Two days in Greifswald with WITENO and organisations of the region.",
            "de": "Zwei Tage in Greifswald mit WITENO und Organisationen der Region.",
            "pl": "Dwa dni w Greifswaldzie z WITENO i organizacjami regionu.",
        },
    },
    {
        "slug": "cross-border-services-lab-2027",
        "example": True,
        "kind": EventKind.WORKSHOP,
        "format": EventFormat.HYBRID,
        "time_zone": WARSAW,
        "start": (2027, 6, 9, 9, 0),
        "end": (2027, 6, 9, 13, 0),
        "meeting_language": "en",
        "interpretation": ["de", "pl"],
        "organiser": "klaster-ict-pomorze-zachodnie",
        "platform": "Zoom",
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
    },
]

# Questions the organisers of the examples add to the registration form.
QUESTIONS = {
    "cluster-coffee": (
        {
            "kind": QuestionKind.CHOICE,
            "required": True,
            "text": {
                "en": "In which language will you follow the meeting?",
                "de": "In welcher Sprache verfolgen Sie das Treffen?",
                "pl": "W jakim języku będziesz śledzić spotkanie?",
            },
            "help_text": {
                "en": "The meeting is held in Polish; we book the interpreter for German.",
                "de": "Das Treffen findet auf Polnisch statt; für Deutsch buchen wir die "
                "Verdolmetschung.",
                "pl": "Spotkanie odbywa się po polsku; dla języka niemieckiego zamawiamy "
                "tłumaczenie.",
            },
            "choices": (
                {"en": "Polish", "de": "Polnisch", "pl": "polski"},
                {
                    "en": "German (interpretation)",
                    "de": "Deutsch (Verdolmetschung)",
                    "pl": "niemiecki (tłumaczenie)",
                },
            ),
        },
        {
            "kind": QuestionKind.LONG_TEXT,
            "required": False,
            "text": {
                "en": "What would you like to talk about?",
                "de": "Worüber möchten Sie sprechen?",
                "pl": "O czym chcesz porozmawiać?",
            },
            "help_text": EMPTY,
        },
    ),
}

# Invented people of invented organisations (example.org addresses), for the examples.
DEMO_PEOPLE = [
    ("Kasia", "Wiśniewska", "pl", "PL", OrganisationType.IT_COMPANY, "Przykładowa Firma IT"),
    ("Jonas", "Becker", "de", "DE", OrganisationType.BUSINESS_SUPPORT, "Muster-Gründerzentrum"),
    ("Piotr", "Zieliński", "pl", "PL", OrganisationType.IT_COMPANY, "Przykładowe Dane"),
    ("Lena", "Schulz", "de", "DE", OrganisationType.RESEARCH, "Musterhochschule"),
    ("Marek", "Kowalczyk", "pl", "PL", OrganisationType.EMPLOYERS, "Przykładowa Izba"),
    ("Sophie", "Hartmann", "en", "DE", OrganisationType.COMPANY, "Example Health"),
]

# Demo registrations arrive over this period before the moment of loading (or, for an event
# that has already started, before its start); each confirms its address a little later.
REGISTRATION_PERIOD = datetime.timedelta(days=30)
CONFIRMATION_DELAY = datetime.timedelta(minutes=10)


def load(*, stdout, style, now: datetime.datetime | None = None) -> None:
    from measures.models import Measure
    from partners.models import Organisation, Project

    now = now or timezone.now()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    if "klaster-ict-pomorze-zachodnie" not in organisations:
        stdout.write(style.WARNING("  events: partner demo missing, no events loaded"))
        return
    measures = {m.slug: m for m in Measure.objects.all()}
    missing_measures: set[str] = set()

    for data in EVENTS:
        organiser = organisations[data["organiser"]]
        zone = data["time_zone"]
        online = data.get("format", EventFormat.ONLINE) != EventFormat.ON_SITE
        values = {
            "kind": data["kind"],
            "format": data.get("format", EventFormat.ONLINE),
            "time_zone": zone,
            "start": _at(zone, *data["start"]),
            "end": _at(zone, *data["end"]),
            "dates_only": data.get("dates_only", False),
            "meeting_language": data.get("meeting_language", ""),
            "interpretation_languages": data.get("interpretation", []),
            "moderator": data.get("moderator", ""),
            "organiser": organiser,
            "organiser_only_took_part": data.get("organiser_only_took_part", False),
            "project": projects.get(data.get("project", "")),
            "registration_enabled": data.get("registration_enabled", True),
            "capacity": data.get("capacity"),
            "registration_opens_at": None,
            "status": EventStatus.PUBLISHED,
            # When the portal published it: six weeks before the start (the sources name no
            # date; a fixed one keeps a second load from changing the row).
            "first_published_at": _at(zone, *data["start"]) - datetime.timedelta(weeks=6),
            "platform": data.get("platform", ""),
            # A placeholder join link only for the examples: the real links of the 2021
            # meetings are not known.
            "join_link": (
                f"https://zoom.example.org/j/demo-{data['slug']}"
                if online and data.get("example")
                else ""
            ),
            **translated("title", data["title"]),
            **translated("summary", data.get("summary", EMPTY)),
            **translated("description", data.get("description", EMPTY)),
            **translated("report", data.get("report", EMPTY)),
            **translated("venue", data.get("venue", EMPTY)),
            # The examples that took place: a placeholder address of the recording, published
            # the day after.
            "recording_url": (
                f"https://video.example.org/demo-{data['slug']}" if data.get("after") else ""
            ),
            "recording_published_at": (
                _at(zone, *data["end"]) + datetime.timedelta(days=1) if data.get("after") else None
            ),
        }
        event = upsert(Event, values, slug=data["slug"])
        co_organisers = [organisations[slug] for slug in data.get("co_organisers", ())]
        if {o.pk for o in event.co_organisers.all()} != {o.pk for o in co_organisers}:
            event.co_organisers.set(co_organisers)
        wanted = [measures[slug] for slug in data.get("measures", ()) if slug in measures]
        missing_measures |= {slug for slug in data.get("measures", ()) if slug not in measures}
        if {m.pk for m in event.measures.all()} != {m.pk for m in wanted}:
            event.measures.set(wanted)
        questions = _load_questions(event, QUESTIONS.get(data.get("questions", ""), ()))
        _load_registrations(event, data.get("demo_registrations", {}), questions, now=now)
        _load_after_event(event, data.get("after", ()), now=now)

    for series in (SERIES_OF_2021, CLUSTER_COFFEE):
        _load_series(series, organisations)
    stdout.write(f"  events: {len(EVENTS)} events")
    if missing_measures:
        stdout.write(
            style.WARNING(f"  events: measures not found: {', '.join(sorted(missing_measures))}")
        )
    # The events demo runs last: by now every current entry points to current regions and
    # organisations, so the entries of older demos can go.
    retired_remove(stdout=stdout, style=style)


def _registration_times(
    event: Event, count: int, now: datetime.datetime
) -> list[datetime.datetime]:
    """When the demo registrations came in, oldest first: spread over the period before the
    moment of loading (or the start, if that is earlier), so that none lies in the future and
    everyone confirmed before the next person registered."""
    last = min(now, event.start)
    step = REGISTRATION_PERIOD / (count + 1)
    return [last - REGISTRATION_PERIOD + step * (position + 1) for position in range(count)]


def _load_questions(event: Event, questions: tuple[dict, ...]) -> list[Question]:
    """The event's registration questions as `questions` describes them, in this order."""
    loaded = []
    for position, data in enumerate(questions):
        question = upsert(
            Question,
            {
                "kind": data["kind"],
                "required": data["required"],
                "retired_at": None,
                **translated("text", data["text"]),
                **translated("help_text", data["help_text"]),
            },
            event=event,
            position=position,
        )
        question.choice_list = [
            upsert(
                QuestionChoice,
                {"retired_at": None, **translated("label", label)},
                question=question,
                position=index,
            )
            for index, label in enumerate(data.get("choices", ()))
        ]
        loaded.append(question)
    return loaded


def _answers(questions: list[Question], person: tuple) -> dict[Question, object]:
    """How a demo person answers: the language question by their own language."""
    answers: dict[Question, object] = {}
    for question in questions:
        if question.kind == QuestionKind.CHOICE:
            choice = question.choice_list[0 if person[2] == "pl" else 1]
            answers[question] = str(choice.pk)
    return answers


def _load_registrations(
    event: Event, wanted: dict[str, int], questions: list[Question], *, now: datetime.datetime
) -> None:
    """Register the demo people for the event; the first ones take the seats, the others
    (once the event is full) the waiting list, as `wanted` describes."""
    statuses = [
        status for status in ("confirmed", "waitlisted") for _ in range(wanted.get(status, 0))
    ]
    if not statuses:
        return
    people = DEMO_PEOPLE[: len(statuses)]
    # e-mail address: (what the person types into the form, their language, status, answers)
    expected = {
        _email(person[0], person[1]): (
            _registration_data(event, person),
            person[2],
            status,
            _answers(questions, person),
        )
        for person, status in zip(people, statuses, strict=True)
    }
    with transaction.atomic():
        existing = list(
            Registration.objects.filter(event=event, email__in=expected)
            .prefetch_related("answers__chosen")
            .order_by("pk")
        )
        if _as_described(existing, expected, now=now):
            return
        # Start again: remove the demo people's registrations (the waiting ones first, so that
        # nobody moves up in between) and register them anew.
        for registration in sorted(
            existing, key=lambda r: r.status != RegistrationStatus.WAITLISTED
        ):
            services.registration_delete(registration=registration)
        times = _registration_times(event, len(statuses), now)
        delay = min(CONFIRMATION_DELAY, REGISTRATION_PERIOD / (len(statuses) + 1) / 2)
        made = []
        for (data, language, _status, answers), moment in zip(
            expected.values(), times, strict=True
        ):
            result = services.registration_submit(
                event=event, data=data, language=language, answers=answers, now=moment
            )
            services.registration_confirm(registration=result.registration, now=moment + delay)
            made.append(result.registration.pk)
        # The invented people at example.org get no e-mail.
        emails.registration_emails_delete(registration_ids=made)


def _registration_data(event: Event, person: tuple) -> dict[str, object]:
    """What the person types into the registration form."""
    first, last, _language, country, kind, organisation = person
    data = {
        "first_name": first,
        "last_name": last,
        "email": _email(first, last),
        "organisation": organisation,
        "organisation_type": kind,
        "country": country,
        "position": "",
        "message": "",
    }
    if event.is_matchmaking:
        data.update(
            profile_offer="Software development, cloud hosting",
            profile_seek="",
            profile_shared=True,
        )
    return data


def _answers_given(registration: Registration) -> dict[int, object]:
    return {
        answer.question_id: ({chosen.choice_id for chosen in answer.chosen.all()} or answer.text)
        for answer in registration.answers.all()
    }


def _answers_expected(answers: dict[Question, object]) -> dict[int, object]:
    return {
        question.pk: ({int(value)} if question.has_choices else value)
        for question, value in answers.items()
    }


def _as_described(
    registrations: list[Registration], expected: dict[str, tuple[dict, str, str, dict]], *, now
) -> bool:
    """Whether the demo people are registered as the demo describes: one registration each,
    with their data, answers and status, and no moment after `now` (an older demo dated
    registrations before the event, which may still lie ahead)."""
    if sorted(r.email for r in registrations) != sorted(expected):
        return False
    for registration in registrations:
        data, language, status, answers = expected[registration.email]
        if registration.status != status or registration.language != language:
            return False
        if _answers_given(registration) != _answers_expected(answers):
            return False
        if any(getattr(registration, name) != value for name, value in data.items()):
            return False
        moments = (
            registration.created_at,
            registration.consent_at,
            registration.confirmed_at,
            registration.waitlisted_at,
        )
        if any(moment is not None and moment > now for moment in moments):
            return False
    return True


def _load_after_event(event: Event, after: tuple, *, now: datetime.datetime) -> None:
    """For an example that took place: who the organisers marked present, the feedback the
    participants gave, and the follow-up e-mail counted as sent (the invented people get no
    e-mail)."""
    if not after or event.end > now:
        return
    people = DEMO_PEOPLE[: len(after)]
    registrations = {
        registration.email: registration
        for registration in event.registrations.filter(
            status=RegistrationStatus.CONFIRMED,
            email__in=[_email(person[0], person[1]) for person in people],
        )
    }
    for person, (present, rating, useful, improve) in zip(people, after, strict=True):
        registration = registrations.get(_email(person[0], person[1]))
        if registration is None:
            continue
        if registration.attended != present:
            attendance.attendance_mark(
                event=event, registration_ids=[registration.pk], attended=present, now=event.end
            )
            registration.attended = present
        if rating is None:
            continue
        given = feedback.feedback_for(registration=registration)
        if given is None or (given.rating, given.useful, given.improve) != (
            rating,
            useful,
            improve,
        ):
            feedback.feedback_submit(
                registration=registration,
                rating=rating,
                useful=useful,
                improve=improve,
                now=event.end + datetime.timedelta(hours=20),
            )
    event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, followup_sent_at__isnull=True
    ).update(followup_sent_at=event.end + datetime.timedelta(hours=settings.EVENTS_FOLLOWUP_HOURS))


def _email(first: str, last: str) -> str:
    return f"{first}.{last}@example.org".lower().replace("ś", "s").replace("ń", "n")


# --- The online series of spring 2021 as a series of events ---------------------------------------

SERIES_OF_2021 = {
    "slug": "polish-german-cross-border-cooperation-2021",
    "organiser": "klaster-ict-pomorze-zachodnie",
    "co_organisers": ("witeno",),
    "events": (
        "lets-get-to-know-each-other-2021",
        "business-in-germany-intercultural-differences-2021",
        "effective-communication-across-borders-2021",
        "designing-cross-border-services-2021",
    ),
    "title": {
        "en": "Development of Polish-German cross-border cooperation",
        "de": "Entwicklung der deutsch-polnischen grenzüberschreitenden Zusammenarbeit",
        "pl": "Rozwój polsko-niemieckiej współpracy transgranicznej",
    },
    "description": {
        "en": "With the pandemic holding back direct contacts across the border, Klaster ICT "
        "Pomorze Zachodnie and its German partner WITENO, the science and technology park in "
        "Greifswald, held four online meetings between March and May 2021: a matchmaking "
        "meeting, a discussion and two workshops on Zoom. They were open free of charge to IT "
        "companies, business-support institutions and employers' organisations from "
        "Mecklenburg-Vorpommern, Brandenburg and Poland, which came to know each other's work, "
        "shared experience and prepared further cooperation across the border. The meetings "
        "were part of a project co-financed by the European Union from the European Regional "
        "Development Fund and the state budget, through the Small Project Fund of Interreg VA "
        "Mecklenburg-Vorpommern / Brandenburg / Poland in the Pomerania Euroregion.",
        "de": "Als die Pandemie direkte Kontakte über die Grenze bremste, veranstalteten der "
        "Klaster ICT Pomorze Zachodnie und sein deutscher Partner WITENO, der Wissenschafts- und "
        "Technologiepark in Greifswald, zwischen März und Mai 2021 vier Online-Treffen: ein "
        "Matchmaking-Treffen, eine Diskussion und zwei Workshops über Zoom. Sie standen "
        "IT-Unternehmen, Institutionen des wirtschaftlichen Umfelds und Arbeitgeberverbänden aus "
        "Mecklenburg-Vorpommern, Brandenburg und Polen kostenlos offen, die so die Arbeit der "
        "anderen kennenlernten, Erfahrungen austauschten und die weitere grenzüberschreitende "
        "Zusammenarbeit vorbereiteten. Die Treffen gehörten zu einem Projekt, das die "
        "Europäische Union aus dem Europäischen Fonds für regionale Entwicklung und der "
        "Staatshaushalt über den Kleinprojektefonds von Interreg VA Mecklenburg-Vorpommern / "
        "Brandenburg / Polen in der Euroregion Pomerania kofinanzierten.",
        "pl": "Gdy pandemia ograniczała bezpośrednie kontakty przez granicę, Klaster ICT Pomorze "
        "Zachodnie wraz z niemieckim partnerem WITENO, parkiem naukowo-technologicznym w "
        "Greifswaldzie, zorganizował od marca do maja 2021 roku cztery spotkania online: "
        "spotkanie matchmakingowe, dyskusję i dwa warsztaty w Zoomie. Mogły w nich bezpłatnie "
        "uczestniczyć firmy IT, instytucje otoczenia biznesu i organizacje pracodawców z "
        "Meklemburgii-Pomorza Przedniego, Brandenburgii i Polski, aby poznać swoją działalność, "
        "wymienić się doświadczeniami i przygotować dalszą współpracę transgraniczną. Spotkania "
        "były częścią projektu współfinansowanego przez Unię Europejską z Europejskiego Funduszu "
        "Rozwoju Regionalnego i z budżetu państwa w ramach Funduszu Małych Projektów Interreg VA "
        "Meklemburgia-Pomorze Przednie / Brandenburgia / Polska w Euroregionie Pomerania.",
    },
}


# The examples' series: the cluster's online coffee meetings.
CLUSTER_COFFEE = {
    "slug": "online-cluster-coffee",
    "organiser": "klaster-ict-pomorze-zachodnie",
    "co_organisers": (),
    "events": (
        "cluster-coffee-cybersecurity-in-small-companies-2026",
        "cluster-coffee-ai-in-small-companies-2027",
    ),
    "title": {
        "en": "Online cluster coffee",
        "de": "Cluster-Kaffee online",
        "pl": "Klastrowa kawa online",
    },
    "description": {
        "en": "The networking meetings of the West Pomeranian ICT Cluster, once monthly "
        "breakfasts on site, now take place online every two weeks. Two sessions serve here as "
        "examples of a series: one that has taken place and one ahead.",
        "de": "Die Networking-Treffen des Clusters ICT Westpommern, früher monatliche Frühstücke "
        "vor Ort, finden heute alle zwei Wochen online statt. Zwei Termine dienen hier als "
        "Beispiele einer Reihe: einer, der stattgefunden hat, und einer, der bevorsteht.",
        "pl": "Spotkania networkingowe Klastra ICT Pomorze Zachodnie, dawniej comiesięczne "
        "śniadania na miejscu, odbywają się dziś online co dwa tygodnie. Dwa spotkania służą tu "
        "za przykłady cyklu: jedno, które się odbyło, i jedno, które jest przed nami.",
    },
}


def _load_series(data: dict, organisations) -> Series:
    series = upsert(
        Series,
        {
            "organiser": organisations[data["organiser"]],
            **translated("title", data["title"]),
            **translated("description", data["description"]),
        },
        slug=data["slug"],
    )
    co_organisers = [organisations[slug] for slug in data["co_organisers"] if slug in organisations]
    if {o.pk for o in series.co_organisers.all()} != {o.pk for o in co_organisers}:
        series.co_organisers.set(co_organisers)
    Event.objects.filter(slug__in=data["events"]).exclude(series=series).update(series=series)
    return series
