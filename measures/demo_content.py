# ruff: noqa: E501 (prose: one sentence per line reads and diffs better than wrapped strings)
"""The demo measures: real measures of the Next2Met partnership and its neighbours, described
in English, German and Polish. Loaded by measures.demo."""

MEASURES = [
    {
        "slug": "barcelona-smart-urban-platform",
        "organisation": "diputacio-de-barcelona",
        "country": "ES",
        "region": "ES51",
        "city": "Barcelona province",
        "project": "next2met",
        "kind": "platform",
        "themes": ["data-smart-region", "digital-public-services"],
        "targets": ["public-authorities", "residents"],
        "start": 2017,
        "funding": "Provincial budget",
        "en": {
            "title": "Smart Urban Platform for the municipalities of the province",
            "summary": "The Provincial Council of Barcelona runs a shared platform that collects sensor data from small municipalities, so that towns without their own IT department can manage lighting, water and waste with data.",
            "description": "A provincial data platform receives readings from sensors in the municipalities.",
        },
        "de": {
            "title": "Smart-Urban-Plattform für die Gemeinden der Provinz",
            "summary": "Der Provinzialrat von Barcelona betreibt eine gemeinsame Plattform, die Sensordaten kleiner Gemeinden sammelt, damit Orte ohne eigene IT-Abteilung Beleuchtung, Wasser und Abfall datengestützt steuern können.",
            "description": "Eine Datenplattform der Provinz empfängt Messwerte aus den Gemeinden.",
        },
        "pl": {
            "title": "Platforma Smart Urban dla gmin prowincji",
            "summary": "Rada Prowincji Barcelona prowadzi wspólną platformę, która zbiera dane z czujników w małych gminach, aby miejscowości bez własnego działu IT mogły zarządzać oświetleniem, wodą i odpadami na podstawie danych.",
            "description": "Platforma danych prowincji odbiera odczyty z czujników w gminach.",
        },
    },
]
