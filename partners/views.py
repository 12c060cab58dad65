"""Public pages of partner organisations and projects (thin views over the selectors)."""

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from core.languages import fallback_language
from partners import maps, selectors


class OrganisationListView(TemplateView):
    template_name = "partners/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = selectors.organisation_list(data=self.request.GET)
        context.update(
            filterset=listing.filterset,
            groups=listing.groups,
            result_count=listing.count,
            is_filtered=any(self.request.GET.get(name) for name in listing.filterset.filters),
            map_figure=maps.organisation_list_map(
                listing=listing, data=self.request.GET, language=get_language()
            ),
        )
        return context


class OrganisationDetailView(DetailView):
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return selectors.organisation_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context.update(
            sections=selectors.organisation_sections(organisation=organisation),
            description_language=fallback_language(organisation, "description"),
        )
        return context


class ProjectDetailView(DetailView):
    template_name = "partners/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.project_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["description_language"] = fallback_language(self.object, "description")
        return context


class RegionListView(TemplateView):
    template_name = "partners/region_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = selectors.region_overview(language=get_language())
        context["countries"] = countries
        context["map_figure"] = maps.region_overview_map(
            countries=countries, language=get_language()
        )
        return context


class PlaceDetailView(TemplateView):
    """A country's page (two-letter code) or a NUTS region's page."""

    template_name = "partners/place_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code, language = kwargs["code"], get_language()
        if len(code) == 2:
            place = selectors.country_page(code=code, language=language)
        else:
            place = selectors.region_page(code=code, language=language)
        if place is None:
            raise Http404(_("There is no such region."))
        context["place"] = place
        context["map_figure"] = maps.place_map(place=place, language=language)
        if place.region is not None:
            context["description_language"] = fallback_language(place.region, "description")
        return context
