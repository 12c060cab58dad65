"""Public pages of alerts: subscribing from a list, and the pages of the secret link.

None of them is cached, indexed or in a sitemap. A GET never changes a subscription (mail
scanners open links before people do); confirming, changing and erasing are buttons. The
unsubscribe address also takes a POST without CSRF token: mail programs send it for the
one-click unsubscribe of RFC 8058 (it only unsubscribes, and needs the secret link).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alerts import selectors, services
from alerts.forms import FrequencyForm, SubscribeForm
from alerts.models import AlertKind, Subscription, SubscriptionStatus
from alerts.ratelimit import subscribe_attempt_count, subscribe_count


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _secret(response: HttpResponse) -> HttpResponse:
    """A page whose address holds a secret: never indexed, never sent as referrer elsewhere."""
    response["Referrer-Policy"] = "same-origin"
    return _private(response)


@method_decorator(never_cache, name="dispatch")
class SubscribeView(View):
    template_name = "alerts/subscribe_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in AlertKind.values:
            raise Http404
        self.kind = AlertKind(kwargs["kind"])
        self.language = translation.get_language()
        self.check = selectors.alert_filters_check(
            kind=self.kind, data=request.GET, language=self.language
        )
        return _private(super().dispatch(request, *args, **kwargs))

    def render(self, form, *, status=200, rate_limit=None, error=""):
        check = self.check
        context = {
            "kind": self.kind,
            "form": form,
            "check": check,
            "summary": selectors.alert_summary(kind=self.kind, filters=check.filters)
            if check.is_valid
            else [],
            "query": selectors.filters_query_string(check.filters),
            "list_url": selectors.list_url(kind=self.kind, filters=check.filters),
            "rate_limit": rate_limit,
            "error": error,
        }
        if not check.is_valid and self.request.method == "POST" and status == 200:
            # A form sent to an address whose filters the list does not understand.
            status = 400
        response = render(self.request, self.template_name, context, status=status)
        if rate_limit is not None:
            response["Retry-After"] = str(rate_limit.retry_after)
        return response

    def get(self, request, kind):
        return self.render(SubscribeForm())

    def post(self, request, kind):
        form = SubscribeForm(request.POST)
        # As for registrations: every submission counts against a high ceiling against floods;
        # only valid ones use up the subscriptions an address may send.
        attempts = subscribe_attempt_count(request)
        if attempts.exceeded:
            return self.render(form, status=429, rate_limit=attempts)
        if not self.check.is_valid:
            return self.render(form)
        if form.is_spam:
            return redirect("alerts:subscribe_sent", kind=self.kind)
        if not form.is_valid():
            return self.render(form)
        subscriptions = subscribe_count(request)
        if subscriptions.exceeded:
            return self.render(form, status=429, rate_limit=subscriptions)
        try:
            services.subscription_submit(
                email=form.cleaned_data["email"],
                kind=self.kind,
                filters=self.check.filters,
                frequency=form.cleaned_data["frequency"],
                language=self.language,
            )
        except services.AlertError:
            return self.render(
                form, status=409, error=_("This is not possible right now. Please try again.")
            )
        return redirect("alerts:subscribe_sent", kind=self.kind)


@never_cache
def subscribe_sent(request, kind):
    if kind not in AlertKind.values:
        raise Http404
    context = {
        "kind": AlertKind(kind),
        "confirmation_hours": settings.ALERTS_CONFIRMATION_HOURS,
        "resend_limit": settings.ALERTS_RESEND_LIMIT,
    }
    return _private(render(request, "alerts/subscribe_sent.html", context))


# --- Pages of the secret link -------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class TokenView(View):
    """A page reached by a subscription's secret link; unknown links get a 404 page."""

    def dispatch(self, request, *args, **kwargs):
        self.subscription = services.subscription_by_token(token=kwargs["token"])
        if self.subscription is None:
            return _secret(render(request, "alerts/unknown.html", status=404))
        self.token = kwargs["token"]
        return _secret(super().dispatch(request, *args, **kwargs))


class ManageView(TokenView):
    template_name = "alerts/manage.html"

    def get(self, request, token):
        return self.render_page()

    def render_page(self, *, error: str = "", status: int = 200):
        subscription = self.subscription
        context = {
            "subscription": subscription,
            "token": self.token,
            "subscriptions": selectors.address_subscriptions(subscription=subscription),
            "expired": selectors.confirmation_expired(subscription=subscription),
            "error": error,
            "subscribe_again_url": _subscribe_url(subscription),
        }
        return render(self.request, self.template_name, context, status=status)

    def _target(self) -> Subscription | None:
        """The subscription of this address that a button names (the link's own by default)."""
        value = self.request.POST.get("subscription", "")
        if not value:
            return self.subscription
        if not value.isdigit() or len(value) > 18:
            return None
        return (
            Subscription.objects.of_address(self.subscription.email).filter(pk=int(value)).first()
        )

    def post(self, request, token):
        action = request.POST.get("action")
        if action == "cancel_all":
            services.subscriptions_cancel_all(email=self.subscription.email)
            return redirect("alerts:manage", token=token)
        target = self._target()
        if target is None:
            return self.render_page(error=_("There is no such subscription."), status=404)
        try:
            if action == "confirm":
                services.subscription_confirm(subscription=target)
            elif action == "cancel":
                services.subscription_cancel(subscription=target)
            elif action == "resume":
                services.subscription_resume(subscription=target)
            elif action == "frequency":
                form = FrequencyForm(request.POST)
                if not form.is_valid():
                    return self.render_page(error=_("Please choose how often."), status=400)
                services.subscription_frequency_set(
                    subscription=target, frequency=form.cleaned_data["frequency"]
                )
            else:
                return self.render_page(error=_("This is not possible."), status=400)
        except services.AlertError as error:
            self.subscription = services.subscription_by_token(token=token) or self.subscription
            message = (
                _("The confirmation link has expired. Please subscribe again.")
                if error.code == "expired"
                else _("This is not possible any more.")
            )
            return self.render_page(error=message, status=409)
        return redirect("alerts:manage", token=token)


def _subscribe_url(subscription: Subscription) -> str:
    return reverse("alerts:subscribe", kwargs={"kind": subscription.kind}) + (
        selectors.filters_query_string(subscription.filters)
    )


class EraseView(TokenView):
    template_name = "alerts/erase.html"

    def get(self, request, token):
        count = Subscription.objects.of_address(self.subscription.email).count()
        context = {"subscription": self.subscription, "token": token, "count": count}
        return render(request, self.template_name, context)

    def post(self, request, token):
        services.subscriptions_erase(email=self.subscription.email)
        return render(request, "alerts/erased.html")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TokenView):
    """GET: a page with a button; POST (the button, or a mail program's one-click request):
    unsubscribe this one subscription."""

    template_name = "alerts/unsubscribe.html"

    def get(self, request, token):
        context = {
            "subscription": self.subscription,
            "token": token,
            "summary": selectors.alert_summary(
                kind=self.subscription.kind, filters=self.subscription.filters
            ),
            "active": self.subscription.status != SubscriptionStatus.CANCELLED,
        }
        return render(request, self.template_name, context)

    def post(self, request, token):
        services.subscription_cancel(subscription=self.subscription)
        context = {"subscription": self.subscription, "token": token}
        return render(request, "alerts/unsubscribed.html", context)
