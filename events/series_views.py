"""Public pages of a series of events: the series with its form for several events, the page
after the form, and the page of the link that confirms them all."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from core.languages import fallback_language
from events import series as series_services
from events import services
from events.forms import SeriesRegistrationForm
from events.models import RegistrationStatus
from events.ratelimit import registration_attempt_count, registration_count
from events.views import _no_store


class SeriesView(View):
    """The series with its events, and the form to register for several of them at once."""

    template_name = "events/series_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.page = series_services.series_page(slug=kwargs["slug"])
        if self.page is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> SeriesRegistrationForm | None:
        offered = self.page.offered
        if not offered:
            return None
        return SeriesRegistrationForm(data, events=offered)

    def render(self, form, *, status=200, rate_limit=None, closed=False):
        series = self.page.series
        context = {
            "page": self.page,
            "series": series,
            "form": form,
            "closed": closed,
            "description_language": fallback_language(series, "description")
            if series.description
            else None,
            "now": timezone.now(),
        }
        if rate_limit is not None:
            context["rate_limit"] = rate_limit
        response = render(self.request, self.template_name, context, status=status)
        if rate_limit is not None:
            response["Retry-After"] = str(rate_limit.retry_after)
        return response

    def get(self, request, slug):
        return self.render(self.form())

    def post(self, request, slug):
        form = self.form(request.POST)
        if form is None:
            return self.render(None, status=409, closed=True)
        attempts = registration_attempt_count(request)
        if attempts.exceeded:
            return self.render(form, status=429, rate_limit=attempts)
        if form.is_spam:
            return redirect("events:series_sent", slug=slug)
        if not form.is_valid():
            return self.render(form)
        registrations = registration_count(request)
        if registrations.exceeded:
            return self.render(form, status=429, rate_limit=registrations)
        try:
            series_services.series_registration_submit(
                series=self.page.series,
                events=form.chosen_events(),
                data=form.cleaned_data,
                language=translation.get_language(),
            )
        except services.RegistrationError:
            # Every chosen event stopped taking registrations meanwhile: show the page as it
            # is now, with what was typed.
            self.page = series_services.series_page(slug=slug) or self.page
            retry = self.form(request.POST)
            if retry is not None:
                retry.is_valid()
            return self.render(retry, status=409, closed=True)
        return redirect("events:series_sent", slug=slug)


def series_sent(request, slug):
    page = series_services.series_page(slug=slug)
    if page is None:
        raise Http404
    context = {"series": page.series, "confirmation_hours": settings.EVENTS_CONFIRMATION_HOURS}
    return render(request, "events/series_sent.html", context)


@method_decorator(never_cache, name="dispatch")
class SeriesConfirmView(View):
    """The page of the link in the series e-mail: the registrations of that sending, and one
    button that confirms them all (a GET never changes anything: mail scanners open links)."""

    template_name = "events/series_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.submission = series_services.series_submission_by_token(
            slug=kwargs["slug"], token=kwargs["token"]
        )
        if self.submission is None:
            return _no_store(render(request, "events/registration_unknown.html", status=404))
        return _no_store(super().dispatch(request, *args, **kwargs))

    def get(self, request, slug, token):
        entries = series_services.series_submission_entries(submission=self.submission)
        context = {
            "series": self.submission.series,
            "entries": entries,
            "pending": [
                entry
                for entry in entries
                if entry.registration.status == RegistrationStatus.PENDING and not entry.expired
            ],
            "token": token,
        }
        return render(request, self.template_name, context)

    def post(self, request, slug, token):
        series_services.series_registration_confirm(submission=self.submission)
        return redirect("events:series_confirm", slug=slug, token=token)
