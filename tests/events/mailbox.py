from django.core import mail
from post_office.mail import send_queued


def deliver():
    """Send what is queued, as `manage.py send_queued_mail` does from cron; return what went out.

    (The command itself closes the database connection after each batch, which a test inside a
    transaction cannot survive; it runs the same `send_queued` loop.)
    """
    before = len(mail.outbox)
    send_queued()
    return mail.outbox[before:]
