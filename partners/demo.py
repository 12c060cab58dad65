"""Demo content of the partners app: the partnerships of the source documents, in three
languages, with nothing the documents do not say.

Idempotent: every row is found by its natural key (slug, NUTS code, user name) and updated, so
running it twice changes nothing. Demo users get fixed passwords for local use only; the
load_demo command refuses to run with DEBUG off unless forced.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.translated import translated
from core.workflow import Status
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

# Every fact below comes from the project's source documents (partner page of Next2Met,
# pages of the Polish-German online series of 2021, WITENO's report on the BLUES exchange in
# Warsaw, the Mazovian report on the COHES3ION study visit in Essen). Where they give no value
# (a website, a city, a project title, a role in a project), the field stays empty and the
# pages leave it out. Regions are the NUTS regions of the places the documents name.

METROPOLISES = {
    # slug: (country, en, de, pl): the metropolises the documents name as such.
    "berlin": ("DE", "Berlin", "Berlin", "Berlin"),
    "hamburg": ("DE", "Hamburg", "Hamburg", "Hamburg"),
    "szczecin": ("PL", "Szczecin", "Stettin", "Szczecin"),
    "warsaw": ("PL", "Warsaw", "Warschau", "Warszawa"),
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
            "en": "A rural state on the Baltic Sea close to the metropolises Berlin, Hamburg and "
            "Szczecin, to which many of its skilled workers move.",
            "de": "Ländliches Land an der Ostsee nahe den Metropolen Berlin, Hamburg und "
            "Stettin, in die viele seiner Fachkräfte abwandern.",
            "pl": "Wiejski kraj związkowy nad Bałtykiem, blisko metropolii Berlina, Hamburga i "
            "Szczecina, do których przenosi się wielu jego wykwalifikowanych pracowników.",
        },
        ("berlin", "hamburg", "szczecin"),
    ),
    "PL42": (
        "PL",
        {"en": "West Pomerania", "de": "Westpommern", "pl": "Zachodniopomorskie"},
        {"en": "", "de": "", "pl": ""},
        ("szczecin",),
    ),
    "PL84": (
        "PL",
        {"en": "Podlaskie", "de": "Podlachien", "pl": "Podlaskie"},
        {
            "en": "A rural region; researchers from here have moved to Warsaw because they saw "
            "better professional chances in the capital.",
            "de": "Eine ländliche Region; Forschende von hier sind nach Warschau gezogen, weil "
            "sie in der Hauptstadt bessere berufliche Chancen sahen.",
            "pl": "Wiejski region; naukowcy przenieśli się stąd do Warszawy, bo w stolicy "
            "widzieli lepsze szanse zawodowe.",
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
            "en": "The region of Warsaw, Poland's fast-developing capital.",
            "de": "Die Region um Warschau, Polens sich rasant entwickelnde Hauptstadt.",
            "pl": "Region Warszawy, dynamicznie rozwijającej się stolicy Polski.",
        },
        ("warsaw",),
    ),
    "AT12": (
        "AT",
        {"en": "Lower Austria", "de": "Niederösterreich", "pl": "Dolna Austria"},
        {"en": "", "de": "", "pl": ""},
        (),
    ),
    "FI1C3": (
        "FI",
        {"en": "Päijät-Häme", "de": "Päijät-Häme", "pl": "Päijät-Häme"},
        {"en": "", "de": "", "pl": ""},
        (),
    ),
    "ES511": (
        "ES",
        {"en": "Barcelona (province)", "de": "Barcelona (Provinz)", "pl": "Barcelona (prowincja)"},
        {"en": "", "de": "", "pl": ""},
        (),
    ),
    # The Ruhr area lies in North Rhine-Westphalia (NUTS 1) and spreads over three of its
    # NUTS-2 regions: a case study of the whole area gets DEA; Essen lies in Düsseldorf (DEA1);
    # the Emscher-Lippe region (Bottrop, Gelsenkirchen, Recklinghausen) in Münster (DEA3).
    "DEA": (
        "DE",
        {
            "en": "North Rhine-Westphalia",
            "de": "Nordrhein-Westfalen",
            "pl": "Nadrenia Północna-Westfalia",
        },
        {"en": "", "de": "", "pl": ""},
        (),
    ),
    "DEA1": (
        "DE",
        {
            "en": "Düsseldorf region",
            "de": "Regierungsbezirk Düsseldorf",
            "pl": "Rejencja Düsseldorf",
        },
        {"en": "", "de": "", "pl": ""},
        (),
    ),
    "DEA3": (
        "DE",
        {"en": "Münster region", "de": "Regierungsbezirk Münster", "pl": "Rejencja Münster"},
        {"en": "", "de": "", "pl": ""},
        (),
    ),
}

# Where the map places each region's circle: the middle of the region (its geographic
# centre, rounded to a tenth of a degree, about 10 km), in degrees north and east.
REGION_POSITIONS = {
    "DE80": (53.8, 12.6),
    "PL42": (53.6, 15.6),
    "PL84": (53.3, 22.9),
    "PL9": (52.3, 21.1),
    "AT12": (48.2, 15.8),
    "FI1C3": (61.1, 25.7),
    "ES511": (41.7, 2.0),
    "DEA": (51.5, 7.6),
    "DEA1": (51.4, 6.7),
    "DEA3": (51.9, 7.4),
}

ORGANISATIONS = {
    # --- The seven partners of Next2Met, as the German partner page lists them ----------------
    "paijat-hame": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "FI",
        "region": "FI1C3",
        "name": {
            "en": "Regional Council of Päijät-Häme",
            "de": "Regionalrat von Päijät-Häme",
            "pl": "Rada Regionalna Päijät-Häme",
        },
        "description": {
            "en": "A Finnish regional council and one of the seven partners of Next2Met.",
            "de": "Ein finnischer Regionalrat und einer der sieben Partner von Next2Met.",
            "pl": "Fińska rada regionalna, jeden z siedmiu partnerów projektu Next2Met.",
        },
    },
    "ecoplus": {
        "kind": OrganisationKind.DEVELOPMENT_AGENCY,
        "country": "AT",
        "region": "AT12",
        "name": {
            "en": "ecoplus, the Business Agency of Lower Austria",
            "de": "ecoplus, Niederösterreichs Wirtschaftsagentur",
            "pl": "ecoplus, agencja gospodarcza Dolnej Austrii",
        },
        "description": {
            "en": "The business agency of Lower Austria is one of the seven partners of Next2Met.",
            "de": "Die Wirtschaftsagentur Niederösterreichs ist einer der sieben Partner von "
            "Next2Met.",
            "pl": "Agencja gospodarcza Dolnej Austrii jest jednym z siedmiu partnerów projektu "
            "Next2Met.",
        },
    },
    "witeno": {
        "kind": OrganisationKind.TECHNOLOGY_PARK,
        "country": "DE",
        "region": "DE80",
        "acronym": "WITENO",
        # The contact the Next2Met page gives.
        "email": "moeller@witeno.de",
        "phone": "+49 3834 550 106",
        "name": {"en": "WITENO GmbH", "de": "WITENO GmbH", "pl": "WITENO GmbH"},
        "city": {"en": "Greifswald", "de": "Greifswald", "pl": "Greifswald"},
        "description": {
            "en": "The science and technology park in Greifswald runs many initiatives for the "
            "social and economic development of its region and has a network of contacts to "
            "organisations and institutions on the German side of the Polish-German border "
            "region. As a partner of Next2Met it looks for ideas that make "
            "Mecklenburg-Vorpommern more attractive to skilled workers.",
            "de": "Der Wissenschafts- und Technologiepark in Greifswald führt zahlreiche "
            "Initiativen zur sozialen und wirtschaftlichen Entwicklung seiner Region durch und "
            "verfügt auf der deutschen Seite des deutsch-polnischen Grenzgebiets über ein Netz "
            "von Kontakten zu Organisationen und Institutionen. Als Partner von Next2Met sucht "
            "er nach Ideen, die Mecklenburg-Vorpommern für Fachkräfte attraktiver machen.",
            "pl": "Park naukowo-technologiczny w Greifswaldzie prowadzi wiele inicjatyw na rzecz "
            "społecznego i gospodarczego rozwoju swojego regionu i ma sieć kontaktów z "
            "organizacjami i instytucjami po niemieckiej stronie polsko-niemieckiego "
            "pogranicza. Jako partner projektu Next2Met szuka pomysłów, dzięki którym "
            "Meklemburgia-Pomorze Przednie stanie się atrakcyjniejsza dla specjalistów.",
        },
    },
    "diputacio-de-barcelona": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "ES",
        "region": "ES511",
        "name": {
            "en": "Barcelona Provincial Council",
            "de": "Provinzialrat der Stadt Barcelona",
            "pl": "Rada Prowincji Barcelona",
        },
        "city": {"en": "Barcelona", "de": "Barcelona", "pl": "Barcelona"},
        "description": {
            "en": "A Spanish partner of Next2Met.",
            "de": "Ein spanischer Partner von Next2Met.",
            "pl": "Hiszpański partner projektu Next2Met.",
        },
    },
    "cpmr": {
        "kind": OrganisationKind.NETWORK,
        "country": "FR",
        "acronym": "CPMR",
        "name": {
            "en": "Conference of Peripheral Maritime Regions",
            "de": "Konferenz der peripheren Küstenregionen",
            "pl": "Konferencja Peryferyjnych Regionów Morskich",
        },
        "description": {
            "en": "A conference of peripheral coastal regions, based in France, and one of the "
            "seven partners of Next2Met.",
            "de": "Eine Konferenz peripherer Küstenregionen mit Sitz in Frankreich und einer der "
            "sieben Partner von Next2Met.",
            "pl": "Konferencja peryferyjnych regionów nadmorskich z siedzibą we Francji, jeden z "
            "siedmiu partnerów projektu Next2Met.",
        },
    },
    # Named as on the German partner page ("Regionalversammlung der East Midlands (Irland)");
    # the documents give no other name, no place and no NUTS region for it.
    "east-midlands-regional-assembly": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "IE",
        "name": {
            "en": "Regional Assembly of the East Midlands",
            "de": "Regionalversammlung der East Midlands",
            "pl": "Zgromadzenie Regionalne East Midlands",
        },
        "description": {
            "en": "An Irish regional assembly and one of the seven partners of Next2Met.",
            "de": "Eine irische Regionalversammlung und einer der sieben Partner von Next2Met.",
            "pl": "Irlandzkie zgromadzenie regionalne, jeden z siedmiu partnerów projektu "
            "Next2Met.",
        },
    },
    "podlaskie": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "PL",
        "region": "PL84",
        "name": {
            "en": "Podlaskie Voivodeship",
            "de": "Woiwodschaft Podlachien",
            "pl": "Województwo Podlaskie",
        },
        "description": {
            "en": "The Polish voivodeship is one of the seven partners of Next2Met.",
            "de": "Die polnische Woiwodschaft ist einer der sieben Partner von Next2Met.",
            "pl": "Województwo jest jednym z siedmiu partnerów projektu Next2Met.",
        },
    },
    # --- Organisations of the other documents ------------------------------------------------
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
            "en": "The association has worked for the development of the IT sector since 2011; "
            "more than 80 technology companies from all over Western Pomerania belong to it. "
            "It organises networking meetings, helps its companies build partnerships with "
            "other IT companies through the cluster's order mechanism, and shares knowledge in "
            "cluster training together with educational institutions and business trainers.",
            "de": "Der Verein fördert seit 2011 die Entwicklung der IT-Branche; ihm gehören "
            "mehr als 80 Technologieunternehmen aus ganz Westpommern an. Er organisiert "
            "Networking-Treffen, hilft seinen Unternehmen über den Cluster-"
            "Beschaffungsmechanismus, Partnerschaften mit anderen IT-Firmen aufzubauen, und "
            "teilt Wissen in Cluster-Schulungen mit Bildungseinrichtungen und Business-Trainern.",
            "pl": "Stowarzyszenie działa na rzecz rozwoju branży IT od 2011 roku; należy do "
            "niego ponad 80 firm technologicznych z całego Pomorza Zachodniego. Organizuje "
            "spotkania networkingowe, pomaga firmom budować partnerstwa z innymi firmami IT "
            "dzięki klastrowemu mechanizmowi zamówień i dzieli się wiedzą na szkoleniach "
            "klastrowych prowadzonych z placówkami edukacyjnymi i trenerami biznesu.",
        },
    },
    "mazovian-it-cluster": {
        "kind": OrganisationKind.IT_CLUSTER,
        "country": "PL",
        "region": "PL9",
        "name": {
            "en": "Mazovian IT Cluster",
            "de": "IT-Cluster Masowien",
            "pl": "Mazowiecki Klaster IT",
        },
        "description": {
            "en": "An association that connects players of digitalisation in the Mazovia "
            "region, such as IT companies, research institutions and associations. Within the "
            "BLUES project it invited guests from other regions to an exchange in Warsaw.",
            "de": "Ein Verein, der Akteure der Digitalisierung in der Region Masowien verbindet, "
            "etwa IT-Unternehmen, Forschungseinrichtungen und Verbände. Im Projekt BLUES lud er "
            "Gäste aus anderen Regionen zu einem Austausch nach Warschau ein.",
            "pl": "Stowarzyszenie łączące uczestników cyfryzacji na Mazowszu, takich jak firmy "
            "IT, instytucje badawcze i stowarzyszenia. W ramach projektu BLUES zaprosiło gości "
            "z innych regionów na wymianę w Warszawie.",
        },
    },
    "accelpoint": {
        "kind": OrganisationKind.BUSINESS_SUPPORT,
        "country": "PL",
        # Met as "the regional incubator" during the exchange with the players of Mazovia.
        "region": "PL9",
        "name": {"en": "Accelpoint", "de": "Accelpoint", "pl": "Accelpoint"},
        "description": {
            "en": "A regional incubator that connects important players in the digital field, "
            "so that companies quickly find the right organisations to put their ideas into "
            "practice.",
            "de": "Ein regionaler Inkubator, der wichtige Akteure im digitalen Bereich "
            "miteinander verbindet, damit Unternehmen schnell die richtigen Organisationen "
            "finden, um ihre Ideen umzusetzen.",
            "pl": "Regionalny inkubator, który łączy ważnych uczestników rynku cyfrowego, aby "
            "firmy szybko znajdowały właściwe organizacje do realizacji swoich pomysłów.",
        },
    },
    "mazowieckie": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "PL",
        "region": "PL9",
        "name": {
            "en": "Marshal's Office of the Mazovian Voivodeship",
            "de": "Marschallamt der Woiwodschaft Masowien",
            "pl": "Urząd Marszałkowski Województwa Mazowieckiego",
        },
        "description": {
            "en": "A delegation of the office took part in the second study visit of the "
            "COHES3ION project, in Essen in January 2020.",
            "de": "Eine Delegation des Amtes nahm im Januar 2020 am zweiten Studienbesuch des "
            "Projekts COHES3ION in Essen teil.",
            "pl": "Delegacja urzędu uczestniczyła w styczniu 2020 roku w drugiej wizycie "
            "studyjnej projektu COHES3ION w Essen.",
        },
    },
    # The actors of the four case studies from the Ruhr area that the COHES3ION partners
    # studied in Essen. Their kinds are the closest of the portal's kinds to what the report
    # says of them.
    "metropole-ruhr": {
        "kind": OrganisationKind.REGIONAL_AUTHORITY,
        "country": "DE",
        "region": "DEA",
        "name": {"en": "Ruhr Metropolis", "de": "Metropole Ruhr", "pl": "Metropolia Ruhry"},
        "description": {
            "en": "The metropolis of the Ruhr area in Germany. Searching for its lead markets, "
            "it designated eight of them.",
            "de": "Die Metropole des Ruhrgebiets. Bei der Suche nach ihren Leitmärkten hat sie "
            "acht davon bestimmt.",
            "pl": "Metropolia Zagłębia Ruhry w Niemczech. W wyniku poszukiwania swoich rynków "
            "wiodących wyznaczyła osiem takich rynków.",
        },
    },
    "win-emscher-lippe": {
        "kind": OrganisationKind.DEVELOPMENT_AGENCY,
        "country": "DE",
        "region": "DEA3",
        "name": {"en": "WiN Emscher-Lippe", "de": "WiN Emscher-Lippe", "pl": "WiN Emscher-Lippe"},
        "description": {
            "en": "WiN has a part in organising regional change among the many actors of the "
            "Emscher-Lippe region in the Ruhr area.",
            "de": "WiN wirkt daran mit, den regionalen Wandel unter den vielen Akteuren der "
            "Emscher-Lippe-Region im Ruhrgebiet zu organisieren.",
            "pl": "WiN współuczestniczy w organizowaniu zmian regionalnych wśród wielu podmiotów "
            "regionu Emscher-Lippe w Zagłębiu Ruhry.",
        },
    },
    "horst-goertz-institute": {
        "kind": OrganisationKind.UNIVERSITY,
        "country": "DE",
        "region": "DEA",
        "name": {
            "en": "Horst Görtz Institute for IT Security",
            "de": "Horst-Görtz-Institut für IT-Sicherheit",
            "pl": "Instytut Bezpieczeństwa IT im. Horsta Görtza",
        },
        "description": {
            "en": "One of the largest and most respected university institutes for IT security "
            "in Europe. 200 researchers and the Cube5 incubator are gathered around it.",
            "de": "Eines der größten und angesehensten universitären Institute für "
            "IT-Sicherheit in Europa. Um das Institut versammeln sich 200 Forschende und der "
            "Inkubator Cube5.",
            "pl": "Jeden z największych i najbardziej szanowanych uniwersyteckich instytutów "
            "bezpieczeństwa IT w Europie. Wokół niego skupionych jest 200 pracowników naukowych "
            "oraz inkubator Cube5.",
        },
    },
}

# No role is given where the documents do not name one (the partner page lists the seven
# organisations of Next2Met as partners, without a lead partner).
PROJECTS = {
    "next2met": {
        "acronym": "Next2Met",
        "start_date": datetime.date(2019, 8, 1),
        "end_date": datetime.date(2023, 7, 31),
        "programme": {"en": "Interreg Europe", "de": "Interreg Europe", "pl": "Interreg Europa"},
        "fund": {
            "en": "European Regional Development Fund (ERDF)",
            "de": "Europäischer Fonds für regionale Entwicklung (EFRE)",
            "pl": "Europejski Fundusz Rozwoju Regionalnego (EFRR)",
        },
        "description": {
            "en": "Mecklenburg-Vorpommern lies close to metropolises such as Berlin, Hamburg and "
            "Szczecin, and skilled workers move away to them. How can a region next to a "
            "metropolis win people, knowledge and capital and keep them? In Next2Met such "
            "regions across Europe share their best regional digitalisation measures – not "
            "“hard” technical ones but “soft” ones: services that go beyond the technical "
            "connection, make digital offers easier to use and strengthen the digital players "
            "of the regions. Partners can adapt the innovative measures of the others to their "
            "own region.",
            "de": "Mecklenburg-Vorpommern liegt nah an Metropolen wie Berlin, Hamburg und "
            "Stettin, in die Fachkräfte abwandern. Wie gewinnt eine metropolnahe Region "
            "Menschen, Wissen und Kapital und hält sie? In Next2Met tauschen solche Regionen in "
            "ganz Europa ihre besten regionalen Digitalisierungsmaßnahmen aus – nicht "
            "„harte“ technische, sondern „weiche“: Angebote, die über den technischen Anschluss "
            "hinausgehen, digitale Dienste besser nutzbar machen und die digitalen Akteure der "
            "Regionen stärken. Innovative Maßnahmen der anderen können die Partner für die "
            "eigene Region anpassen.",
            "pl": "Meklemburgia-Pomorze Przednie leży blisko metropolii takich jak Berlin, "
            "Hamburg i Szczecin, do których odpływają specjaliści. Jak region sąsiadujący z "
            "metropolią może przyciągnąć i zatrzymać ludzi, wiedzę i kapitał? W projekcie "
            "Next2Met takie regiony z całej Europy dzielą się najlepszymi regionalnymi "
            "działaniami cyfryzacyjnymi – nie „twardymi”, technicznymi, lecz „miękkimi”: "
            "usługami, które wykraczają poza samo przyłącze, ułatwiają korzystanie z ofert "
            "cyfrowych i wzmacniają cyfrowych uczestników rynku w regionach. Partnerzy mogą "
            "dostosować innowacyjne działania pozostałych do własnego regionu.",
        },
        "partners": {
            "paijat-hame": ParticipationRole.PARTNER,
            "ecoplus": ParticipationRole.PARTNER,
            "witeno": ParticipationRole.PARTNER,
            "diputacio-de-barcelona": ParticipationRole.PARTNER,
            "cpmr": ParticipationRole.PARTNER,
            "east-midlands-regional-assembly": ParticipationRole.PARTNER,
            "podlaskie": ParticipationRole.PARTNER,
        },
    },
    "blues": {
        "acronym": "BLUES",
        "programme": {
            "en": "European COSME programme",
            "de": "Europäisches Programm COSME",
            "pl": "Europejski program COSME",
        },
        "description": {
            "en": "Within BLUES, the Mazovian IT Cluster invited the Next2Met project manager of "
            "WITENO to an exchange in Warsaw with research institutions and IT companies of the "
            "region.",
            "de": "Im Projekt BLUES lud der IT-Cluster Masowien die Next2Met-Projektleitung von "
            "WITENO zu einem Austausch mit Forschungseinrichtungen und IT-Unternehmen der Region "
            "nach Warschau ein.",
            "pl": "W ramach projektu BLUES Mazowiecki Klaster IT zaprosił osobę kierującą "
            "projektem Next2Met w WITENO na wymianę w Warszawie z instytucjami badawczymi i "
            "firmami IT regionu.",
        },
        # The report does not say in what role the cluster takes part in BLUES.
        "partners": {"mazovian-it-cluster": ""},
    },
    "cohes3ion": {
        "acronym": "COHES3ION",
        "programme": {"en": "Interreg Europe", "de": "Interreg Europe", "pl": "Interreg Europa"},
        "description": {
            "en": "COHES3ION examines how different European regions govern their regional "
            "smart specialisation strategies (S3) and how to bring the territorial dimension "
            "into them. The partners hold study visits and work on a smart territorial map of "
            "each partner region, meant to show the links and synergies between the levels at "
            "which the regional innovation strategy is governed.",
            "de": "COHES3ION untersucht, wie verschiedene europäische Regionen ihre regionalen "
            "Strategien der intelligenten Spezialisierung (S3) steuern und wie sich die "
            "räumliche Dimension in sie einbeziehen lässt. Die Partner unternehmen "
            "Studienbesuche und arbeiten an einer intelligenten räumlichen Karte jeder "
            "Partnerregion, die Verbindungen und Synergien zwischen den Ebenen zeigen soll, auf "
            "denen die regionale Innovationsstrategie gesteuert wird.",
            "pl": "COHES3ION bada, jak różne regiony europejskie zarządzają regionalnymi "
            "strategiami inteligentnej specjalizacji (S3) i jak włączyć do nich wymiar "
            "terytorialny. Partnerzy odbywają wizyty studyjne i pracują nad inteligentną mapą "
            "terytorialną każdego regionu partnerskiego, która ma pokazać powiązania i synergie "
            "między poziomami zarządzania regionalną strategią innowacji.",
        },
        # The Mazovian delegation took part in the study visit with the project's partners,
        # and the territorial map is drawn for each partner region.
        "partners": {"mazowieckie": ParticipationRole.PARTNER},
    },
    "pl-de-cross-border-cooperation": {
        # A short label: the project has no acronym of its own.
        "acronym": "PL–DE cooperation",
        # The published titles of the English and German pages.
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
            "en": "The pandemic limited social and cultural cooperation at the border and made "
            "contacts between organisations much harder. In the first half of 2021 the West "
            "Pomeranian ICT Cluster therefore organised a series of online meetings and "
            "workshops for organisations working in Mecklenburg-Vorpommern, Brandenburg and "
            "Poland, so that they could get to know each other and prepare future cross-border "
            "cooperation. Its project partner on the German side was WITENO GmbH.",
            "de": "Die Pandemie hat die soziale und kulturelle Zusammenarbeit im Grenzgebiet "
            "eingeschränkt und die Kontakte zwischen Organisationen stark erschwert. Im ersten "
            "Halbjahr 2021 organisierte der Cluster ICT Westpommern deshalb eine Reihe von "
            "Online-Treffen und -Workshops für Organisationen aus Mecklenburg-Vorpommern, "
            "Brandenburg und Polen, damit sie sich kennenlernen und künftige "
            "grenzüberschreitende Zusammenarbeit vorbereiten konnten. Projektpartner auf der "
            "deutschen Seite war die WITENO GmbH.",
            "pl": "Pandemia ograniczyła współpracę społeczną i kulturalną na pograniczu i mocno "
            "utrudniła kontakty między organizacjami. Dlatego w pierwszym półroczu 2021 roku "
            "Klaster ICT Pomorze Zachodnie zorganizował cykl spotkań i warsztatów online dla "
            "organizacji działających w Meklemburgii-Pomorzu Przednim, Brandenburgii i Polsce, "
            "aby mogły się poznać i przygotować przyszłą współpracę transgraniczną. Partnerem "
            "projektu po stronie niemieckiej była spółka WITENO GmbH.",
        },
        # The cluster runs the project; the pages name WITENO as its project partner.
        "partners": {
            "klaster-ict-pomorze-zachodnie": "",
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


EMPTY = {"en": "", "de": "", "pl": ""}


def load(*, stdout, style) -> None:
    roles_setup()
    metropolises = {}
    for slug, (country, en, de, pl) in METROPOLISES.items():
        metropolises[slug] = upsert(
            Metropolis,
            {"country": country, **translated("name", {"en": en, "de": de, "pl": pl})},
            slug=slug,
        )
    regions = {}
    for code, (country, names, descriptions, nearby) in REGIONS.items():
        latitude, longitude = REGION_POSITIONS.get(code, (None, None))
        region = upsert(
            Region,
            {
                "country": country,
                "latitude": latitude,
                "longitude": longitude,
                **translated("name", names),
                **translated("description", descriptions),
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
                "region": regions.get(data.get("region")),
                "acronym": data.get("acronym", ""),
                "website": data.get("website", ""),
                "email": data.get("email", ""),
                "phone": data.get("phone", ""),
                "status": Status.PUBLISHED,
                **translated("name", data["name"]),
                **translated("city", data.get("city", EMPTY)),
                **translated("description", data["description"]),
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
                **translated("title", data.get("title", EMPTY)),
                **translated("programme", data["programme"]),
                **translated("fund", data.get("fund", EMPTY)),
                **translated("description", data["description"]),
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
