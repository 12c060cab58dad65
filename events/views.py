"""Public pages of events: list, detail, calendar files, registration and the manage link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from core.languages import fallback_language
from events import certificates, feedback, selectors, services
from events.calendar import event_calendar, events_calendar, registration_calendar
from events.forms import AnswersForm, FeedbackForm, RegistrationForm
from events.models import Event, Feedback, RegistrationStatus
from events.ratelimit import registration_attempt_count, registration_count
from events.selectors import RegistrationState

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventListView(TemplateView):
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = selectors.event_list(data=self.request.GET)
        context.update(
            filterset=listing.filterset,
            upcoming=listing.upcoming,
            past=listing.past,
            is_filtered=any(self.request.GET.get(name) for name in listing.filterset.filters),
            feed_query=_filter_query(self.request.GET, listing.filterset.filters),
        )
        return context


def _filter_query(data, names) -> str:
    """The list's filters as a query string ("?kind=workshop"), for its calendar feed."""
    query = QueryDict(mutable=True)
    for name in names:
        values = [value for value in data.getlist(name) if value]
        if values:
            query.setlist(name, values)
    return f"?{query.urlencode()}" if query else ""


def events_feed(request):
    """iCalendar feed of published events in the page's language (never with join links),
    filtered like the events list by the same query string."""
    events = selectors.event_feed(data=request.GET)
    response = HttpResponse(events_calendar(events), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="next2met-events.ics"'
    return response


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return selectors.event_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        now = timezone.now()
        context.update(
            state=selectors.registration_state(event=event, now=now),
            is_over=event.is_over(now),
            description_language=fallback_language(event, "description"),
            report_language=fallback_language(event, "report") if event.report else None,
        )
        return context


def _published_event(slug: str) -> Event:
    event = selectors.event_published(slug=slug)
    if event is None:
        raise Http404
    return event


def event_calendar_file(request, slug):
    event = _published_event(slug)
    return _calendar_response(event_calendar(event), f"{event.slug}.ics")


class RegisterView(View):
    template_name = "events/registration_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = _published_event(kwargs["slug"])
        self.state = selectors.registration_state(event=self.event)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200, rate_limit=None):
        context = {"event": self.event, "state": self.state, "form": form}
        if rate_limit is not None:
            context["rate_limit"] = rate_limit
        response = render(self.request, self.template_name, context, status=status)
        if rate_limit is not None:
            response["Retry-After"] = str(rate_limit.retry_after)
        return response

    def get(self, request, slug):
        return self.render(self.form())

    def form(self, data=None) -> RegistrationForm:
        questions = selectors.event_questions(event=self.event)
        return RegistrationForm(data, event=self.event, questions=questions)

    def post(self, request, slug):
        form = self.form(request.POST)
        if not self.state.accepts_registrations:
            return self.render(form, status=409)
        # Every submission counts against a high ceiling against floods; only valid ones use up
        # the registrations an address may send. Refused forms are shown again as typed.
        attempts = registration_attempt_count(request)
        if attempts.exceeded:
            return self.render(form, status=429, rate_limit=attempts)
        if form.is_spam:
            return redirect("events:registration_sent", slug=self.event.slug)
        if not form.is_valid():
            return self.render(form)
        registrations = registration_count(request)
        if registrations.exceeded:
            return self.render(form, status=429, rate_limit=registrations)
        try:
            services.registration_submit(
                event=self.event,
                data=form.cleaned_data,
                language=translation.get_language(),
                answers=form.answers(),
            )
        except services.RegistrationError:
            self.state = selectors.registration_state(event=self.event)
            return self.render(form, status=409)
        return redirect("events:registration_sent", slug=self.event.slug)


class RegistrationSentView(DetailView):
    template_name = "events/registration_sent.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirmation_hours"] = settings.EVENTS_CONFIRMATION_HOURS
        return context


# --- Manage link ------------------------------------------------------------------------------
#
# Links in e-mails are opened by mail scanners and link previews before the person does, so a
# GET never changes a registration: the link leads to this page, and confirming, cancelling
# and erasing are buttons that POST. Confirming twice is harmless (the second does nothing).


def _no_store(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The link carries a secret: never send it to another site (same-origin keeps the
    # Origin header that CSRF protection of the buttons on this page relies on).
    response["Referrer-Policy"] = "same-origin"
    return response


@method_decorator(never_cache, name="dispatch")
class RegistrationTokenView(View):
    """A page reached by a registration's secret link: never cached, unknown links get a 404."""

    def dispatch(self, request, *args, **kwargs):
        self.registration = services.registration_by_token(token=kwargs["token"])
        if self.registration is None:
            return _no_store(render(request, "events/registration_unknown.html", status=404))
        return _no_store(super().dispatch(request, *args, **kwargs))


class ManageView(RegistrationTokenView):
    template_name = "events/registration_manage.html"

    def get(self, request, token):
        return self.render_page(token)

    def answers_form(self, data=None) -> AnswersForm | None:
        """The form to change one's answers, while the event asks questions and takes them."""
        registration = self.registration
        if not selectors.answers_open(registration=registration):
            return None
        questions = selectors.event_questions(event=registration.event)
        if not questions:
            return None
        initial = selectors.answers_initial(registration=registration, questions=questions)
        return AnswersForm(data, initial=initial, questions=questions, prefix="answers")

    def render_page(self, token, *, error: str = "", status: int = 200, answers_form=None):
        registration = self.registration
        overview = selectors.registration_overview(registration=registration)
        context = {
            "answers": selectors.registration_answers(registration=registration),
            "answers_form": answers_form or self.answers_form(),
            "registration": registration,
            "event": registration.event,
            "token": token,
            "error": error,
            "expired": overview.expired,
            "join_link": overview.join_link,
            "is_over": overview.is_over,
            "matchmaking": overview.matchmaking,
            "waitlist_position": overview.waitlist_position,
            "after_event": _after_event(registration),
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, token):
        # After a change the page is loaded again (post/redirect/get); it shows the new status
        # itself, so no flash message is needed.
        action = request.POST.get("action")
        registration = self.registration
        try:
            if action == "confirm":
                services.registration_confirm(registration=registration)
            elif action == "cancel":
                services.registration_cancel(registration=registration, by_registrant=True)
            elif action == "answers":
                form = self.answers_form(request.POST)
                if form is None:
                    raise services.RegistrationError(RegistrationState.CLOSED)
                if not form.is_valid():
                    return self.render_page(token, status=400, answers_form=form)
                services.registration_answers_update(
                    registration=registration, answers=form.answers()
                )
        except services.RegistrationError as error:
            self.registration = services.registration_by_token(token=token)
            return self.render_page(token, error=_error_message(error.code), status=409)
        return redirect("events:manage", token=token)


def _error_message(code: str) -> str:
    return {
        "expired": _("The confirmation link has expired. Please register again."),
        RegistrationState.CANCELLED: _("The event has been cancelled."),
        RegistrationState.OVER: _("The event has already started."),
        RegistrationState.CLOSED: _(
            "Registration has closed, so the answers can no longer be changed."
        ),
    }.get(code, _("This is not possible any more."))


class EraseView(RegistrationTokenView):
    template_name = "events/registration_erase.html"

    def get(self, request, token):
        context = {
            "registration": self.registration,
            "event": self.registration.event,
            "token": token,
        }
        return render(request, self.template_name, context)

    def post(self, request, token):
        event = self.registration.event
        services.registration_erase(registration=self.registration)
        return render(request, "events/registration_erased.html", {"event": event})


@never_cache
def registration_calendar_file(request, token):
    """The participant's own calendar file, with the join link once it is sent."""
    registration = services.registration_by_token(token=token)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    event = registration.event
    join_link = selectors.registration_join_link(registration=registration)
    response = _calendar_response(
        registration_calendar(event, join_link=join_link), f"{event.slug}.ics"
    )
    return _no_store(response)


# --- After the event: feedback and certificate ------------------------------------------------


@dataclass(frozen=True)
class AfterEvent:
    """What the manage page offers once the event is over (one query, for the feedback)."""

    feedback_open: bool
    feedback: Feedback | None
    certificate: bool

    @property
    def shown(self) -> bool:
        return self.feedback_open or self.certificate


def _after_event(registration) -> AfterEvent:
    is_open = feedback.feedback_open(registration=registration)
    return AfterEvent(
        feedback_open=is_open,
        feedback=feedback.feedback_for(registration=registration) if is_open else None,
        certificate=certificates.certificate_available(registration=registration),
    )


class FeedbackView(RegistrationTokenView):
    """The short feedback form after the event; sending it again changes the answer."""

    template_name = "events/registration_feedback.html"

    def render_page(self, token, form, *, status=200, given=None):
        context = {
            "registration": self.registration,
            "event": self.registration.event,
            "token": token,
            "form": form,
            "given": given,
            "saved": self.request.GET.get("saved") == "1" and given is not None,
        }
        return render(self.request, self.template_name, context, status=status)

    def closed(self, token):
        return self.render_page(token, None, status=403)

    def get(self, request, token):
        if not feedback.feedback_open(registration=self.registration):
            return self.closed(token)
        given = feedback.feedback_for(registration=self.registration)
        initial = (
            {"rating": str(given.rating), "useful": given.useful, "improve": given.improve}
            if given
            else None
        )
        return self.render_page(token, FeedbackForm(initial=initial), given=given)

    def post(self, request, token):
        if not feedback.feedback_open(registration=self.registration):
            return self.closed(token)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            # Shown again as typed, like the registration form (a 200: the page is the answer).
            return self.render_page(token, form)
        try:
            feedback.feedback_submit(registration=self.registration, **form.cleaned_data)
        except feedback.FeedbackError:
            return self.closed(token)
        return redirect(reverse("events:manage_feedback", kwargs={"token": token}) + "?saved=1")


@never_cache
def registration_certificate(request, token):
    """The participant's certificate of participation (PDF), for those marked present."""
    registration = services.registration_by_token(token=token)
    if registration is None or not certificates.certificate_available(registration=registration):
        raise Http404
    pdf = certificates.certificate_pdf(registration=registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = certificates.certificate_filename(registration=registration)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return _no_store(response)
