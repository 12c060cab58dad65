"""Rows of the admin isolation matrix: one per admin of partner-owned data.

Each row says how to create an entry owned by an organisation and where else the entries show
up as choices. Other apps add their rows here (for instance measures.Measure, events.Event,
events.Registration) and the whole matrix in test_admin_isolation.py runs for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from partners.models import Membership, Organisation


@dataclass(frozen=True)
class ScopedAdminCase:
    id: str
    model: type
    # make(organisation) -> an entry owned by the organisation, whose str() is unique
    make: Callable
    # (app_label, model_name, field_name) of relation fields whose add form offers these entries
    choice_in: tuple[tuple[str, str, str], ...] = ()
    # (app_label, model_name, field_name) of autocomplete fields that search these entries
    autocomplete_from: tuple[tuple[str, str, str], ...] = ()
    # (app_label, model_name, field_path) of changelists that filter by these entries
    filter_in: tuple[tuple[str, str, str], ...] = ()
    # whether the changelist has the CSV export action
    exportable: bool = True
    # data of a valid change form (for the "cannot change" check); {} skips that check
    change_data: Callable = field(default=lambda obj: {})


def _make_organisation(organisation):
    return organisation


def _make_membership(organisation):
    from tests.partners.factories import MembershipFactory

    return MembershipFactory(
        organisation=organisation, user__username=f"staff-of-{organisation.slug}"
    )


SCOPED_ADMIN_CASES: list[ScopedAdminCase] = [
    ScopedAdminCase(
        id="organisation",
        model=Organisation,
        make=_make_organisation,
        choice_in=(("partners", "membership", "organisation"),),
        autocomplete_from=(("partners", "participation", "organisation"),),
        filter_in=(("partners", "membership", "organisation"),),
        change_data=lambda obj: {
            "name_en": "Changed by someone else",
            "country": "DE",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    ),
    ScopedAdminCase(
        id="membership",
        model=Membership,
        make=_make_membership,
        change_data=lambda obj: {"role": "manager"},
    ),
]
