"""Demo content of the partners app: the real partnerships, described in three languages.

Idempotent: every row is found by its natural key (slug, NUTS code, user name) and updated, so
running it twice changes nothing. Demo users get fixed passwords for local use only; the
load_demo command refuses to run with DEBUG off unless forced.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from next2met.demo import upsert
from partners.models import (
    Membership,
    MembershipRole,
    Metropolis,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationRole,
    Project,
    Region,
)
from partners.roles import Role
from partners.services import roles_setup, user_groups_sync
from partners.workflow import Status

METROPOLISES = {
    # slug: (country, en, de, pl)
    "berlin": ("DE", "Berlin", "Berlin", "Berlin"),
    "hamburg": ("DE", "Hamburg", "Hamburg", "Hamburg"),
    "szczecin": ("PL", "Szczecin", "Stettin", "Szczecin"),
    "warsaw": ("PL", "Warsaw", "Warschau", "Warszawa"),
    "vienna": ("AT", "Vienna", "Wien", "Wiedeń"),
    "helsinki": ("FI", "Helsinki", "Helsinki", "Helsinki"),
    "barcelona": ("ES", "Barcelona", "Barcelona", "Barcelona"),
    "dublin": ("IE", "Dublin", "Dublin", "Dublin"),
}

REGIONS = {
    # NUTS code: (country, {lang: name}, {lang: description}, metropolises)
    "DE80": (
        "DE",
        {
            "en": "Mecklenburg-Vorpommern",
            "de": "Mecklenburg-Vorpommern",
            "pl": "Meklemburgia-Pomorze Przednie",
        },
        {
            "en": "A thinly populated Baltic coast state between Berlin, Hamburg and Szczecin, "
            "which attract many of its young skilled people.",
            "de": "Dünn besiedeltes Land an der Ostseeküste zwischen Berlin, Hamburg und "
            "Stettin, die viele junge Fachkräfte anziehen.",
            "pl": "Słabo zaludniony kraj związkowy nad Bałtykiem, położony między Berlinem, "
            "Hamburgiem i Szczecinem, które przyciągają wielu młodych specjalistów.",
        },
        ("berlin", "hamburg", "szczecin"),
    ),
    "PL42": (
        "PL",
        {"en": "West Pomerania", "de": "Westpommern", "pl": "Zachodniopomorskie"},
        {
            "en": "The north-western Polish voivodeship around Szczecin, on the German border "
            "and within reach of Berlin.",
            "de": "Die nordwestlichste Woiwodschaft Polens rund um Stettin, an der Grenze zu "
            "Deutschland und in Reichweite von Berlin.",
            "pl": "Najdalej na północny zachód wysunięte województwo Polski, wokół Szczecina, "
            "przy granicy z Niemcami i niedaleko Berlina.",
        },
        ("szczecin", "berlin"),
    ),
    "PL84": (
        "PL",
        {"en": "Podlaskie", "de": "Podlachien", "pl": "Podlaskie"},
        {
            "en": "A green, rural voivodeship in north-eastern Poland; many graduates leave it "
            "for Warsaw.",
            "de": "Eine grüne, ländliche Woiwodschaft im Nordosten Polens; viele "
            "Hochschulabsolventen ziehen nach Warschau.",
            "pl": "Zielone, wiejskie województwo w północno-wschodniej Polsce; wielu absolwentów "
            "wyjeżdża do Warszawy.",
        },
        ("warsaw",),
    ),
    "PL91": (
        "PL",
        {
            "en": "Warsaw capital region",
            "de": "Hauptstadtregion Warschau",
            "pl": "Warszawski stołeczny",
        },
        {
            "en": "Warsaw and the districts around it, Poland's fastest-growing economic area.",
            "de": "Warschau und die umliegenden Kreise, Polens am schnellsten wachsender "
            "Wirtschaftsraum.",
            "pl": "Warszawa wraz z otaczającymi ją powiatami, najszybciej rozwijający się "
            "obszar gospodarczy Polski.",
        },
        ("warsaw",),
    ),
    "PL9": (
        "PL",
        {
            "en": "Mazovian Voivodeship",
            "de": "Woiwodschaft Masowien",
            "pl": "Województwo mazowieckie",
        },
        {
            "en": "The voivodeship around Warsaw, made up of the capital region and the more "
            "rural Mazowiecki regionalny.",
            "de": "Die Woiwodschaft rund um Warschau, bestehend aus der Hauptstadtregion und "
            "dem ländlicheren übrigen Masowien.",
            "pl": "Województwo wokół Warszawy, obejmujące region stołeczny i bardziej wiejski "
            "region mazowiecki regionalny.",
        },
        ("warsaw",),
    ),
    "AT12": (
        "AT",
        {"en": "Lower Austria", "de": "Niederösterreich", "pl": "Dolna Austria"},
        {
            "en": "Austria's largest state, wrapped around Vienna.",
            "de": "Österreichs größtes Bundesland, das Wien umschließt.",
            "pl": "Największy kraj związkowy Austrii, otaczający Wiedeń.",
        },
        ("vienna",),
    ),
    "FI1C": (
        "FI",
        {"en": "Southern Finland", "de": "Südfinnland", "pl": "Finlandia Południowa"},
        {
            "en": "Southern Finland outside Helsinki-Uusimaa; it includes Päijät-Häme (FI1C3) "
            "with its centre Lahti, about an hour from Helsinki.",
            "de": "Südfinnland außerhalb von Helsinki-Uusimaa; dazu gehört Päijät-Häme (FI1C3) "
            "mit dem Zentrum Lahti, etwa eine Stunde von Helsinki entfernt.",
            "pl": "Południowa Finlandia poza regionem Helsinki-Uusimaa; obejmuje Päijät-Häme "
            "(FI1C3) z ośrodkiem w Lahti, około godziny drogi od Helsinek.",
        },
        ("helsinki",),
    ),
    "ES51": (
        "ES",
        {"en": "Catalonia", "de": "Katalonien", "pl": "Katalonia"},
        {
            "en": "The north-eastern Spanish region whose municipalities range from the "
            "Barcelona metropolis to rural mountain valleys.",
            "de": "Die Region im Nordosten Spaniens, deren Gemeinden von der Metropole "
            "Barcelona bis zu ländlichen Bergtälern reichen.",
            "pl": "Region w północno-wschodniej Hiszpanii, którego gminy leżą zarówno w "
            "metropolii Barcelony, jak i w wiejskich dolinach górskich.",
        },
        ("barcelona",),
    ),
    "IE06": (
        "IE",
        {
            "en": "Eastern and Midland",
            "de": "Eastern and Midland (Osten und Midlands)",
            "pl": "Eastern and Midland (wschód i środek Irlandii)",
        },
        {
            "en": "Dublin and the counties of the east and the midlands of Ireland.",
            "de": "Dublin und die Grafschaften im Osten und in der Mitte Irlands.",
            "pl": "Dublin oraz hrabstwa wschodniej i środkowej Irlandii.",
        },
        ("dublin",),
    ),
    "FRH0": (
        "FR",
        {"en": "Brittany", "de": "Bretagne", "pl": "Bretania"},
        {
            "en": "The peninsula in the west of France; its capital Rennes hosts the CPMR.",
            "de": "Die Halbinsel im Westen Frankreichs; in ihrer Hauptstadt Rennes hat die "
            "KPKR ihren Sitz.",
            "pl": "Półwysep na zachodzie Francji; w jego stolicy, Rennes, ma siedzibę KPRM.",
        },
        (),
    ),
}

ORGANISATIONS = {
    "paijat-hame": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "FI",
        "region": "FI1C",
        "website": "https://paijat-hame.fi",
        "name": {
            "en": "Regional Council of Päijät-Häme",
            "de": "Regionalrat Päijät-Häme",
            "pl": "Rada Regionalna Päijät-Häme",
        },
        "city": {"en": "Lahti", "de": "Lahti", "pl": "Lahti"},
        "description": {
            "en": "The joint authority of the municipalities of Päijät-Häme plans the region's "
            "development and land use and manages EU funding in the region around Lahti, "
            "within commuting distance of Helsinki.",
            "de": "Der Zusammenschluss der Gemeinden von Päijät-Häme plant Entwicklung und "
            "Landnutzung der Region um Lahti, die in Pendeldistanz zu Helsinki liegt, "
            "und verwaltet dort EU-Fördermittel.",
            "pl": "Związek gmin regionu Päijät-Häme planuje rozwój i zagospodarowanie "
            "przestrzenne okolic Lahti, położonych w zasięgu dojazdów do Helsinek, oraz "
            "zarządza funduszami UE w regionie.",
        },
    },
    "ecoplus": {
        "kind": OrganisationKind.DEVELOPMENT_AGENCY,
        "country": "AT",
        "region": "AT12",
        "acronym": "ecoplus",
        "website": "https://www.ecoplus.at",
        "name": {
            "en": "ecoplus. The Business Agency of Lower Austria",
            "de": "ecoplus. Niederösterreichs Wirtschaftsagentur",
            "pl": "ecoplus – agencja gospodarcza Dolnej Austrii",
        },
        "city": {"en": "St. Pölten", "de": "St. Pölten", "pl": "St. Pölten"},
        "description": {
            "en": "The business agency of the state of Lower Austria supports companies that "
            "settle or grow in the region, runs its technology centres and business "
            "parks and coordinates its clusters.",
            "de": "Die Wirtschaftsagentur des Landes Niederösterreich begleitet Unternehmen bei "
            "Ansiedlung und Wachstum, betreibt Technopole und Wirtschaftsparks und "
            "koordiniert die Cluster des Landes.",
            "pl": "Agencja gospodarcza kraju związkowego Dolna Austria wspiera firmy, które "
            "osiedlają się i rozwijają w regionie, prowadzi centra technologiczne i "
            "parki biznesowe oraz koordynuje regionalne klastry.",
        },
    },
    "witeno": {
        "kind": OrganisationKind.TECHNOLOGY_PARK,
        "country": "DE",
        "region": "DE80",
        "acronym": "WITENO",
        "website": "https://www.witeno.de",
        "email": "moeller@witeno.de",
        "phone": "+49 3834 550 106",
        "name": {"en": "WITENO GmbH", "de": "WITENO GmbH", "pl": "WITENO GmbH"},
        "city": {"en": "Greifswald", "de": "Greifswald", "pl": "Greifswald"},
        "description": {
            "en": "The science and technology park in Greifswald helps start-ups and young "
            "technology companies grow, and connects organisations on the German side of "
            "the border region with partners in Poland and across Europe.",
            "de": "Der Wissenschafts- und Technologiepark in Greifswald begleitet Gründungen "
            "und junge Technologieunternehmen und vernetzt Organisationen auf der "
            "deutschen Seite der Grenzregion mit Partnern in Polen und ganz Europa.",
            "pl": "Park naukowo-technologiczny w Greifswaldzie wspiera rozwój start-upów i "
            "młodych firm technologicznych oraz łączy organizacje po niemieckiej stronie "
            "regionu przygranicznego z partnerami w Polsce i w całej Europie.",
        },
    },
    "diputacio-de-barcelona": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "ES",
        "region": "ES51",
        "website": "https://www.diba.cat",
        "name": {
            "en": "Barcelona Provincial Council",
            "de": "Provinzialrat Barcelona",
            "pl": "Rada Prowincji Barcelona",
        },
        "city": {"en": "Barcelona", "de": "Barcelona", "pl": "Barcelona"},
        "description": {
            "en": "The Diputació de Barcelona works with the municipalities of the province "
            "and offers them technical, economic and digital support, especially the "
            "small towns outside the metropolitan area.",
            "de": "Die Diputació de Barcelona arbeitet mit den Gemeinden der Provinz und "
            "unterstützt sie technisch, wirtschaftlich und bei der Digitalisierung, vor "
            "allem die kleinen Orte außerhalb des Ballungsraums.",
            "pl": "Diputació de Barcelona współpracuje z gminami prowincji i wspiera je "
            "technicznie, finansowo i w cyfryzacji, zwłaszcza małe miejscowości poza "
            "obszarem metropolitalnym.",
        },
    },
    "cpmr": {
        "kind": OrganisationKind.NETWORK,
        "country": "FR",
        "region": "FRH0",
        "acronym": "CPMR",
        "website": "https://cpmr.org",
        "name": {
            "en": "Conference of Peripheral Maritime Regions",
            "de": "Konferenz der peripheren Küstenregionen Europas",
            "pl": "Konferencja Peryferyjnych Regionów Morskich",
        },
        "city": {"en": "Rennes", "de": "Rennes", "pl": "Rennes"},
        "description": {
            "en": "An association of regions from across Europe that speaks up for balanced "
            "territorial development and shares what its members learn in EU projects.",
            "de": "Ein Verband von Regionen aus ganz Europa, der sich für eine ausgewogene "
            "räumliche Entwicklung einsetzt und die Erfahrungen seiner Mitglieder aus "
            "EU-Projekten weitergibt.",
            "pl": "Stowarzyszenie regionów z całej Europy, które zabiega o zrównoważony rozwój "
            "terytorialny i upowszechnia doświadczenia członków z projektów unijnych.",
        },
    },
    "emra": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "IE",
        "region": "IE06",
        "acronym": "EMRA",
        "website": "https://emra.ie",
        "name": {
            "en": "Eastern and Midland Regional Assembly",
            "de": "Regionalversammlung Eastern and Midland",
            "pl": "Zgromadzenie Regionalne Eastern and Midland",
        },
        "city": {"en": "Dublin", "de": "Dublin", "pl": "Dublin"},
        "description": {
            "en": "The regional assembly plans the economic and spatial development of Dublin "
            "and the surrounding counties, and manages EU programmes in the region.",
            "de": "Die Regionalversammlung plant die wirtschaftliche und räumliche Entwicklung "
            "von Dublin und den umliegenden Grafschaften und verwaltet EU-Programme in "
            "der Region.",
            "pl": "Zgromadzenie planuje rozwój gospodarczy i przestrzenny Dublina oraz "
            "okolicznych hrabstw i zarządza programami UE w regionie.",
        },
    },
    "podlaskie": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "PL",
        "region": "PL84",
        "website": "https://wrotapodlasia.pl",
        "name": {
            "en": "Podlaskie Voivodeship",
            "de": "Woiwodschaft Podlachien",
            "pl": "Województwo Podlaskie",
        },
        "city": {"en": "Białystok", "de": "Białystok", "pl": "Białystok"},
        "description": {
            "en": "The regional self-government of Podlaskie, represented by its Marshal's "
            "Office in Białystok, shapes the region's development strategy and its use of "
            "EU funds.",
            "de": "Die regionale Selbstverwaltung Podlachiens mit dem Marschallamt in Białystok "
            "gestaltet die Entwicklungsstrategie der Region und den Einsatz von "
            "EU-Mitteln.",
            "pl": "Samorząd województwa podlaskiego, reprezentowany przez Urząd Marszałkowski "
            "w Białymstoku, kształtuje strategię rozwoju regionu i wykorzystanie "
            "funduszy UE.",
        },
    },
    "klaster-ict-pomorze-zachodnie": {
        "kind": OrganisationKind.IT_CLUSTER,
        "country": "PL",
        "region": "PL42",
        "name": {
            "en": "West Pomeranian ICT Cluster",
            "de": "Cluster ICT Westpommern",
            "pl": "Klaster ICT Pomorze Zachodnie",
        },
        "city": {"en": "Szczecin", "de": "Stettin", "pl": "Szczecin"},
        "description": {
            "en": "Since 2011 the association has brought together IT businesses of Western "
            "Pomerania; today more than 80 technology companies belong to it. It hosts "
            "regular networking meetings, passes on members' requests for IT skills "
            "within the cluster and organises training with schools and trainers.",
            "de": "Der Verein bringt seit 2011 IT-Unternehmen aus Westpommern zusammen; heute "
            "gehören ihm mehr als 80 Technologieunternehmen an. Er lädt regelmäßig zum "
            "Netzwerken ein, vermittelt Anfragen nach IT-Kompetenzen innerhalb des "
            "Clusters und organisiert Schulungen mit Bildungseinrichtungen und Trainern.",
            "pl": "Stowarzyszenie od 2011 roku skupia firmy informatyczne z Pomorza "
            "Zachodniego; obecnie należy do niego ponad 80 firm technologicznych. "
            "Organizuje regularne spotkania networkingowe, przekazuje w klastrze "
            "zapotrzebowanie członków na kompetencje IT i prowadzi szkolenia z "
            "placówkami edukacyjnymi i trenerami.",
        },
    },
    "mazovian-it-cluster": {
        "kind": OrganisationKind.IT_CLUSTER,
        "country": "PL",
        "region": "PL91",
        "name": {
            "en": "Mazovian IT Cluster",
            "de": "IT-Cluster Masowien",
            "pl": "Mazowiecki Klaster IT",
        },
        "city": {"en": "Warsaw", "de": "Warschau", "pl": "Warszawa"},
        "description": {
            "en": "An association of IT companies, research institutes and other organisations "
            "in and around Warsaw that connects the players of the region's digital "
            "economy and hosts exchanges with other European regions.",
            "de": "Ein Zusammenschluss von IT-Unternehmen, Forschungsinstituten und weiteren "
            "Organisationen in und um Warschau, der die Akteure der digitalen Wirtschaft "
            "vernetzt und Austauschbesuche aus anderen Regionen Europas empfängt.",
            "pl": "Stowarzyszenie firm IT, instytutów badawczych i innych organizacji z "
            "Warszawy i okolic, które łączy uczestników cyfrowej gospodarki regionu i "
            "przyjmuje wizyty studyjne z innych regionów Europy.",
        },
    },
    "mazowieckie": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "PL",
        "region": "PL9",
        "website": "https://www.mazovia.pl",
        "name": {
            "en": "Marshal's Office of the Mazovian Voivodeship",
            "de": "Marschallamt der Woiwodschaft Masowien",
            "pl": "Urząd Marszałkowski Województwa Mazowieckiego",
        },
        "city": {"en": "Warsaw", "de": "Warschau", "pl": "Warszawa"},
        "description": {
            "en": "The office of Mazovia's regional self-government prepares and carries out "
            "the voivodeship's regional innovation strategy and its smart specialisation.",
            "de": "Das Amt der Selbstverwaltung Masowiens erarbeitet und verwirklicht die "
            "regionale Innovationsstrategie und die intelligente Spezialisierung der "
            "Woiwodschaft.",
            "pl": "Urząd samorządu województwa przygotowuje i realizuje regionalną strategię "
            "innowacji oraz inteligentne specjalizacje Mazowsza.",
        },
    },
}

PROJECTS = {
    "next2met": {
        "acronym": "Next2Met",
        "start_date": datetime.date(2019, 8, 1),
        "end_date": datetime.date(2023, 7, 31),
        "title": {
            "en": "Next to metropolises: digitalisation for attractive regions",
            "de": "Neben Metropolen: Digitalisierung für attraktive Regionen",
            "pl": "Obok metropolii: cyfryzacja dla atrakcyjnych regionów",
        },
        "programme": {"en": "Interreg Europe", "de": "Interreg Europe", "pl": "Interreg Europa"},
        "fund": {
            "en": "European Regional Development Fund (ERDF)",
            "de": "Europäischer Fonds für regionale Entwicklung (EFRE)",
            "pl": "Europejski Fundusz Rozwoju Regionalnego (EFRR)",
        },
        "description": {
            "en": "Regions that lie next to a metropolis lose skilled people, knowledge and "
            "capital to it. The partners compare their soft digitalisation measures, "
            "such as advice, networks and digital services, and adapt the best ones at "
            "home.",
            "de": "Regionen neben einer Metropole verlieren an sie Fachkräfte, Wissen und "
            "Kapital. Die Partner vergleichen ihre weichen Digitalisierungsmaßnahmen wie "
            "Beratung, Netzwerke und digitale Dienste und übernehmen die besten in der "
            "eigenen Region.",
            "pl": "Regiony położone obok metropolii tracą na jej rzecz specjalistów, wiedzę i "
            "kapitał. Partnerzy porównują swoje miękkie działania cyfryzacyjne, takie "
            "jak doradztwo, sieci współpracy i usługi cyfrowe, i wdrażają u siebie "
            "najlepsze z nich.",
        },
        "partners": {
            "paijat-hame": ParticipationRole.LEAD_PARTNER,
            "ecoplus": ParticipationRole.PARTNER,
            "witeno": ParticipationRole.PARTNER,
            "diputacio-de-barcelona": ParticipationRole.PARTNER,
            "cpmr": ParticipationRole.ADVISORY_PARTNER,
            "emra": ParticipationRole.PARTNER,
            "podlaskie": ParticipationRole.PARTNER,
        },
    },
    "blues": {
        "acronym": "BLUES",
        "title": {
            "en": "BLUES cluster cooperation project",
            "de": "Cluster-Kooperationsprojekt BLUES",
            "pl": "Projekt współpracy klastrów BLUES",
        },
        "programme": {
            "en": "COSME (EU programme for the competitiveness of SMEs)",
            "de": "COSME (EU-Programm für die Wettbewerbsfähigkeit von KMU)",
            "pl": "COSME (program UE na rzecz konkurencyjności MŚP)",
        },
        "description": {
            "en": "Within BLUES, the Mazovian IT Cluster hosted an exchange in Warsaw where "
            "guests from other regions met research institutes and IT companies of the "
            "capital region.",
            "de": "Im Rahmen von BLUES lud der IT-Cluster Masowien zu einem Austausch nach "
            "Warschau ein, bei dem Gäste aus anderen Regionen Forschungsinstitute und "
            "IT-Unternehmen der Hauptstadtregion kennenlernten.",
            "pl": "W ramach projektu BLUES Mazowiecki Klaster IT zorganizował w Warszawie "
            "wymianę, podczas której goście z innych regionów poznali instytuty badawcze "
            "i firmy IT regionu stołecznego.",
        },
        "partners": {"mazovian-it-cluster": ParticipationRole.PARTNER},
    },
    "cohes3ion": {
        "acronym": "COHES3ION",
        "title": {
            "en": "COHES3ION: territorial governance of smart specialisation",
            "de": "COHES3ION: räumliche Steuerung der intelligenten Spezialisierung",
            "pl": "COHES3ION: terytorialne zarządzanie inteligentną specjalizacją",
        },
        "programme": {"en": "Interreg Europe", "de": "Interreg Europe", "pl": "Interreg Europa"},
        "fund": {
            "en": "European Regional Development Fund (ERDF)",
            "de": "Europäischer Fonds für regionale Entwicklung (EFRE)",
            "pl": "Europejski Fundusz Rozwoju Regionalnego (EFRR)",
        },
        "description": {
            "en": "The partners study how European regions govern their smart specialisation "
            "strategies (S3) and how to bring the territorial dimension into them, for "
            "example through study visits and a territorial map of each region.",
            "de": "Die Partner untersuchen, wie europäische Regionen ihre Strategien der "
            "intelligenten Spezialisierung (S3) steuern und wie sich die räumliche "
            "Dimension einbeziehen lässt, etwa durch Studienbesuche und eine räumliche "
            "Karte jeder Region.",
            "pl": "Partnerzy badają, jak regiony europejskie zarządzają strategiami "
            "inteligentnej specjalizacji (S3) i jak uwzględnić w nich wymiar "
            "terytorialny, między innymi poprzez wizyty studyjne i mapę terytorialną "
            "każdego regionu.",
        },
        "partners": {"mazowieckie": ParticipationRole.PARTNER},
    },
    "pl-de-cross-border-cooperation": {
        "acronym": "PL–DE cooperation",
        "start_date": datetime.date(2021, 1, 1),
        "end_date": datetime.date(2021, 12, 31),
        "title": {
            "en": "Development of Polish-German cross-border cooperation",
            "de": "Entwicklung der deutsch-polnischen grenzüberschreitenden Zusammenarbeit",
            "pl": "Rozwój polsko-niemieckiej współpracy transgranicznej",
        },
        "programme": {
            "en": "Small Project Fund of Interreg V A Mecklenburg-Vorpommern / Brandenburg / "
            "Poland in the Pomerania Euroregion",
            "de": "Fonds für kleine Projekte, Interreg V A Mecklenburg-Vorpommern / Brandenburg "
            "/ Polen in der Euroregion Pomerania",
            "pl": "Fundusz Małych Projektów, Interreg V A Meklemburgia-Pomorze Przednie / "
            "Brandenburgia / Polska w Euroregionie Pomerania",
        },
        "fund": {
            "en": "European Regional Development Fund (ERDF) and the state budget",
            "de": "Europäischer Fonds für regionale Entwicklung (EFRE) und Staatshaushalt",
            "pl": "Europejski Fundusz Rozwoju Regionalnego (EFRR) i budżet państwa",
        },
        "description": {
            "en": "When the pandemic stopped meetings at the border, the West Pomeranian ICT "
            "Cluster and WITENO organised online matchmaking, discussions and workshops "
            "so that organisations on both sides could get to know each other and plan "
            "joint work.",
            "de": "Als die Pandemie Begegnungen an der Grenze verhinderte, organisierten der "
            "Cluster ICT Westpommern und WITENO Online-Matchmaking, Diskussionen und "
            "Workshops, damit sich Organisationen beider Seiten kennenlernen und "
            "gemeinsame Vorhaben planen konnten.",
            "pl": "Gdy pandemia uniemożliwiła spotkania na pograniczu, Klaster ICT Pomorze "
            "Zachodnie i WITENO zorganizowały internetowe spotkania matchmakingowe, "
            "dyskusje i warsztaty, aby organizacje z obu stron granicy mogły się poznać "
            "i zaplanować wspólne działania.",
        },
        "partners": {
            "klaster-ict-pomorze-zachodnie": ParticipationRole.LEAD_PARTNER,
            "witeno": ParticipationRole.PARTNER,
        },
    },
}

# user name: (first name, last name, password, portal editor?, {organisation slug: role})
DEMO_USERS = {
    "portal-editor": ("Paula", "Portal", "demo-portal-editor", True, {}),
    "witeno-manager": (
        "Max",
        "Manager",
        "demo-witeno-manager",
        False,
        {"witeno": MembershipRole.MANAGER},
    ),
    "witeno-editor": (
        "Erika",
        "Editor",
        "demo-witeno-editor",
        False,
        {"witeno": MembershipRole.EDITOR},
    ),
    "ict-manager": (
        "Marta",
        "Menedżer",
        "demo-ict-manager",
        False,
        {"klaster-ict-pomorze-zachodnie": MembershipRole.MANAGER},
    ),
    "ict-editor": (
        "Edyta",
        "Redaktor",
        "demo-ict-editor",
        False,
        {"klaster-ict-pomorze-zachodnie": MembershipRole.EDITOR},
    ),
}


def _translated(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": value for language, value in values.items()}


def load(*, stdout, style) -> None:
    roles_setup()
    metropolises = {}
    for slug, (country, en, de, pl) in METROPOLISES.items():
        metropolises[slug] = upsert(
            Metropolis,
            {"country": country, **_translated("name", {"en": en, "de": de, "pl": pl})},
            slug=slug,
        )
    regions = {}
    for code, (country, names, descriptions, nearby) in REGIONS.items():
        region = upsert(
            Region,
            {
                "country": country,
                **_translated("name", names),
                **_translated("description", descriptions),
            },
            nuts_code=code,
        )
        region.metropolises.set([metropolises[slug] for slug in nearby])
        regions[code] = region
    organisations = {}
    for slug, data in ORGANISATIONS.items():
        organisation = upsert(
            Organisation,
            {
                "kind": data["kind"],
                "country": data["country"],
                "region": regions[data["region"]],
                "acronym": data.get("acronym", ""),
                "website": data.get("website", ""),
                "email": data.get("email", ""),
                "phone": data.get("phone", ""),
                "status": Status.PUBLISHED,
                **_translated("name", data["name"]),
                **_translated("city", data["city"]),
                **_translated("description", data["description"]),
            },
            slug=slug,
        )
        organisations[slug] = organisation
    for slug, data in PROJECTS.items():
        project = upsert(
            Project,
            {
                "acronym": data["acronym"],
                "start_date": data.get("start_date"),
                "end_date": data.get("end_date"),
                **_translated("title", data["title"]),
                **_translated("programme", data["programme"]),
                **_translated("fund", data.get("fund", {})),
                **_translated("description", data["description"]),
            },
            slug=slug,
        )
        for organisation_slug, role in data["partners"].items():
            upsert(
                Participation,
                {"role": role},
                project=project,
                organisation=organisations[organisation_slug],
            )
    stdout.write(
        f"Partners: {len(organisations)} organisations, {len(regions)} regions, "
        f"{len(PROJECTS)} projects."
    )
    _load_users(organisations=organisations, stdout=stdout, style=style)


def _load_users(*, organisations, stdout, style) -> None:
    User = get_user_model()
    portal_editors = Group.objects.get(name=Role.PORTAL_EDITOR)
    stdout.write(style.WARNING("Demo users (local use only):"))
    for username, (first, last, password, portal_editor, roles) in DEMO_USERS.items():
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if portal_editor:
            user.groups.add(portal_editors)
        for slug, role in roles.items():
            upsert(Membership, {"role": role}, user=user, organisation=organisations[slug])
        user_groups_sync(user=user)
        where = (
            "portal editor"
            if portal_editor
            else ", ".join(
                f"{role} of {organisations[slug].name_en}" for slug, role in roles.items()
            )
        )
        stdout.write(f"  {username} / {password}  ({where})")
