"""Operators see e-mail that is stuck: the admin list, the check command, the resend command."""

import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from post_office import mail
from post_office.models import STATUS, Email, Log

from next2met.mail import mail_queue_send
from partners.models import MembershipRole
from tests.partners.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.events.failing_backend.FailingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
CHANGELIST = "admin:post_office_email_changelist"


def message(subject="Please confirm your registration", *, to="ada@example.org", hours=24):
    return mail.send(
        recipients=[to],
        sender="Next2Met <noreply@example.org>",
        subject=subject,
        message="Your link: https://portal.example.org/en/events/registration/secret/",
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )


def fail_for_good(email):
    """A message the mail server refused until it was given up."""
    Email.objects.filter(pk=email.pk).update(number_of_retries=6)
    mail_queue_send()  # the next pause (an hour) would end after the message's deadline
    email.refresh_from_db()
    assert email.status == STATUS.failed
    return email


@pytest.fixture
def partner_staff():
    return [
        MembershipFactory(role=role, user__username=f"partner-{role}").user
        for role in (MembershipRole.EDITOR, MembershipRole.MANAGER)
    ]


@pytest.fixture
def outage(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_RETRY_MINUTES = 5
    settings.EMAIL_RETRY_MAX_MINUTES = 60


def check(**options):
    out = io.StringIO()
    try:
        call_command("check_mail_queue", stdout=out, **options)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


# --- Admin ------------------------------------------------------------------------------------


def test_portal_editor_sees_failed_mail_with_status_recipient_error_and_attempts(
    client, portal_editor, outage
):
    fail_for_good(message(hours=1))
    client.force_login(portal_editor)
    response = client.get(reverse(CHANGELIST), {"status__exact": STATUS.failed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ada@example.org" in html
    assert "Please confirm your registration" in html
    assert "ConnectionRefusedError: mail server unreachable" in html
    assert '<td class="field-attempts">7</td>' in html
    assert "failed" in html
    # The body with its secret link is not shown, neither in the list nor on the page.
    email = Email.objects.get()
    detail = client.get(reverse("admin:post_office_email_change", args=[email.pk]))
    assert detail.status_code == 200
    assert "mail server unreachable" in detail.content.decode()
    assert "/events/registration/secret/" not in detail.content.decode()
    assert "/events/registration/secret/" not in html


def test_admin_index_lists_the_mail_queue_for_portal_editors_and_superusers(client, portal_editor):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (portal_editor, superuser):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert reverse(CHANGELIST) in response.content.decode()
        assert client.get(reverse(CHANGELIST)).status_code == 200


def test_partner_staff_do_not_see_the_mail_queue_at_all(client, partner_staff):
    email = message()
    for user in partner_staff:
        client.force_login(user)
        index = client.get(reverse("admin:index"))
        assert index.status_code == 200
        assert reverse(CHANGELIST) not in index.content.decode()
        assert client.get(reverse(CHANGELIST)).status_code == 403
        detail = client.get(reverse("admin:post_office_email_change", args=[email.pk]))
        assert detail.status_code == 403
        assert "ada@example.org" not in detail.content.decode()
        assert client.get(reverse("admin:post_office_log_changelist")).status_code == 403


def test_portal_editor_queues_failed_mail_again_from_the_list(client, portal_editor, outage):
    still_useful = fail_for_good(message(hours=1))
    too_late = fail_for_good(message("Old news", hours=1))
    Email.objects.filter(pk=too_late.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(portal_editor)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "requeue_failed", ACTION_CHECKBOX_NAME: [still_useful.pk, too_late.pk]},
        follow=True,
    )
    assert "1 message is queued again." in response.content.decode()
    still_useful.refresh_from_db()
    too_late.refresh_from_db()
    assert still_useful.status == STATUS.queued and still_useful.number_of_retries == 0
    assert too_late.status == STATUS.failed


# --- check_mail_queue ---------------------------------------------------------------------------


def test_check_passes_when_mail_flows(settings):
    settings.EMAIL_BACKEND = WORKING
    message()
    mail_queue_send()
    message()  # just queued: not overdue
    code, out = check()
    assert code == 0
    assert out.startswith("Mail queue OK: 1 waiting, 0 overdue")
    assert "1 sent in the last 24 h" in out


def test_check_fails_on_failed_mail_and_names_the_error_without_addresses(outage):
    fail_for_good(message(to="ada@example.org", hours=1))
    code, out = check()
    assert code == 1
    assert "Mail queue STUCK" in out
    assert "1 failed in the last 24 h" in out
    assert "mail server unreachable" in out
    assert "ada@example.org" not in out
    assert "resend_failed_mail" in out  # the message is still useful


def test_check_fails_when_mail_waits_too_long(settings):
    email = message()
    Email.objects.filter(pk=email.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=45)
    )
    code, out = check(overdue_minutes=30)
    assert code == 1
    assert "1 overdue (waiting more than 30 min)" in out
    assert "Oldest waiting for 45 min" in out
    assert check(overdue_minutes=60)[0] == 0


def test_check_counts_retried_mail_as_overdue_during_an_outage(outage):
    email = message()
    mail_queue_send()  # refused: retried in five minutes
    Email.objects.filter(pk=email.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=40)
    )
    code, out = check(overdue_minutes=30)
    assert code == 1
    assert "1 overdue" in out


def test_failed_mail_older_than_the_window_no_longer_alarms(outage):
    fail_for_good(message(hours=1))
    Email.objects.update(last_updated=timezone.now() - datetime.timedelta(hours=30))
    assert check(failed_hours=24)[0] == 0
    assert check(failed_hours=48)[0] == 1


# --- resend_failed_mail -------------------------------------------------------------------------


def resend(*args):
    out = io.StringIO()
    call_command("resend_failed_mail", *args, stdout=out)
    return out.getvalue()


def test_resend_queues_again_only_failed_mail_that_is_still_useful(outage, settings):
    useful = fail_for_good(message("Join link", hours=1))
    expired = fail_for_good(message("Old confirmation", hours=1))
    Email.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    dry = resend("--dry-run")
    assert "Join link" in dry and "Old confirmation" not in dry
    assert "1 failed message(s) would be queued again." in dry
    assert Email.objects.filter(status=STATUS.failed).count() == 2

    assert "1 failed message(s) queued again." in resend()
    useful.refresh_from_db()
    assert useful.status == STATUS.queued
    assert Email.objects.get(pk=expired.pk).status == STATUS.failed

    settings.EMAIL_BACKEND = WORKING
    mail_queue_send()
    useful.refresh_from_db()
    assert useful.status == STATUS.sent


def test_resend_since_takes_only_mail_that_failed_since_then(outage):
    earlier = fail_for_good(message("Earlier", hours=1))
    fail_for_good(message("Recent", hours=1))
    Email.objects.filter(pk=earlier.pk).update(
        last_updated=timezone.now() - datetime.timedelta(hours=5)
    )
    out = resend("--since", "2h")
    assert "Recent" in out and "Earlier" not in out
    assert Email.objects.get(pk=earlier.pk).status == STATUS.failed
    day = (timezone.localtime() - datetime.timedelta(days=1)).date().isoformat()
    assert "1 failed message(s) queued again." in resend("--since", day)


@pytest.mark.parametrize("value", ["yesterday", "5x", "2025-13-45", "-3h"])
def test_resend_refuses_a_since_it_cannot_read(value):
    with pytest.raises(CommandError, match="--since"):
        resend("--since", value)


def test_failure_log_keeps_the_mail_servers_answer(outage):
    email = message()
    mail_queue_send()
    assert Log.objects.get(email=email).message == "mail server unreachable"
