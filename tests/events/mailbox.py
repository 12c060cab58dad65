from django.core import mail

from next2met.mail import mail_queue_send


def deliver():
    """Send what is queued, as `manage.py deliver_mail` does from cron; return what went out."""
    before = len(mail.outbox)
    mail_queue_send()
    return mail.outbox[before:]
