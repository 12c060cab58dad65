"""Sections that other apps add to an organisation's public page.

An app registers a section once, in its AppConfig.ready():

    from partners.sections import OrganisationSection, organisation_section_register

    organisation_section_register(
        OrganisationSection(
            key="measures",
            title=_("Measures"),
            template_name="measures/includes/organisation_section.html",
            provider=measures.sections.organisation_section,  # (*, organisation) -> dict | None
            order=10,
        )
    )

The partner page calls each provider with the organisation (a published one) and includes the
section's template, inside a `<section>` with the title as its `<h2>`, with the variables
`organisation` and `section` (the dict the provider returned); the template's own headings
start at `<h3>`. A provider returns None to leave its section out, and must run a fixed number of
queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class OrganisationSection:
    key: str
    title: Promise | str
    template_name: str
    provider: Callable[..., dict[str, Any] | None]
    order: int = 100


_sections: dict[str, OrganisationSection] = {}


def organisation_section_register(section: OrganisationSection) -> None:
    """Add a section (registering the same key again replaces it)."""
    _sections[section.key] = section


def organisation_section_unregister(key: str) -> None:
    _sections.pop(key, None)


def organisation_sections_registered() -> list[OrganisationSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
