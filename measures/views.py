"""Public pages of the measures database (thin views over the selectors)."""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from measures import exports, factsheet, selectors
from partners import maps


class MeasureListView(TemplateView):
    template_name = "measures/measure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET
        listing = selectors.measure_list(data=data, language=get_language(), page=data.get("page"))
        if listing is None:
            raise Http404(_("There is no such page of results."))
        export_query = exports.export_query_string(data)
        context.update(listing=listing, page_obj=listing.page, export_query=export_query)
        context["map_figure"] = maps.measure_list_map(
            listing=listing, data=data, language=get_language()
        )
        return context


class MeasureDetailView(TemplateView):
    template_name = "measures/measure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        measure = selectors.measure_detail(slug=kwargs["slug"], user=self.request.user)
        if measure is None:
            raise Http404(_("There is no such measure."))
        fallbacks = selectors.measure_fallbacks(measure=measure, language=language)
        context.update(
            measure=measure,
            sections=selectors.measure_sections(measure=measure, fallbacks=fallbacks),
            related=selectors.measure_related(measure=measure, language=language),
            presentations=selectors.measure_presentations(measure=measure),
            fallbacks=fallbacks,
            is_preview=not measure.is_published,
        )
        return context


@require_safe
def export_csv(request):
    return exports.csv_response(data=request.GET, language=get_language())


@require_safe
def export_json(request):
    return exports.json_response(data=request.GET, language=get_language())


@require_safe
def factsheet_pdf(request, slug):
    """The measure's one-page fact sheet as PDF, in the page's language."""
    measure = selectors.measure_detail(slug=slug, user=request.user)
    if measure is None:
        raise Http404(_("There is no such measure."))
    language = get_language()
    pdf = factsheet.factsheet_pdf(
        measure=measure,
        language=language,
        page_url=request.build_absolute_uri(measure.get_absolute_url()),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{measure.slug}-{language}.pdf"'
    # The page is the place to index; a preview is for its editors only.
    response["X-Robots-Tag"] = "noindex"
    if not measure.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
