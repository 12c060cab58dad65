"""Demo content of the measures app: vocabularies, and the measures the source documents
describe (see measures.demo_content), with nothing the documents do not say.

Idempotent: themes and target groups are found by slug, measures by slug, inspirations by
their pair of measures; running it twice changes nothing. Organisations, regions and projects
come from the partners app's demo (looked up by slug; a measure whose organisation is missing
is skipped with a warning).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from core.translated import translated
from core.workflow import Status
from measures.demo_content import MEASURES
from measures.models import RICH_TEXT_FIELDS, Inspiration, Measure, TargetGroup, Theme
from measures.services import PLAIN_TEXT_FIELDS, measure_save
from next2met.demo import upsert
from partners.models import Organisation, Project, Region

LANGS = ("en", "de", "pl")

THEMES = {
    # slug: ((en, de, pl) names, (en, de, pl) descriptions)
    "digital-public-services": (
        ("Digital public services", "Digitale öffentliche Dienste", "Cyfrowe usługi publiczne"),
        (
            "Online services of municipalities and regions for residents and companies.",
            "Online-Dienste von Gemeinden und Regionen für Menschen und Unternehmen.",
            "Usługi online gmin i regionów dla mieszkańców i firm.",
        ),
    ),
    "business-digitalisation": (
        ("Digitalisation of SMEs", "Digitalisierung von KMU", "Cyfryzacja MŚP"),
        (
            "Advice, funding and tools that help small and medium-sized firms go digital.",
            "Beratung, Förderung und Werkzeuge für die Digitalisierung kleiner und mittlerer "
            "Unternehmen.",
            "Doradztwo, finansowanie i narzędzia wspierające cyfryzację małych i średnich firm.",
        ),
    ),
    "clusters-networks": (
        ("Clusters and networks", "Cluster und Netzwerke", "Klastry i sieci współpracy"),
        (
            "Organised cooperation of companies, research and public bodies.",
            "Organisierte Zusammenarbeit von Unternehmen, Forschung und Verwaltung.",
            "Zorganizowana współpraca firm, nauki i administracji.",
        ),
    ),
    "skills-talent": (
        (
            "Digital skills and talent",
            "Digitale Kompetenzen und Fachkräfte",
            "Kompetencje cyfrowe i talenty",
        ),
        (
            "Training, incubation and ways to keep skilled people in the region.",
            "Qualifizierung, Gründungsförderung und Wege, Fachkräfte in der Region zu halten.",
            "Szkolenia, inkubacja i sposoby na zatrzymanie specjalistów w regionie.",
        ),
    ),
    "e-health-care": (
        ("e-Health and care", "E-Health und Pflege", "E-zdrowie i opieka"),
        (
            "Digital tools for health care, home care and the health economy.",
            "Digitale Werkzeuge für Gesundheitsversorgung, häusliche Pflege und "
            "Gesundheitswirtschaft.",
            "Narzędzia cyfrowe w ochronie zdrowia, opiece domowej i gospodarce zdrowotnej.",
        ),
    ),
    "data-smart-region": (
        ("Data and smart region", "Daten und Smart Region", "Dane i inteligentny region"),
        (
            "Sensors, data platforms and open data for better decisions in towns and regions.",
            "Sensoren, Datenplattformen und offene Daten für bessere Entscheidungen vor Ort.",
            "Czujniki, platformy danych i otwarte dane dla lepszych decyzji w gminach i regionach.",
        ),
    ),
    "participation-strategy": (
        ("Participation and strategy", "Beteiligung und Strategie", "Partycypacja i strategia"),
        (
            "Consultations, strategies and the governance of regional digitalisation.",
            "Beteiligungsverfahren, Strategien und die Steuerung der regionalen Digitalisierung.",
            "Konsultacje, strategie i zarządzanie cyfryzacją regionu.",
        ),
    ),
    "cross-border-cooperation": (
        (
            "Cross-border cooperation",
            "Grenzüberschreitende Zusammenarbeit",
            "Współpraca transgraniczna",
        ),
        (
            "Contacts, matchmaking and joint work of organisations across borders.",
            "Kontakte, Matchmaking und gemeinsame Arbeit von Organisationen über Grenzen hinweg.",
            "Kontakty, kojarzenie partnerów i wspólne działania organizacji ponad granicami.",
        ),
    ),
    "culture-tourism": (
        ("Culture and tourism", "Kultur und Tourismus", "Kultura i turystyka"),
        (
            "Digital experiences in museums, heritage and visitor services.",
            "Digitale Erlebnisse in Museen, im Kulturerbe und für Gäste.",
            "Cyfrowe doświadczenia w muzeach, dziedzictwie kulturowym i obsłudze gości.",
        ),
    ),
    "cyber-security": (
        ("Cyber security", "Cybersicherheit", "Cyberbezpieczeństwo"),
        (
            "Protection of companies and public bodies against attacks on their IT.",
            "Schutz von Unternehmen und Verwaltungen vor Angriffen auf ihre IT.",
            "Ochrona firm i instytucji przed atakami na ich systemy informatyczne.",
        ),
    ),
    "new-ways-of-working": (
        ("New ways of working", "Neue Arbeitsformen", "Nowe formy pracy"),
        (
            "Remote and hybrid work, co-working and working across distances.",
            "Mobiles und hybrides Arbeiten, Coworking und Arbeiten über Entfernungen.",
            "Praca zdalna i hybrydowa, coworking i współpraca na odległość.",
        ),
    ),
}

TARGET_GROUPS = {
    "smes": (
        (
            "Small and medium-sized enterprises",
            "Kleine und mittlere Unternehmen",
            "Małe i średnie przedsiębiorstwa",
        ),
        ("", "", ""),
    ),
    "it-companies": (("IT companies", "IT-Unternehmen", "Firmy informatyczne"), ("", "", "")),
    "start-ups": (("Start-ups", "Start-ups", "Start-upy"), ("", "", "")),
    "public-authorities": (
        (
            "Public authorities and municipalities",
            "Behörden und Gemeinden",
            "Administracja publiczna i gminy",
        ),
        ("", "", ""),
    ),
    "business-support": (
        (
            "Business-support organisations",
            "Einrichtungen der Wirtschaftsförderung",
            "Instytucje otoczenia biznesu",
        ),
        ("", "", ""),
    ),
    "research": (
        ("Universities and research", "Hochschulen und Forschung", "Uczelnie i nauka"),
        ("", "", ""),
    ),
    "residents": (("Residents", "Bürgerinnen und Bürger", "Mieszkańcy"), ("", "", "")),
    "older-people": (
        ("Older people and carers", "Ältere Menschen und Pflegende", "Osoby starsze i opiekunowie"),
        ("", "", ""),
    ),
    "young-people": (
        (
            "Students and young professionals",
            "Studierende und junge Fachkräfte",
            "Studenci i młodzi specjaliści",
        ),
        ("", "", ""),
    ),
}


def _by_language(values) -> dict[str, str]:
    """(en, de, pl) as {"en": …, "de": …, "pl": …}."""
    return dict(zip(LANGS, values, strict=True))


def vocabularies_load() -> tuple[dict[str, Theme], dict[str, TargetGroup]]:
    """Create or update the themes and target groups; return them by slug."""
    themes, groups = {}, {}
    for order, (slug, (names, descriptions)) in enumerate(THEMES.items()):
        themes[slug] = upsert(
            Theme,
            {
                **translated("name", _by_language(names)),
                **translated("description", _by_language(descriptions)),
                "order": order * 10,
            },
            slug=slug,
        )
    for order, (slug, (names, descriptions)) in enumerate(TARGET_GROUPS.items()):
        groups[slug] = upsert(
            TargetGroup,
            {
                **translated("name", _by_language(names)),
                **translated("description", _by_language(descriptions)),
                "order": order * 10,
            },
            slug=slug,
        )
    return themes, groups


def _measure_values(data: dict, organisations, regions, projects) -> dict:
    """The fields of a measure from its entry in demo_content (measure_save cleans the texts)."""
    values = {
        "slug": data["slug"],
        "kind": data["kind"],
        "organisation": organisations[data["organisation"]],
        "country": data["country"],
        "region": regions.get(data.get("region")),
        "city": data.get("city", ""),
        "source_project": projects.get(data.get("project")),
        "start_year": data.get("start"),
        "end_year": data.get("end"),
        "funding": data.get("funding", ""),
        "website": data.get("website", ""),
        "other_stakeholders": data.get("others", ""),
        "status": Status.PUBLISHED,
    }
    for code in LANGS:
        for name in (*PLAIN_TEXT_FIELDS, *RICH_TEXT_FIELDS):
            values[f"{name}_{code}"] = data[code].get(name, "")
    return values


@transaction.atomic
def load(*, stdout, style) -> None:
    themes, groups = vocabularies_load()
    slugs = {organisation for data in MEASURES for organisation in (data["organisation"],)}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    regions = {r.nuts_code: r for r in Region.objects.all()}
    projects = {p.slug: p for p in Project.objects.all()}
    # Publication dates spread over the past years, fixed so that reruns change nothing.
    base = datetime.datetime(2020, 1, 15, 9, 0, tzinfo=datetime.UTC)
    measures = {}
    skipped = []
    for index, data in enumerate(MEASURES):
        if data["organisation"] not in organisations:
            skipped.append(data["slug"])
            continue
        values = _measure_values(data, organisations, regions, projects)
        published_at = base + datetime.timedelta(days=41 * index)
        values["first_published_at"] = published_at
        values["status_changed_at"] = published_at
        partners = [
            organisations.get(slug) or Organisation.objects.filter(slug=slug).first()
            for slug in data.get("partners", ())
        ]
        measure = measure_save(
            measure=Measure.objects.filter(slug=data["slug"]).first(),
            values=values,
            themes=[themes[slug] for slug in data["themes"]],
            target_groups=[groups[slug] for slug in data.get("targets", ())],
            stakeholders=[partner for partner in partners if partner is not None],
        )
        measures[data["slug"]] = measure
    for data in MEASURES:
        for source_slug, notes in data.get("inspired_by", {}).items():
            if data["slug"] in measures and source_slug in measures:
                upsert(
                    Inspiration,
                    translated("note", _by_language(notes)),
                    measure=measures[data["slug"]],
                    source=measures[source_slug],
                )
    stdout.write(
        f"Measures: {len(themes)} themes, {len(groups)} target groups, {len(measures)} measures."
    )
    if skipped:
        stdout.write(
            style.WARNING(
                "Skipped measures whose organisation is missing (load the partners demo "
                "first): " + ", ".join(skipped)
            )
        )
