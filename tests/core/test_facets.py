"""The faceting shared by the public lists: counting, labels, order, chosen values, chips."""

import django_filters
import pytest
from django.http import QueryDict
from django.utils import translation

from core.facets import (
    ALPHABETICAL,
    COUNT,
    VOCABULARY,
    FacetCounts,
    FacetFilterSet,
    Family,
    facet_build,
    facet_chips,
    facets_build,
    filterset_counts,
    query_string,
    remove_value_url,
)
from partners.models import Organisation, OrganisationKind
from tests.partners.factories import OrganisationFactory

CHOICES = [("b", "Beta"), ("a", "Alpha"), ("z", "Zeta"), ("o", "Omega")]


def build(order=VOCABULARY, counts=None, selected=(), data=None, choices=CHOICES):
    return facet_build(
        name="kind",
        label="Kind",
        order=order,
        choices=choices,
        counts={"b": 1, "a": 3, "z": 3} if counts is None else counts,
        selected=selected,
        data=data,
    )


def test_values_without_results_are_left_out_unless_chosen():
    assert [value.value for value in build().values] == ["b", "a", "z"]
    facet = build(selected=["o"])
    assert [(value.value, value.count, value.selected) for value in facet.values] == [
        ("b", 1, False),
        ("a", 3, False),
        ("z", 3, False),
        ("o", 0, True),
    ]
    assert facet.selected_count == 1


def test_a_chosen_value_the_list_does_not_know_is_shown_under_its_code():
    facet = build(selected=["gone", "gone"], data=QueryDict("kind=gone&q=x"))
    unknown = [value for value in facet.values if value.value == "gone"]
    assert len(unknown) == 1
    assert (unknown[0].label, unknown[0].count, unknown[0].selected) == ("gone", 0, True)
    assert unknown[0].remove_url == "?q=x"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (VOCABULARY, ["b", "a", "z"]),  # the choices' own order
        (COUNT, ["a", "z", "b"]),  # most first, ties alphabetically
        (ALPHABETICAL, ["a", "b", "z"]),
    ],
)
def test_each_order(order, expected):
    assert [value.value for value in build(order=order).values] == expected


def test_alphabetical_order_follows_the_language():
    choices = [("lu", "Luksemburg"), ("lv", "Łotwa"), ("at", "Österreich"), ("pl", "Polska")]
    counts = {code: 1 for code, _label in choices}
    with translation.override("pl"):
        polish = build(order=ALPHABETICAL, counts=counts, choices=choices)
    with translation.override("de"):
        german = build(order=ALPHABETICAL, counts=counts, choices=choices)
    # Ł is a letter of its own in Polish, after L; in German it sorts as L.
    assert [value.value for value in polish.values] == ["lu", "lv", "at", "pl"]
    assert [value.value for value in german.values] == ["lv", "lu", "at", "pl"]
    choices = [("z", "Zentrum"), ("a", "Ärztekammer"), ("b", "Bank")]
    with translation.override("de"):
        facet = build(order=ALPHABETICAL, counts={"z": 1, "a": 1, "b": 1}, choices=choices)
    assert [value.label for value in facet.values] == ["Ärztekammer", "Bank", "Zentrum"]


def test_chosen_values_link_to_the_list_without_them_and_become_chips():
    data = QueryDict("kind=a&kind=b&country=PL&page=3")
    facet = build(selected=["a", "b"], data=data)
    removal = {value.value: value.remove_url for value in facet.values}
    assert removal == {"b": "?kind=a&country=PL", "a": "?kind=b&country=PL", "z": ""}
    assert [(chip.label, chip.remove_url) for chip in facet_chips([facet])] == [
        ("Kind: Beta", "?kind=a&country=PL"),
        ("Kind: Alpha", "?kind=b&country=PL"),
    ]


def test_a_value_typed_with_blanks_is_removed_by_its_chip():
    data = QueryDict("organisation=%20witeno%20&organisation=ict")
    assert remove_value_url(data, "organisation", "witeno") == "?organisation=ict"


def test_select_choices_carry_the_counts():
    assert build().choices == [("b", "Beta (1)"), ("a", "Alpha (3)"), ("z", "Zeta (3)")]


def test_query_string_changes_parameters_and_forgets_the_page():
    data = QueryDict("q=cluster&sort=title&page=2&kind=a")
    assert query_string(data, q=None) == "?sort=title&kind=a"
    assert query_string(data, kind=["a", "b"]) == "?q=cluster&sort=title&kind=a&kind=b"
    assert query_string(QueryDict("page=4")) == "?"


class KindCountryFilterSet(FacetFilterSet):
    families = (Family("kind"), Family("country", "Land", ALPHABETICAL))

    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Kind")
    country = django_filters.ChoiceFilter(
        choices=[("DE", "Germany"), ("PL", "Poland"), ("AT", "Austria")], label="Country"
    )

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


@pytest.mark.django_db
def test_each_family_is_counted_over_the_other_filters(django_assert_num_queries):
    OrganisationFactory(kind=OrganisationKind.IT_CLUSTER, country="PL")
    OrganisationFactory(kind=OrganisationKind.IT_CLUSTER, country="DE")
    OrganisationFactory(kind=OrganisationKind.IT_CLUSTER, country="DE")
    OrganisationFactory(kind=OrganisationKind.REGIONAL_AUTHORITY, country="PL")
    filterset = KindCountryFilterSet(
        data={"kind": OrganisationKind.IT_CLUSTER, "country": "PL"},
        queryset=Organisation.objects.all(),
    )
    with django_assert_num_queries(2):  # one per family
        counts = filterset_counts(filterset=filterset)
    assert counts == FacetCounts(
        counts={
            # Among Polish organisations: one cluster, one authority.
            "kind": {OrganisationKind.IT_CLUSTER: 1, OrganisationKind.REGIONAL_AUTHORITY: 1},
            # Among clusters: two German, one Polish.
            "country": {"DE": 2, "PL": 1},
        }
    )
    kinds, countries = facets_build(filterset=filterset, counts=counts)
    assert (kinds.label, countries.label) == ("Kind", "Land")
    assert [(value.value, value.count, value.selected) for value in countries.values] == [
        ("DE", 2, False),
        ("PL", 1, True),
    ]
    filterset.facets_offer([kinds, countries])
    assert list(filterset.form.fields["country"].choices) == [
        ("", "---------"),
        ("DE", "Germany (2)"),
        ("PL", "Poland (1)"),
    ]


@pytest.mark.django_db
def test_invalid_values_are_ignored_by_the_counts_and_the_list():
    OrganisationFactory(kind=OrganisationKind.IT_CLUSTER, country="PL")
    filterset = KindCountryFilterSet(
        data={"kind": "nonsense", "country": "PL"}, queryset=Organisation.objects.all()
    )
    assert filterset.values == {"country": "PL"}
    assert filterset.selected("kind") == []
    assert filterset.selected("country") == ["PL"]
    assert filterset.queryset_without("country").count() == 1
    assert filterset_counts(filterset=filterset).counts["kind"] == {OrganisationKind.IT_CLUSTER: 1}


def test_an_unbound_filterset_has_no_values():
    filterset = KindCountryFilterSet(queryset=Organisation.objects.none())
    assert filterset.values == {}
    assert filterset.selected("kind") == []
