"""A facet's values as checkboxes: the markup the list page had, escaped, with counts."""

from django.utils import translation

from core.facets import Facet, FacetValue
from core.templatetags.portal_facets import facet_checkboxes


def test_values_render_as_labelled_checkboxes_with_escaped_labels_and_counts():
    facet = Facet(
        name="organisation",
        label="Organisation",
        values=(
            FacetValue("witeno", "WITENO <GmbH>", 1234, selected=True, remove_url="?"),
            FacetValue("ict", 'Klaster "ICT"', 7, selected=False),
        ),
    )
    html = str(facet_checkboxes(facet))
    assert (
        '<li><input type="checkbox" name="organisation" value="witeno" id="f-organisation-1" '
        'checked><label for="f-organisation-1">WITENO &lt;GmbH&gt; '
        '<span class="facet__count">(1234)</span></label></li>'
    ) in html
    assert 'id="f-organisation-2">' in html
    assert "Klaster &quot;ICT&quot;" in html
    assert html.count("checked") == 1


def test_counts_follow_the_locale(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    facet = Facet(name="kind", label="Kind", values=(FacetValue("a", "A", 12345, False),))
    with translation.override("de"):
        assert "(12.345)" in str(facet_checkboxes(facet))
    with translation.override("en"):
        assert "(12,345)" in str(facet_checkboxes(facet))
