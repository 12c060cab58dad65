# ruff: noqa: E501 (prose: one sentence per line reads and diffs better than wrapped strings)
"""The demo measures: the measures the project's source documents describe, in the portal's own
words, in English, German and Polish. Loaded by measures.demo.

- the four case studies from the Ruhr area that the partners of COHES3ION studied in Essen on
  15–16 January 2020 (report of the Mazovian Marshal's Office);
- the activities of the West Pomeranian ICT Cluster and its online series of 2021 (the cluster's
  pages of that series);
- the Mazovian IT Cluster and the incubator Accelpoint, which WITENO's Next2Met project manager
  met at the BLUES exchange in Warsaw (WITENO's report).

Only what the documents say is filled in: no start year, funding, city or text section that
they do not give (the pages leave empty fields out). Each entry names its organisation, region
and project by the slugs and NUTS codes of the partners app's demo content. Title and summary
are plain text; the other texts are short HTML that measures.services cleans before saving.
"""

_RUHR_CASE = {"country": "DE", "project": "cohes3ion"}

MEASURES = [
    # --- Case studies from the Ruhr area (COHES3ION study visit in Essen) ---------------------
    {
        "slug": "ruhr-lead-markets",
        **_RUHR_CASE,
        "organisation": "metropole-ruhr",
        "region": "DEA",
        "kind": "strategy",
        "themes": ["participation-strategy"],
        "en": {
            "title": "Ruhr region’s experience with the Lead Market approach",
            "summary": "The Ruhr Metropolis searched for its lead markets and, as a result, designated eight of them.",
            "description": "<p>The case study explained the methods used to search for the lead markets of the Ruhr Metropolis; they led the metropolis to designate eight lead markets.</p><p>It was one of four case studies from the Ruhr area that the partners of the COHES3ION project studied in Essen on 15–16 January 2020.</p>",
        },
        "de": {
            "title": "Erfahrungen des Ruhrgebiets mit dem Leitmarkt-Ansatz",
            "summary": "Die Metropole Ruhr hat nach ihren Leitmärkten gesucht und daraufhin acht davon bestimmt.",
            "description": "<p>Die Fallstudie erläuterte die Methoden, mit denen die Leitmärkte der Metropole Ruhr gesucht wurden; an ihrem Ende bestimmte die Metropole acht Leitmärkte.</p><p>Sie war eine von vier Fallstudien aus dem Ruhrgebiet, die die Partner des Projekts COHES3ION am 15. und 16. Januar 2020 in Essen kennenlernten.</p>",
        },
        "pl": {
            "title": "Doświadczenia Zagłębia Ruhry z podejściem rynków wiodących",
            "summary": "Metropolia Ruhry szukała swoich rynków wiodących i w rezultacie wyznaczyła osiem takich rynków.",
            "description": "<p>Studium przypadku przedstawiło metody poszukiwania rynków wiodących dla Metropolii Ruhry, w wyniku których metropolia wyznaczyła osiem takich rynków.</p><p>Było to jedno z czterech studiów przypadków z Zagłębia Ruhry, z którymi partnerzy projektu COHES3ION zapoznali się w Essen 15–16 stycznia 2020 roku.</p>",
        },
    },
    {
        "slug": "emscher-lippe-municipal-digital-initiative",
        **_RUHR_CASE,
        "organisation": "win-emscher-lippe",
        "region": "DEA3",
        "city": "Emscher-Lippe",
        "kind": "network",
        "themes": ["participation-strategy", "clusters-networks"],
        "targets": ["public-authorities"],
        "en": {
            "title": "Organizing regional change in a multi-actor environment – the role of WiN in the Emscher-Lippe region",
            "summary": "The municipalities of the Emscher-Lippe region started a bottom-up initiative: they work together strategically to put digital solutions into practice and to move towards a circular economy.",
            "description": "<p>The case study looked at how regional change is organised when many actors are involved, and at the part WiN plays in it in the Emscher-Lippe region: a bottom-up initiative of the region's municipalities, strategic cooperation on digital solutions, and the pursuit of a circular economy.</p><p>It was one of four case studies from the Ruhr area that the partners of the COHES3ION project studied in Essen on 15–16 January 2020.</p>",
        },
        "de": {
            "title": "Regionalen Wandel unter vielen Akteuren organisieren – die Rolle von WiN in der Emscher-Lippe-Region",
            "summary": "Die Kommunen der Emscher-Lippe-Region haben eine Initiative von unten gestartet: Sie arbeiten strategisch zusammen, um digitale Lösungen umzusetzen und sich auf den Weg zu einer Kreislaufwirtschaft zu machen.",
            "description": "<p>Die Fallstudie zeigte, wie regionaler Wandel organisiert wird, wenn viele Akteure beteiligt sind, und welche Rolle WiN dabei in der Emscher-Lippe-Region spielt: eine Initiative der Kommunen der Region von unten, strategische Zusammenarbeit bei digitalen Lösungen und das Ziel einer Kreislaufwirtschaft.</p><p>Sie war eine von vier Fallstudien aus dem Ruhrgebiet, die die Partner des Projekts COHES3ION am 15. und 16. Januar 2020 in Essen kennenlernten.</p>",
        },
        "pl": {
            "title": "Organizowanie zmian regionalnych w środowisku wielu podmiotów – rola WiN w regionie Emscher-Lippe",
            "summary": "Gminy regionu Emscher-Lippe podjęły oddolną inicjatywę: współpracują strategicznie, aby wdrażać rozwiązania cyfrowe i zmierzać ku gospodarce o obiegu zamkniętym.",
            "description": "<p>Studium przypadku pokazało, jak organizuje się zmiany regionalne przy udziale wielu podmiotów i jaką rolę odgrywa w tym WiN w regionie Emscher-Lippe: oddolna inicjatywa gmin regionu, strategiczna współpraca przy rozwiązaniach cyfrowych i dążenie do gospodarki o obiegu zamkniętym.</p><p>Było to jedno z czterech studiów przypadków z Zagłębia Ruhry, z którymi partnerzy projektu COHES3ION zapoznali się w Essen 15–16 stycznia 2020 roku.</p>",
        },
    },
    {
        "slug": "cyber-security-cluster-ruhr",
        **_RUHR_CASE,
        "organisation": "horst-goertz-institute",
        "region": "DEA",
        "kind": "network",
        "themes": ["cyber-security", "clusters-networks"],
        "targets": ["research", "start-ups"],
        "others": "Cube5",
        "en": {
            "title": "German Cyber Security Cluster Ruhr",
            "summary": "A cluster working on cyber security, together with the Horst Görtz Institute for IT Security – one of the largest and most respected university institutes for IT security in Europe, around which 200 researchers and the Cube5 incubator are gathered.",
            "description": "<p>The case study showed how the cluster dealing with cyber security works, and presented the Horst Görtz Institute for IT Security with the 200 researchers and the Cube5 incubator gathered around it.</p><p>It was one of four case studies from the Ruhr area that the partners of the COHES3ION project studied in Essen on 15–16 January 2020.</p>",
        },
        "de": {
            "title": "German Cyber Security Cluster Ruhr",
            "summary": "Ein Cluster für Cybersicherheit, zusammen mit dem Horst-Görtz-Institut für IT-Sicherheit – einem der größten und angesehensten universitären Institute für IT-Sicherheit in Europa, um das sich 200 Forschende und der Inkubator Cube5 versammeln.",
            "description": "<p>Die Fallstudie zeigte, wie der Cluster für Cybersicherheit arbeitet, und stellte das Horst-Görtz-Institut für IT-Sicherheit mit den 200 Forschenden und dem Inkubator Cube5 in seinem Umfeld vor.</p><p>Sie war eine von vier Fallstudien aus dem Ruhrgebiet, die die Partner des Projekts COHES3ION am 15. und 16. Januar 2020 in Essen kennenlernten.</p>",
        },
        "pl": {
            "title": "German Cyber Security Cluster Ruhr",
            "summary": "Klaster zajmujący się cyberbezpieczeństwem wraz z Instytutem Bezpieczeństwa IT im. Horsta Görtza – jednym z największych i najbardziej szanowanych uniwersyteckich instytutów bezpieczeństwa IT w Europie, wokół którego skupionych jest 200 pracowników naukowych oraz inkubator Cube5.",
            "description": "<p>Studium przypadku pokazało, jak działa klaster zajmujący się cyberbezpieczeństwem, oraz przedstawiło Instytut Bezpieczeństwa IT im. Horsta Görtza wraz z 200 pracownikami naukowymi i inkubatorem Cube5, którzy skupiają się wokół niego.</p><p>Było to jedno z czterech studiów przypadków z Zagłębia Ruhry, z którymi partnerzy projektu COHES3ION zapoznali się w Essen 15–16 stycznia 2020 roku.</p>",
        },
    },
    {
        "slug": "essen-healthcare-cooperation",
        **_RUHR_CASE,
        "organisation": "metropole-ruhr",
        "region": "DEA1",
        "city": "Essen",
        "kind": "network",
        "themes": ["e-health-care", "cross-border-cooperation"],
        "en": {
            "title": "Healthcare industry in the city of Essen – international cooperation potential",
            "summary": "The case study described the medical services industry of the Ruhr Metropolis and how one of the largest medical centres in Germany works, with a view to international cooperation.",
            "description": "<p>The case study described the medical services industry in the Ruhr Metropolis and, at the same time, the way one of the largest medical centres in Germany operates, and looked at the potential for international cooperation of the healthcare industry in Essen.</p><p>It was one of four case studies from the Ruhr area that the partners of the COHES3ION project studied in Essen on 15–16 January 2020.</p>",
        },
        "de": {
            "title": "Gesundheitswirtschaft in der Stadt Essen – Potenzial für internationale Zusammenarbeit",
            "summary": "Die Fallstudie beschrieb die medizinische Dienstleistungsbranche der Metropole Ruhr und die Arbeitsweise eines der größten medizinischen Zentren Deutschlands, mit Blick auf internationale Zusammenarbeit.",
            "description": "<p>Die Fallstudie beschrieb die Branche der medizinischen Dienstleistungen in der Metropole Ruhr und zugleich, wie eines der größten medizinischen Zentren Deutschlands arbeitet, und fragte nach dem Potenzial der Essener Gesundheitswirtschaft für internationale Zusammenarbeit.</p><p>Sie war eine von vier Fallstudien aus dem Ruhrgebiet, die die Partner des Projekts COHES3ION am 15. und 16. Januar 2020 in Essen kennenlernten.</p>",
        },
        "pl": {
            "title": "Branża opieki zdrowotnej w Essen – potencjał współpracy międzynarodowej",
            "summary": "Studium przypadku opisało branżę usług medycznych w Metropolii Ruhry i sposób działania jednego z największych centrów medycznych w Niemczech, z myślą o współpracy międzynarodowej.",
            "description": "<p>Studium przypadku opisało branżę usług medycznych w Metropolii Ruhry, a jednocześnie system działania jednego z największych centrów medycznych w Niemczech, i przyjrzało się potencjałowi współpracy międzynarodowej branży opieki zdrowotnej w Essen.</p><p>Było to jedno z czterech studiów przypadków z Zagłębia Ruhry, z którymi partnerzy projektu COHES3ION zapoznali się w Essen 15–16 stycznia 2020 roku.</p>",
        },
    },
    # --- West Pomeranian ICT Cluster ----------------------------------------------------------
    {
        "slug": "west-pomeranian-ict-procurement-channel",
        "organisation": "klaster-ict-pomorze-zachodnie",
        "country": "PL",
        "region": "PL42",
        "city": "Szczecin",
        "kind": "network",
        "themes": ["clusters-networks"],
        "targets": ["it-companies"],
        "en": {
            "title": "Cluster order mechanism",
            "summary": "Through the cluster's order mechanism, member companies of the West Pomeranian ICT Cluster report which IT competences they need for their new projects.",
            "description": "<p>The mechanism is a channel through which the cluster's companies announce the IT competences they need to develop new projects. The cluster uses it to help its companies build partnerships and develop cooperation with other companies of the IT sector.</p>",
        },
        "de": {
            "title": "Cluster-Beschaffungsmechanismus",
            "summary": "Über den Beschaffungsmechanismus des Clusters melden die Mitgliedsunternehmen des Clusters ICT Westpommern, welche IT-Kompetenzen sie für ihre neuen Projekte brauchen.",
            "description": "<p>Der Mechanismus ist ein Kanal, über den die Unternehmen des Clusters den Bedarf an IT-Kompetenzen melden, die sie für die Entwicklung neuer Projekte brauchen. Der Cluster hilft ihnen damit, Partnerschaften aufzubauen und die Zusammenarbeit mit anderen Unternehmen der IT-Branche zu entwickeln.</p>",
        },
        "pl": {
            "title": "Klastrowy mechanizm zamówień",
            "summary": "Dzięki klastrowemu mechanizmowi zamówień firmy członkowskie Klastra ICT Pomorze Zachodnie zgłaszają, jakich kompetencji IT potrzebują do nowych projektów.",
            "description": "<p>Mechanizm to kanał, którym firmy klastra zgłaszają zapotrzebowanie na kompetencje IT potrzebne do rozwijania nowych projektów. Klaster pomaga w ten sposób firmom budować partnerstwa i rozwijać współpracę z innymi firmami z branży IT.</p>",
        },
    },
    {
        "slug": "online-cluster-coffee",
        "organisation": "klaster-ict-pomorze-zachodnie",
        "country": "PL",
        "region": "PL42",
        "city": "Szczecin",
        "kind": "network",
        "themes": ["clusters-networks"],
        "targets": ["it-companies"],
        "en": {
            "title": "Online cluster coffee",
            "summary": "The West Pomeranian ICT Cluster's networking meetings used to be monthly cluster breakfasts on site; now they take place online as a cluster coffee every two weeks.",
            "description": "<p>Networking meetings are one of the ways in which the cluster supports its member companies: they bring IT companies together with representatives of the social and economic environment of West Pomerania. Formerly held offline as monthly cluster breakfasts, they now run online every two weeks.</p>",
        },
        "de": {
            "title": "Cluster-Kaffee online",
            "summary": "Die Networking-Treffen des Clusters ICT Westpommern waren früher monatliche Cluster-Frühstücke vor Ort; heute finden sie alle zwei Wochen online als Cluster-Kaffee statt.",
            "description": "<p>Networking-Treffen sind einer der Wege, auf denen der Cluster seine Mitgliedsunternehmen unterstützt: Sie bringen IT-Unternehmen mit Vertretern des sozialen und wirtschaftlichen Umfelds aus Westpommern zusammen. Früher offline als monatliche Cluster-Frühstücke, finden sie heute alle zwei Wochen online statt.</p>",
        },
        "pl": {
            "title": "Klastrowa kawa online",
            "summary": "Spotkania networkingowe Klastra ICT Pomorze Zachodnie były kiedyś comiesięcznymi śniadaniami klastrowymi na miejscu; dziś odbywają się online co dwa tygodnie jako klastrowa kawa.",
            "description": "<p>Spotkania networkingowe to jeden ze sposobów, w jaki klaster wspiera swoje firmy: łączą firmy IT z przedstawicielami otoczenia społeczno-gospodarczego Pomorza Zachodniego. Dawniej odbywały się stacjonarnie jako comiesięczne śniadania klastrowe, dziś co dwa tygodnie online.</p>",
        },
    },
    {
        "slug": "west-pomeranian-cluster-training",
        "organisation": "klaster-ict-pomorze-zachodnie",
        "country": "PL",
        "region": "PL42",
        "city": "Szczecin",
        "kind": "training",
        "themes": ["skills-talent", "clusters-networks"],
        "targets": ["it-companies"],
        "en": {
            "title": "Cluster training",
            "summary": "The West Pomeranian ICT Cluster shares knowledge within the cluster and with external organisations in cluster training that draws on the know-how of its companies.",
            "description": "<p>For its training the cluster uses the knowledge of its member companies and cooperates with educational institutions and business trainers.</p>",
        },
        "de": {
            "title": "Cluster-Schulungen",
            "summary": "Der Cluster ICT Westpommern teilt sein Wissen im Cluster und mit externen Organisationen in Cluster-Schulungen, die auf dem Know-how seiner Unternehmen beruhen.",
            "description": "<p>Für seine Schulungen nutzt der Cluster das Wissen seiner Mitgliedsunternehmen und arbeitet mit Bildungseinrichtungen und Business-Trainern zusammen.</p>",
        },
        "pl": {
            "title": "Szkolenia klastrowe",
            "summary": "Klaster ICT Pomorze Zachodnie dzieli się wiedzą w klastrze i z organizacjami zewnętrznymi na szkoleniach klastrowych opartych na know-how swoich firm.",
            "description": "<p>W szkoleniach klaster korzysta z wiedzy firm członkowskich i współpracuje z placówkami edukacyjnymi oraz trenerami biznesu.</p>",
        },
    },
    {
        "slug": "polish-german-online-matchmaking",
        "organisation": "klaster-ict-pomorze-zachodnie",
        "partners": ["witeno"],
        "country": "PL",
        "region": "PL42",
        "project": "pl-de-cross-border-cooperation",
        "kind": "network",
        "themes": ["cross-border-cooperation", "clusters-networks"],
        "targets": ["it-companies", "business-support"],
        "start": 2021,
        "end": 2021,
        "funding": "Small Project Fund of Interreg V A Mecklenburg-Vorpommern / Brandenburg / Poland in the Pomerania Euroregion (ERDF and state budget)",
        "en": {
            "title": "Online meetings for Polish-German cross-border cooperation",
            "summary": "In the first half of 2021 the West Pomeranian ICT Cluster held free online meetings and workshops so that organisations from Mecklenburg-Vorpommern, Brandenburg and Poland could get to know each other while the pandemic made direct contacts difficult.",
            "description": "<p>The series – a matchmaking meeting, a discussion and two workshops between March and May 2021 – was meant for organisations that support the development of modern technologies: IT companies, business-support institutions and institutions that bring employers together. It let them find out about each other's fields of work, exchange experience of their missions and of cooperating with their surroundings, gain the skills needed for effective cross-border cooperation and work out together how to continue.</p><p>The events ran on Zoom, registration was separate for each, and the link to the meeting was e-mailed a few days before. WITENO GmbH was the project partner on the German side.</p>",
            "challenge": "<p>The pandemic limited social and cultural cooperation at the border and made contacts between organisations much harder.</p>",
        },
        "de": {
            "title": "Online-Treffen für die deutsch-polnische grenzüberschreitende Zusammenarbeit",
            "summary": "Im ersten Halbjahr 2021 veranstaltete der Cluster ICT Westpommern kostenlose Online-Treffen und -Workshops, damit sich Organisationen aus Mecklenburg-Vorpommern, Brandenburg und Polen kennenlernen konnten, während die Pandemie direkte Kontakte erschwerte.",
            "description": "<p>Die Reihe – ein Matchmaking, eine Diskussion und zwei Workshops zwischen März und Mai 2021 – richtete sich an Organisationen, die die Entwicklung moderner Technologien unterstützen: IT-Unternehmen, Institutionen des wirtschaftlichen Umfelds und Institutionen, die Arbeitgeber verbinden. Sie lernten dabei die Tätigkeitsbereiche der anderen kennen, tauschten Erfahrungen mit ihrer Mission und der Zusammenarbeit mit ihrem Umfeld aus, erwarben Kompetenzen für eine wirksame grenzüberschreitende Zusammenarbeit und entwickelten gemeinsam ein Konzept für die weitere Zusammenarbeit.</p><p>Die Veranstaltungen fanden über Zoom statt, die Anmeldung erfolgte für jede einzeln, und der Link zum Treffen kam einige Tage vorher per E-Mail. Projektpartner auf der deutschen Seite war die WITENO GmbH.</p>",
            "challenge": "<p>Die Pandemie hat die soziale und kulturelle Zusammenarbeit im Grenzgebiet eingeschränkt und die Kontakte zwischen Organisationen stark erschwert.</p>",
        },
        "pl": {
            "title": "Spotkania online dla polsko-niemieckiej współpracy transgranicznej",
            "summary": "W pierwszym półroczu 2021 roku Klaster ICT Pomorze Zachodnie prowadził bezpłatne spotkania i warsztaty online, aby organizacje z Meklemburgii-Pomorza Przedniego, Brandenburgii i Polski mogły się poznać, gdy pandemia utrudniała bezpośrednie kontakty.",
            "description": "<p>Cykl – spotkanie matchmakingowe, dyskusja i dwa warsztaty między marcem a majem 2021 roku – był skierowany do organizacji wspierających rozwój nowoczesnych technologii: firm IT, instytucji otoczenia biznesu i instytucji zrzeszających pracodawców. Uczestnicy poznawali obszary działania pozostałych, wymieniali doświadczenia z realizacji swojej misji i współpracy z otoczeniem, zdobywali kompetencje potrzebne do skutecznej współpracy transgranicznej i wspólnie wypracowywali jej dalszą koncepcję.</p><p>Wydarzenia odbywały się w Zoomie, na każde trzeba było zarejestrować się osobno, a link do spotkania przychodził e-mailem kilka dni wcześniej. Partnerem projektu po stronie niemieckiej była spółka WITENO GmbH.</p>",
            "challenge": "<p>Pandemia ograniczyła współpracę społeczną i kulturalną na pograniczu i mocno utrudniła kontakty między organizacjami.</p>",
        },
    },
    # --- Met at the BLUES exchange in Warsaw --------------------------------------------------
    {
        "slug": "mazovian-it-cluster",
        "organisation": "mazovian-it-cluster",
        "country": "PL",
        "region": "PL9",
        "project": "blues",
        "kind": "network",
        "themes": ["clusters-networks"],
        "targets": ["it-companies", "research"],
        "en": {
            "title": "Mazovian IT Cluster",
            "summary": "The IT cluster of the Mazovia region is an association that connects players of digitalisation – IT companies, research institutions and associations – and drives the exchange of knowledge and experience among them.",
            "description": "<p>At an exchange in Warsaw within the BLUES project, WITENO's Next2Met project manager met many of these players: research institutions such as the Centre for Scientific Geospatial Analyses and Satellite Computations of the Warsaw University of Technology and the Systems Research Institute, which works on geographic information systems, and IT companies that are members of the cluster, such as SEEDiA with its smart city solutions, for example smart benches.</p>",
            "results": "<p>The visitors saw one success factor in the constant availability of experts and in the exchange among important players, driven by needs and challenges to be solved; the companies profit from this exchange and from the availability of highly qualified staff.</p>",
            "transfer_potential": "<p>For Mecklenburg-Vorpommern the cluster is a very good example of organised clustering that engages institutions and drives the exchange of knowledge and experience. Further cooperation with the IT clusters of Mazovia and Western Pomerania could show what such organised clustering needs, so that Mecklenburg-Vorpommern can connect its own players of digitalisation in the same way.</p>",
        },
        "de": {
            "title": "IT-Cluster Masowien",
            "summary": "Der IT-Cluster der Region Masowien ist ein Verein, der Akteure der Digitalisierung – IT-Unternehmen, Forschungseinrichtungen und Verbände – verbindet und den Austausch von Wissen und Erfahrung zwischen ihnen vorantreibt.",
            "description": "<p>Bei einem Austausch in Warschau im Projekt BLUES lernte die Next2Met-Projektleitung von WITENO viele dieser Akteure kennen: Forschungseinrichtungen wie das Zentrum für wissenschaftliche Geodatenanalysen und Satellitenberechnungen der Technischen Universität Warschau und das Institut für Systemforschung, das an geografischen Informationssystemen arbeitet, sowie IT-Unternehmen, die Mitglied des Clusters sind, etwa SEEDiA mit Smart-City-Lösungen wie smarten Sitzbänken.</p>",
            "results": "<p>Einen Erfolgsfaktor sahen die Gäste in der ständigen Verfügbarkeit von Fachleuten und im Austausch der wichtigen Akteure, angetrieben von Bedarfen und zu lösenden Aufgaben; die Unternehmen profitieren von diesem Austausch und von der Verfügbarkeit hoch qualifizierter Fachkräfte.</p>",
            "transfer_potential": "<p>Für Mecklenburg-Vorpommern ist der Cluster ein sehr gutes Beispiel für organisiertes Clustering, das Institutionen einbindet und den Austausch von Wissen und Erfahrung vorantreibt. Eine weitere Zusammenarbeit mit den IT-Clustern Masowiens und Westpommerns könnte zeigen, was ein solches organisiertes Clustering braucht, damit Mecklenburg-Vorpommern seine eigenen Akteure der Digitalisierung ebenso vernetzen kann.</p>",
        },
        "pl": {
            "title": "Mazowiecki Klaster IT",
            "summary": "Klaster IT regionu mazowieckiego to stowarzyszenie, które łączy uczestników cyfryzacji – firmy IT, instytucje badawcze i stowarzyszenia – i napędza wymianę wiedzy i doświadczeń między nimi.",
            "description": "<p>Podczas wymiany w Warszawie w ramach projektu BLUES osoba kierująca projektem Next2Met w WITENO poznała wielu z nich: instytucje badawcze, takie jak Centrum Naukowych Analiz Geoprzestrzennych i Obliczeń Satelitarnych Politechniki Warszawskiej oraz Instytut Badań Systemowych, który zajmuje się systemami informacji geograficznej, a także firmy IT należące do klastra, na przykład SEEDiA z rozwiązaniami smart city, takimi jak inteligentne ławki.</p>",
            "results": "<p>Goście dostrzegli jeden z czynników sukcesu w stałej dostępności ekspertów i wymianie między ważnymi uczestnikami, napędzanej potrzebami i wyzwaniami do rozwiązania; firmy korzystają z tej wymiany i z dostępności wysoko wykwalifikowanych pracowników.</p>",
            "transfer_potential": "<p>Dla Meklemburgii-Pomorza Przedniego klaster jest bardzo dobrym przykładem zorganizowanego klastrowania, które angażuje instytucje i napędza wymianę wiedzy i doświadczeń. Dalsza współpraca z klastrami IT Mazowsza i Pomorza Zachodniego mogłaby pokazać, czego wymaga takie zorganizowane klastrowanie, aby Meklemburgia-Pomorze Przednie mogła w ten sam sposób połączyć własnych uczestników cyfryzacji.</p>",
        },
    },
    {
        "slug": "accelpoint-regional-incubator",
        "organisation": "accelpoint",
        "country": "PL",
        "region": "PL9",
        "project": "blues",
        "kind": "network",
        "themes": ["clusters-networks"],
        "targets": ["start-ups"],
        "en": {
            "title": "Accelpoint regional incubator",
            "summary": "The regional incubator Accelpoint connects important players in the digital field, so that companies quickly find the right organisations to put their ideas into practice.",
            "description": "<p>WITENO's Next2Met project manager got to know the incubator at an exchange in Warsaw within the BLUES project.</p>",
        },
        "de": {
            "title": "Regionaler Inkubator Accelpoint",
            "summary": "Der regionale Inkubator Accelpoint verbindet wichtige Akteure im digitalen Bereich, damit Unternehmen schnell die richtigen Organisationen finden, um ihre Ideen umzusetzen.",
            "description": "<p>Die Next2Met-Projektleitung von WITENO lernte den Inkubator bei einem Austausch in Warschau im Projekt BLUES kennen.</p>",
        },
        "pl": {
            "title": "Regionalny inkubator Accelpoint",
            "summary": "Regionalny inkubator Accelpoint łączy ważnych uczestników rynku cyfrowego, aby firmy szybko znajdowały właściwe organizacje do realizacji swoich pomysłów.",
            "description": "<p>Osoba kierująca projektem Next2Met w WITENO poznała inkubator podczas wymiany w Warszawie w ramach projektu BLUES.</p>",
        },
    },
]
