"""Create synthetic published measures for load tests and benchmarks.

    manage.py generate_measures --count 100000

The texts are assembled from German, English and Polish phrases about real kinds of soft
digitalisation measures and real towns, so that search, facets and sorting meet realistic
word frequencies. Rows are written in batches by measures.services.measure_bulk_create, under
the same rules as every other write; the database fills the search and facet columns itself.
Generated entries are recognisable by the slug prefix `generated-` and can be removed with
--delete.
"""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from core.workflow import Status
from measures.demo import vocabularies_load
from measures.models import Measure
from measures.services import MeasureEntry, measure_bulk_create
from partners.models import Organisation, OrganisationKind, Project, Region

PREFIX = "generated-"

# Towns by country: where the generated organisations and measures are.
TOWNS = {
    "DE": [
        "Greifswald",
        "Stralsund",
        "Anklam",
        "Wolgast",
        "Neubrandenburg",
        "Bottrop",
        "Gelsenkirchen",
        "Essen",
    ],
    "PL": [
        "Białystok",
        "Suwałki",
        "Łomża",
        "Hajnówka",
        "Augustów",
        "Szczecin",
        "Koszalin",
        "Kołobrzeg",
        "Radom",
        "Płock",
        "Siedlce",
    ],
    "AT": ["St. Pölten", "Wiener Neustadt", "Krems", "Tulln", "Baden"],
    "FI": ["Lahti", "Heinola", "Hollola", "Orimattila"],
    "ES": ["Mataró", "Terrassa", "Vic", "Granollers", "Manresa"],
    "IE": ["Navan", "Mullingar", "Athlone", "Drogheda", "Tullamore"],
    "FR": ["Rennes", "Brest", "Lorient"],
}

# Topic: kind, themes, then (en, de, pl) for title, what was done, and the result.
TOPICS = [
    (
        "platform",
        ["data-smart-region", "digital-public-services"],
        ("Open data platform", "Offene Datenplattform", "Platforma otwartych danych"),
        (
            "publishes municipal data sets and sensor readings on one open platform",
            "veröffentlicht kommunale Datensätze und Sensordaten auf einer offenen Plattform",
            "publikuje gminne zbiory danych i odczyty czujników na jednej otwartej platformie",
        ),
        (
            "developers and offices reuse the data for new services",
            "Entwickler und Ämter nutzen die Daten für neue Dienste",
            "programiści i urzędy wykorzystują dane w nowych usługach",
        ),
    ),
    (
        "network",
        ["clusters-networks", "business-digitalisation"],
        ("IT cluster meetings", "Treffen des IT-Clusters", "Spotkania klastra IT"),
        (
            "brings IT companies, universities and public offices together every month",
            "bringt IT-Unternehmen, Hochschulen und Verwaltungen jeden Monat zusammen",
            "co miesiąc łączy firmy informatyczne, uczelnie i urzędy",
        ),
        (
            "members found partners for joint projects and new orders",
            "Mitglieder fanden Partner für gemeinsame Projekte und neue Aufträge",
            "członkowie znaleźli partnerów do wspólnych projektów i nowe zlecenia",
        ),
    ),
    (
        "advice",
        ["business-digitalisation"],
        (
            "Digitalisation check for small firms",
            "Digitalisierungscheck für kleine Betriebe",
            "Przegląd cyfryzacji dla małych firm",
        ),
        (
            "offers small companies a free check of their processes by experienced advisers",
            "bietet kleinen Unternehmen eine kostenlose Prüfung ihrer Abläufe durch erfahrene "
            "Beraterinnen und Berater",
            "oferuje małym firmom bezpłatny przegląd procesów przez doświadczonych doradców",
        ),
        (
            "most firms started at least one digitalisation project within a year",
            "die meisten Betriebe starteten binnen eines Jahres mindestens ein "
            "Digitalisierungsprojekt",
            "większość firm rozpoczęła w ciągu roku co najmniej jeden projekt cyfryzacji",
        ),
    ),
    (
        "training",
        ["skills-talent"],
        (
            "Coding school for career changers",
            "Programmierschule für Quereinsteiger",
            "Szkoła programowania dla osób zmieniających zawód",
        ),
        (
            "trains adults in programming and data analysis in evening courses",
            "schult Erwachsene in Abendkursen in Programmierung und Datenanalyse",
            "szkoli dorosłych z programowania i analizy danych na kursach wieczorowych",
        ),
        (
            "graduates found jobs with local IT companies instead of moving away",
            "Absolventinnen und Absolventen fanden Arbeit bei örtlichen IT-Firmen, statt "
            "wegzuziehen",
            "absolwenci znaleźli pracę w lokalnych firmach IT zamiast wyjeżdżać",
        ),
    ),
    (
        "funding",
        ["business-digitalisation"],
        (
            "Voucher for digital innovation",
            "Gutschein für digitale Innovation",
            "Bon na innowacje cyfrowe",
        ),
        (
            "co-finances the first digital project of a company with a simple voucher",
            "fördert das erste Digitalisierungsprojekt eines Unternehmens mit einem einfachen "
            "Gutschein",
            "współfinansuje pierwszy projekt cyfrowy firmy za pomocą prostego bonu",
        ),
        (
            "the call was oversubscribed and reached many first-time applicants",
            "der Aufruf war überzeichnet und erreichte viele Erstantragsteller",
            "nabór cieszył się dużym zainteresowaniem i dotarł do wielu nowych wnioskodawców",
        ),
    ),
    (
        "participation",
        ["participation-strategy"],
        (
            "Online consultation on the digital strategy",
            "Online-Beteiligung zur Digitalstrategie",
            "Konsultacje online strategii cyfrowej",
        ),
        (
            "asks residents and companies online which digital services they need",
            "fragt Bürgerinnen, Bürger und Firmen online, welche digitalen Dienste sie brauchen",
            "pyta mieszkańców i firmy online, jakich usług cyfrowych potrzebują",
        ),
        (
            "the strategy names priorities that people actually asked for",
            "die Strategie nennt Prioritäten, nach denen die Menschen tatsächlich gefragt haben",
            "strategia wskazuje priorytety, o które rzeczywiście pytali mieszkańcy",
        ),
    ),
    (
        "service",
        ["e-health-care"],
        (
            "Telecare for older people at home",
            "Telepflege für ältere Menschen zu Hause",
            "Teleopieka dla osób starszych w domu",
        ),
        (
            "connects older people living alone with carers through tablets and sensors",
            "verbindet allein lebende ältere Menschen über Tablets und Sensoren mit Pflegekräften",
            "łączy samotnie mieszkające osoby starsze z opiekunami za pomocą tabletów i czujników",
        ),
        (
            "people stayed longer in their homes and carers saved travel time",
            "Menschen blieben länger in ihrer Wohnung und Pflegekräfte sparten Fahrzeit",
            "seniorzy dłużej mieszkali u siebie, a opiekunowie oszczędzali czas dojazdów",
        ),
    ),
    (
        "infrastructure",
        ["new-ways-of-working", "skills-talent"],
        (
            "Co-working space in the town centre",
            "Coworking-Space in der Ortsmitte",
            "Przestrzeń coworkingowa w centrum miasta",
        ),
        (
            "opens a co-working space with fast internet for remote workers and founders",
            "eröffnet einen Coworking-Space mit schnellem Internet für mobiles Arbeiten und "
            "Gründungen",
            "otwiera przestrzeń coworkingową z szybkim internetem dla pracowników zdalnych i "
            "założycieli firm",
        ),
        (
            "commuters work several days a week close to home",
            "Pendlerinnen und Pendler arbeiten mehrere Tage pro Woche wohnortnah",
            "osoby dojeżdżające pracują kilka dni w tygodniu blisko domu",
        ),
    ),
    (
        "service",
        ["digital-public-services"],
        (
            "E-services of the municipal office",
            "E-Services des Gemeindeamts",
            "E-usługi urzędu gminy",
        ),
        (
            "moves applications and payments of the municipal office online",
            "bringt Anträge und Zahlungen des Gemeindeamts online",
            "przenosi wnioski i płatności urzędu gminy do internetu",
        ),
        (
            "residents save trips to the office and cases are settled faster",
            "Bürgerinnen und Bürger sparen Wege zum Amt und Fälle werden schneller erledigt",
            "mieszkańcy oszczędzają wizyty w urzędzie, a sprawy są załatwiane szybciej",
        ),
    ),
    (
        "network",
        ["cross-border-cooperation", "clusters-networks"],
        (
            "Cross-border matchmaking online",
            "Grenzüberschreitendes Online-Matchmaking",
            "Transgraniczne kojarzenie partnerów online",
        ),
        (
            "organises online meetings where organisations from both sides of the border meet",
            "organisiert Online-Treffen, bei denen sich Organisationen beiderseits der Grenze "
            "kennenlernen",
            "organizuje spotkania online, na których poznają się organizacje z obu stron granicy",
        ),
        (
            "several joint projects and partnerships started after the meetings",
            "nach den Treffen begannen mehrere gemeinsame Projekte und Partnerschaften",
            "po spotkaniach rozpoczęło się kilka wspólnych projektów i partnerstw",
        ),
    ),
    (
        "advice",
        ["cyber-security"],
        (
            "Cyber security helpdesk",
            "Beratungsstelle für Cybersicherheit",
            "Punkt doradczy ds. cyberbezpieczeństwa",
        ),
        (
            "helps small firms and municipalities protect their systems and react to attacks",
            "hilft kleinen Firmen und Gemeinden, ihre Systeme zu schützen und auf Angriffe zu "
            "reagieren",
            "pomaga małym firmom i gminom chronić systemy i reagować na ataki",
        ),
        (
            "incidents were reported earlier and handled with less damage",
            "Vorfälle wurden früher gemeldet und mit weniger Schaden bewältigt",
            "incydenty zgłaszano wcześniej i usuwano z mniejszymi stratami",
        ),
    ),
    (
        "service",
        ["culture-tourism"],
        ("Virtual museum tour", "Virtueller Museumsrundgang", "Wirtualne zwiedzanie muzeum"),
        (
            "shows the collection of a regional museum in virtual reality and online",
            "zeigt die Sammlung eines Regionalmuseums in virtueller Realität und online",
            "pokazuje zbiory muzeum regionalnego w wirtualnej rzeczywistości i w internecie",
        ),
        (
            "the museum reached schools and visitors far beyond the region",
            "das Museum erreichte Schulen und Gäste weit über die Region hinaus",
            "muzeum dotarło do szkół i zwiedzających daleko poza regionem",
        ),
    ),
    (
        "strategy",
        ["participation-strategy", "clusters-networks"],
        (
            "Regional lead market strategy",
            "Regionale Leitmarktstrategie",
            "Regionalna strategia rynków wiodących",
        ),
        (
            "identifies the lead markets of the region together with companies and research",
            "bestimmt gemeinsam mit Unternehmen und Forschung die Leitmärkte der Region",
            "wspólnie z firmami i nauką wyznacza rynki wiodące regionu",
        ),
        (
            "funding and support now follow a small number of clear priorities",
            "Förderung und Unterstützung folgen nun wenigen klaren Prioritäten",
            "finansowanie i wsparcie skupiają się teraz na kilku jasnych priorytetach",
        ),
    ),
    (
        "training",
        ["skills-talent", "new-ways-of-working"],
        (
            "Digital skills for office staff",
            "Digitale Kompetenzen für Verwaltungsmitarbeitende",
            "Kompetencje cyfrowe dla pracowników urzędów",
        ),
        (
            "trains municipal staff in online tools, data protection and remote work",
            "schult Beschäftigte der Gemeinden in Online-Werkzeugen, Datenschutz und mobilem "
            "Arbeiten",
            "szkoli pracowników gmin z narzędzi online, ochrony danych i pracy zdalnej",
        ),
        (
            "offices introduced digital procedures with fewer delays",
            "Ämter führten digitale Verfahren mit weniger Verzögerungen ein",
            "urzędy wprowadziły procedury cyfrowe z mniejszymi opóźnieniami",
        ),
    ),
]

OPENINGS = (("In {town}, {org}", "In {town} {org_de}", "W miejscowości {town} {org_pl}"),)
CHALLENGES = (
    (
        "Young people left {town} for the nearby metropolis, and companies could not find staff.",
        "Junge Menschen zogen aus {town} in die nahe Metropole, und Unternehmen fanden keine "
        "Fachkräfte.",
        "Młodzi ludzie wyjeżdżali z miejscowości {town} do pobliskiej metropolii, a firmy nie "
        "mogły znaleźć pracowników.",
    ),
    (
        "Many small firms around {town} had no time or knowledge to plan their digitalisation.",
        "Vielen kleinen Betrieben rund um {town} fehlten Zeit und Wissen, um ihre "
        "Digitalisierung zu planen.",
        "Wielu małym firmom w okolicach miejscowości {town} brakowało czasu i wiedzy, by "
        "zaplanować cyfryzację.",
    ),
    (
        "Public services around {town} were slow and required visits to the office.",
        "Öffentliche Dienste rund um {town} waren langsam und verlangten Behördengänge.",
        "Usługi publiczne w okolicach miejscowości {town} były powolne i wymagały wizyt w "
        "urzędzie.",
    ),
)
RESOURCES = (
    (
        "Two staff members part-time and a modest budget for software and events.",
        "Zwei Mitarbeitende in Teilzeit und ein bescheidenes Budget für Software und "
        "Veranstaltungen.",
        "Dwie osoby na część etatu i niewielki budżet na oprogramowanie i wydarzenia.",
    ),
    (
        "A project manager, external experts and co-financing from the regional programme.",
        "Eine Projektleitung, externe Fachleute und Kofinanzierung aus dem Regionalprogramm.",
        "Kierownik projektu, eksperci zewnętrzni i współfinansowanie z programu regionalnego.",
    ),
)
DIFFICULTIES = (
    (
        "It took time to win the trust of the first participants.",
        "Es brauchte Zeit, das Vertrauen der ersten Teilnehmenden zu gewinnen.",
        "Zdobycie zaufania pierwszych uczestników wymagało czasu.",
    ),
    (
        "Data protection questions had to be settled before the start.",
        "Fragen des Datenschutzes mussten vor dem Start geklärt werden.",
        "Przed startem trzeba było wyjaśnić kwestie ochrony danych.",
    ),
)
TRANSFERS = (
    (
        "The approach suits any region with a small team and a network of local partners.",
        "Der Ansatz passt zu jeder Region mit einem kleinen Team und einem Netz örtlicher Partner.",
        "Podejście sprawdzi się w każdym regionie z małym zespołem i siecią lokalnych partnerów.",
    ),
    (
        "Other regions can copy the format; the materials are available on request.",
        "Andere Regionen können das Format übernehmen; die Unterlagen gibt es auf Anfrage.",
        "Inne regiony mogą przejąć ten format; materiały są dostępne na życzenie.",
    ),
)
ORG_KINDS = [
    (
        OrganisationKind.DEVELOPMENT_AGENCY,
        ("development agency", "Entwicklungsagentur", "agencja rozwoju"),
    ),
    (OrganisationKind.IT_CLUSTER, ("IT cluster", "IT-Cluster", "klaster IT")),
    (
        OrganisationKind.TECHNOLOGY_PARK,
        ("technology park", "Technologiepark", "park technologiczny"),
    ),
    (
        OrganisationKind.REGIONAL_AUTHORITY,
        ("regional office", "Regionalverwaltung", "urząd regionalny"),
    ),
]


class Command(BaseCommand):
    help = "Create N synthetic published measures (texts in de, en, pl) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many to create.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--delete", action="store_true", help="Remove generated measures first."
        )

    def handle(self, *args, count, batch_size, seed, delete, **options):
        started = time.monotonic()
        if delete:
            deleted, _ = Measure.objects.filter(slug__startswith=PREFIX).delete()
            self.stdout.write(f"Removed {deleted} generated rows.")
        themes, groups = vocabularies_load()
        organisations = self.organisations()
        projects = self.projects()
        rng = random.Random(seed + Measure.objects.filter(slug__startswith=PREFIX).count())
        offset = Measure.objects.filter(slug__startswith=PREFIX).count()
        created = 0
        while created < count:
            size = min(batch_size, count - created)
            with transaction.atomic():
                self.batch(rng, offset + created, size, organisations, projects, themes, groups)
            created += size
            self.stdout.write(f"  {created}/{count}", ending="\r")
            self.stdout.flush()
        self.stdout.write(
            self.style.SUCCESS(f"Created {count} measures in {time.monotonic() - started:.1f} s.")
        )

    def organisations(self) -> list[Organisation]:
        organisations = list(Organisation.objects.filter(slug__startswith=PREFIX))
        if organisations:
            return organisations
        for country, towns in TOWNS.items():
            regions = []
            for number in range(1, 4):
                region, _ = Region.objects.get_or_create(
                    nuts_code=f"{country}Z{number}",
                    defaults={"country": country, "name_en": f"Test region {country}-{number}"},
                )
                regions.append(region)
            for index, town in enumerate(towns):
                for kind_index, (kind, names) in enumerate(ORG_KINDS):
                    slug = f"{PREFIX}{country.lower()}-{index}-{kind_index}"
                    organisations.append(
                        Organisation(
                            slug=slug,
                            name_en=f"{town} {names[0]}",
                            name_de=f"{names[1]} {town}",
                            name_pl=f"{names[2].capitalize()} {town}",
                            kind=kind,
                            country=country,
                            region=regions[index % len(regions)],
                            city=town,
                            status=Status.PUBLISHED,
                        )
                    )
        Organisation.objects.bulk_create(organisations)
        return list(Organisation.objects.filter(slug__startswith=PREFIX).select_related("region"))

    def projects(self) -> list[Project]:
        projects = list(Project.objects.filter(slug__startswith=PREFIX))
        if projects:
            return projects
        for number in range(1, 13):
            projects.append(
                Project(
                    slug=f"{PREFIX}project-{number}",
                    acronym=f"DIGI{number}",
                    title_en=f"Digital regions cooperation {number}",
                    programme_en="Interreg Europe",
                    start_date=datetime.date(2014 + number % 8, 1, 1),
                    end_date=datetime.date(2018 + number % 8, 12, 31),
                )
            )
        Project.objects.bulk_create(projects)
        return list(Project.objects.filter(slug__startswith=PREFIX))

    def batch(self, rng, start, size, organisations, projects, themes, groups):
        theme_list = list(themes.values())
        group_list = list(groups.values())
        now = datetime.datetime.now(tz=datetime.UTC)
        entries = []
        for number in range(start, start + size):
            organisation = rng.choice(organisations)
            town = organisation.city_en or organisation.city
            kind, topic_themes, titles, what, result = rng.choice(TOPICS)
            challenge = rng.choice(CHALLENGES)
            resources = rng.choice(RESOURCES)
            difficulty = rng.choice(DIFFICULTIES)
            transfer = rng.choice(TRANSFERS)
            start_year = rng.randint(2008, 2025)
            end_year = rng.choice([None, None, start_year + rng.randint(0, 5)])
            values = {}
            for index, code in enumerate(("en", "de", "pl")):
                org_name = getattr(organisation, f"name_{code}") or organisation.name_en
                values[f"title_{code}"] = f"{titles[index]} – {town} ({number})"
                values[f"summary_{code}"] = (
                    f"{org_name}: {what[index]}. {result[index][0].upper()}{result[index][1:]}."
                )
                values[f"description_{code}"] = (
                    f"<p>{org_name} {what[index]}.</p>"
                    f"<p>{result[index][0].upper()}{result[index][1:]}.</p>"
                )
                values[f"challenge_{code}"] = f"<p>{challenge[index].format(town=town)}</p>"
                values[f"results_{code}"] = values[f"description_{code}"].split("</p>")[1] + "</p>"
                values[f"resources_needed_{code}"] = f"<p>{resources[index]}</p>"
                values[f"difficulties_{code}"] = f"<p>{difficulty[index]}</p>"
                values[f"transfer_potential_{code}"] = f"<p>{transfer[index]}</p>"
            # A few measures lack a Polish or German text, as real entries do.
            missing = rng.random()
            if missing < 0.05:
                for name in ("title", "summary", "description"):
                    values[f"{name}_pl"] = ""
            elif missing < 0.08:
                for name in ("title", "summary", "description"):
                    values[f"{name}_de"] = ""
            published = now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 6))
            values.update(
                slug=f"{PREFIX}{number}",
                kind=kind,
                organisation=organisation,
                country=organisation.country,
                region_id=organisation.region_id,
                city=town,
                source_project=rng.choice(projects) if rng.random() < 0.6 else None,
                start_year=start_year,
                end_year=end_year,
                funding=rng.choice(["ERDF", "Interreg Europe", "Regional budget", "Own resources"]),
                status=Status.PUBLISHED,
                first_published_at=published,
                status_changed_at=published,
                # The untranslated columns hold the default language, as modeltranslation does.
                title=values["title_en"],
                summary=values["summary_en"],
                description=values["description_en"],
            )
            topic = [themes[slug] for slug in topic_themes if slug in themes]
            extra = rng.sample(theme_list, k=rng.randint(0, 1))
            entries.append(
                MeasureEntry(
                    values=values,
                    themes=list({t.pk: t for t in topic + extra}.values())[:3],
                    target_groups=rng.sample(group_list, k=rng.randint(1, 3)),
                )
            )
        measure_bulk_create(entries=entries)
