"""Matchmaking pages of a registrant, behind their registration's secret link: the profile
(opting in), the directory of the other participants, asking for a meeting, the agenda and its
calendar file.

Like the manage page (events.views), every page is never cached, never indexed and never sends
its address to another site; an unknown link is a 404. Events without matchmaking are a 404
too; registrants who are not (or no longer) participants see why they cannot take part.
A GET never changes anything: every change is a button that POSTs (post/redirect/get, the
result said by a `?done=` flag as the feedback page does).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from events import services as events_services
from matchmaking import selectors, services
from matchmaking.calendar import agenda_calendar
from matchmaking.forms import (
    DirectoryFilterForm,
    MeetingActionForm,
    ProfileForm,
    ProposeForm,
    ReportForm,
    SlotForm,
    yes_no_value,
)
from matchmaking.models import MatchmakingState, Meeting
from matchmaking.services import MatchmakingError
from measures.models import Theme

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _private(response: HttpResponse) -> HttpResponse:
    """The headers of every page behind a secret link (as events.views): never indexed, and
    the address never sent to another site."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def error_message(code: str) -> str:
    """What a `MatchmakingError` code means, in the active language."""
    messages = {
        "off": _("This event has no matchmaking."),
        "closed": _("Matchmaking for this event is closed: requests and answers are over."),
        "paused": _(
            "Matchmaking is paused: no new requests can be sent for now. You can still answer "
            "the requests you received."
        ),
        "not_participant": _("Matchmaking is open to the confirmed participants of the event."),
        "event_cancelled": _("The event has been cancelled."),
        "not_opted_in": _(
            "Please share your matchmaking profile first: only participants who share theirs "
            "can ask for meetings."
        ),
        "not_found": _("This participant or request is no longer available."),
        "self": _("You cannot ask yourself for a meeting."),
        "slot": _("This time is no longer available. Please choose another one."),
        "not_free": _("One of you already has a meeting at this time. Please choose another one."),
        "too_many_requests": _(
            "You have as many unanswered requests as you may have at a time. Wait for an "
            "answer or withdraw one of your requests."
        ),
        "too_many_meetings": _("The number of meetings one person may have has been reached."),
        "already_asked": _("There is already an open request between you and this participant."),
        "answered": _("This request has already been answered, withdrawn or cancelled."),
        "no_room": _("All meeting rooms are taken at this time. Please propose another time."),
        "not_yet": _("You can say whether the meeting took place once it has begun."),
        "invalid": _("This could not be understood. Please use the buttons of this page."),
    }
    return messages.get(code, _("This is not possible any more."))


def _done_message(code: str) -> str:
    """What a successful action did (the `?done=` flag after the redirect)."""
    return {
        "saved": _("Your profile is saved: the other participants who share theirs can find you."),
        "withdrawn": _(
            "Your profile is withdrawn: nobody sees it any more. Your meetings and open "
            "requests are cancelled."
        ),
        "requested": _(
            "Your request is sent. The answer will appear here, and you will receive it by e-mail."
        ),
        "accept": _("The meeting is in your agenda; the other person is told by e-mail."),
        "decline": _("You declined the request; the other person is told by e-mail."),
        "propose": _("You proposed another time: it is now among your requests."),
        "withdraw": _("Your request is withdrawn."),
        "cancel": _("The meeting is cancelled; the other person is told by e-mail."),
        "report": _("Thank you: your answer is saved."),
    }.get(code, "")


@method_decorator(never_cache, name="dispatch")
class MatchmakingView(View):
    """A matchmaking page of a registrant: `self.registration`, `self.event`,
    `self.matchmaking` and `self.token` are set for the handlers."""

    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs.pop("token")
        registration = events_services.registration_by_token(token=self.token)
        if registration is None:
            return _private(render(request, "events/registration_unknown.html", status=404))
        self.registration, self.event = registration, registration.event
        self.matchmaking = selectors.matchmaking_for(event=self.event)
        if self.matchmaking is None:
            return self.unavailable("off", status=404)
        if not selectors.participates(registration=registration):
            code = "event_cancelled" if self.event.is_cancelled else "not_participant"
            return self.unavailable(code, status=403)
        return _private(super().dispatch(request, *args, **kwargs))

    def unavailable(self, code: str, *, status: int) -> HttpResponse:
        context = {
            "event": self.event,
            "registration": self.registration,
            "token": self.token,
            "reason": code,
            "message": error_message(code),
        }
        return _private(
            render(self.request, "matchmaking/unavailable.html", context, status=status)
        )

    @property
    def requests_open(self) -> bool:
        return selectors.requests_open(matchmaking=self.matchmaking)

    @property
    def answers_open(self) -> bool:
        return selectors.answers_open(matchmaking=self.matchmaking)

    def context(self, **extra) -> dict:
        return {
            "event": self.event,
            "registration": self.registration,
            "token": self.token,
            "matchmaking": self.matchmaking,
            "requests_open": self.requests_open,
            "answers_open": self.answers_open,
            "opted_in": selectors.opted_in(registration=self.registration),
            "done": _done_message(self.request.GET.get("done", "")),
            **extra,
        }

    def render_page(self, status: int = 200, **extra) -> HttpResponse:
        return render(self.request, self.template_name, self.context(**extra), status=status)

    def url(self, name: str, *, done: str = "", **kwargs) -> str:
        path = reverse(f"matchmaking:{name}", kwargs={"token": self.token, **kwargs})
        return f"{path}?done={done}" if done else path

    def redirect(self, name: str, *, done: str = "", **kwargs) -> HttpResponse:
        return redirect(self.url(name, done=done, **kwargs))


# --- Profile ----------------------------------------------------------------------------------


class ProfileView(MatchmakingView):
    template_name = "matchmaking/profile_form.html"

    def initial(self) -> dict:
        registration = self.registration
        initial = {
            "profile_offer": registration.profile_offer,
            "profile_seek": registration.profile_seek,
        }
        profile = selectors.profile_of(registration=registration)
        if profile is not None and registration.profile_shared:
            initial.update(
                languages=profile.languages,
                region=profile.region_id,
                themes=list(profile.themes.all()),
                target_groups=list(profile.target_groups.all()),
                consent=True,
            )
        return initial

    def page(self, form, *, error: str = "", status: int = 200) -> HttpResponse:
        closed = self.matchmaking.state == MatchmakingState.CLOSED
        return self.render_page(status, form=None if closed else form, error=error)

    def get(self, request):
        return self.page(ProfileForm(initial=self.initial()))

    def post(self, request):
        if request.POST.get("action") == "withdraw":
            services.profile_withdraw(registration=self.registration)
            return self.redirect("profile", done="withdrawn")
        form = ProfileForm(request.POST)
        if not form.is_valid():
            # Shown again as typed (a 200, like the event's other forms: the page is the answer).
            return self.page(form)
        try:
            services.profile_save(registration=self.registration, **form.profile_data())
        except MatchmakingError as error:
            return self.page(form, error=error_message(error.code), status=409)
        return self.redirect("directory", done="saved")


# --- Directory --------------------------------------------------------------------------------


# Participants per page of the directory (the suggestions come on top, on every page).
DIRECTORY_PAGE_SIZE = 30


class DirectoryView(MatchmakingView):
    template_name = "matchmaking/directory.html"

    def get(self, request):
        if not selectors.opted_in(registration=self.registration):
            # Nothing of the others is shown before one shares one's own profile.
            return self.render_page()
        form = DirectoryFilterForm(request.GET, themes=Theme.objects.all())
        directory = selectors.directory(registration=self.registration, filters=form.filters())
        paginator = Paginator(directory.cards, DIRECTORY_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render_page(
            form=form,
            directory=directory,
            facets=form.facets(directory),
            is_filtered=form.is_filtered,
            page_obj=page_obj,
            listing={"page_numbers": paginator.get_elided_page_range(page_obj.number)},
        )


# --- Asking for a meeting ---------------------------------------------------------------------


class AskView(MatchmakingView):
    template_name = "matchmaking/ask_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.other_id = kwargs.pop("other")
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> HttpResponse | None:
        """The other participant and the slots free for both; a page instead when there is
        nothing to ask (not opted in: the invitation; another person unknown here: 404)."""
        if not selectors.opted_in(registration=self.registration):
            return self.render_page()
        self.card = selectors.directory_card(registration=self.registration, other_id=self.other_id)
        if self.card is None:
            return self.unavailable("not_found", status=404)
        self.slots = selectors.slots_free_for(
            people=[self.registration, self.card.registration], event=self.event
        )
        return None

    def form(self, data=None) -> SlotForm:
        return SlotForm(data, slots=self.slots, event=self.event)

    def page(self, form, *, error: str = "", status: int = 200) -> HttpResponse:
        return self.render_page(
            status, card=self.card, form=form if self.requests_open else None, error=error
        )

    def get(self, request):
        return self.prepare() or self.page(self.form())

    def post(self, request):
        refused = self.prepare()
        if refused is not None:
            return refused
        form = self.form(request.POST)
        if not self.requests_open:
            return self.page(form, error=error_message(self.matchmaking.state), status=409)
        if not form.is_valid():
            return self.page(form)
        try:
            services.meeting_request(
                requester=self.registration,
                recipient=self.card.registration,
                slot=form.chosen_slot(),
                message=form.cleaned_data["message"],
            )
        except MatchmakingError as error:
            return self.page(form, error=error_message(error.code), status=409)
        return self.redirect("agenda", done="requested")


# --- Agenda -----------------------------------------------------------------------------------


@dataclass
class MeetingRow:
    """A meeting of the agenda with the form that belongs to it, if any."""

    meeting: Meeting
    started: bool = False
    form: ProposeForm | ReportForm | None = None


class AgendaView(MatchmakingView):
    template_name = "matchmaking/agenda.html"

    def page(self, *, error: str = "", status: int = 200, bound=None, failed: int | None = None):
        """The agenda; `bound` is the form sent for meeting `failed`, shown again as typed."""
        registration, now = self.registration, timezone.now()
        agenda = selectors.agenda(registration=registration)
        accepted = []
        for meeting in agenda.meetings:
            started = meeting.slot.start <= now
            form = None
            if started:
                form = ReportForm(
                    initial=_report_initial(meeting, registration), meeting_id=meeting.pk
                )
            accepted.append(MeetingRow(meeting, started, form))
        free = {}
        if self.requests_open:
            free = selectors.slots_free_pairs(
                registration=registration,
                others=[meeting.other_person for meeting in agenda.incoming],
                event=self.event,
                now=now,
            )
        incoming = []
        for meeting in agenda.incoming:
            slots = [slot for slot in free.get(meeting.other_person.pk, ()) if slot != meeting.slot]
            form = ProposeForm(meeting_id=meeting.pk, slots=slots, event=self.event)
            incoming.append(MeetingRow(meeting, form=form if slots else None))
        rows = [*accepted, *incoming]
        if bound is not None:
            for row in rows:
                if row.meeting.pk == failed:
                    row.form = bound
        return self.render_page(
            status,
            accepted=accepted,
            incoming=incoming,
            outgoing=agenda.outgoing,
            past=agenda.past,
            error=error,
            error_form=bound if bound is not None and bound.errors else None,
        )

    def get(self, request):
        return self.page()

    def post(self, request):
        action_form = MeetingActionForm(request.POST)
        if not action_form.is_valid():
            return self.page(error=error_message("invalid"), status=400)
        action = action_form.cleaned_data["action"]
        meeting_id = action_form.cleaned_data["meeting"]
        registration = self.registration
        meeting = selectors.meeting_of(registration=registration, meeting_id=meeting_id)
        if meeting is None:
            return self.page(error=error_message("not_found"), status=404)
        form = None
        try:
            if action == "accept":
                services.meeting_accept(meeting=meeting, by=registration)
            elif action == "decline":
                services.meeting_decline(meeting=meeting, by=registration)
            elif action == "propose":
                other = meeting.other(registration)
                slots = selectors.slots_free_for(people=[registration, other], event=self.event)
                form = ProposeForm(
                    request.POST, meeting_id=meeting.pk, slots=slots, event=self.event
                )
                if not form.is_valid():
                    return self.page(bound=form, failed=meeting.pk)
                services.meeting_decline(
                    meeting=meeting,
                    by=registration,
                    proposed_slot=form.chosen_slot(),
                    message=form.cleaned_data["message"],
                )
            elif action == "withdraw":
                services.meeting_withdraw(meeting=meeting, by=registration)
            elif action == "cancel":
                services.meeting_cancel(meeting=meeting, by=registration)
            elif action == "report":
                form = ReportForm(request.POST, meeting_id=meeting.pk)
                if not form.is_valid():
                    return self.page(bound=form, failed=meeting.pk)
                services.meeting_report(meeting=meeting, by=registration, **form.cleaned_data)
        except MatchmakingError as error:
            return self.page(
                error=error_message(error.code), status=409, bound=form, failed=meeting.pk
            )
        return self.redirect("agenda", done=action)


def _report_initial(meeting: Meeting, registration) -> dict:
    side = "requester" if meeting.requester_id == registration.pk else "recipient"
    return {
        "held": yes_no_value(getattr(meeting, f"held_{side}")),
        "cooperation": yes_no_value(getattr(meeting, f"cooperation_{side}")),
    }


class AgendaCalendarView(MatchmakingView):
    """The registrant's accepted meetings as an iCalendar file."""

    def get(self, request):
        agenda = selectors.agenda(registration=self.registration)
        content = agenda_calendar(
            agenda.meetings,
            registration=self.registration,
            event=self.event,
            agenda_url=services.agenda_url(self.registration),
        )
        response = HttpResponse(content, content_type=CALENDAR_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="matchmaking-{self.event.slug}.ics"'
        )
        return response
