"""Log filters: personal data and secret links stay out of the logs.

Registrants manage their registration through a link with a secret token in its path
(`/<lang>/events/registration/<token>/…`), and staff set a password through one
(`/<lang>/admin/reset/<uidb64>/<token>/`). Whoever reads a log line with such a path can use
it, so every log line (Django's and gunicorn's, see next2met/gunicorn.conf.py) shows `[token]`
instead. E-mail addresses (mail server errors name them) show as `[e-mail address]`.
"""

import logging
import re

from django.views.debug import ExceptionReporter

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[e-mail address]"

# The token segment of the secret links, wherever the path appears: request line, path,
# referrer, full URL. Slashes may be doubled or percent-encoded.
_SLASH = r"(?:/|%2[fF])+"
SECRET_PATH = re.compile(
    rf"(?P<prefix>/events{_SLASH}registration{_SLASH}"
    rf"|/alerts{_SLASH}(?:manage|unsubscribe){_SLASH}"
    rf"|/admin{_SLASH}reset{_SLASH}[^/\s?#\"'<>%]+{_SLASH})"
    r"(?P<secret>[^/\s?#\"'<>]+)"
)
REDACTED_TOKEN = "[token]"


def redact(text: str) -> str:
    """`text` without secret link tokens and e-mail addresses."""
    if "/" in text or "%2" in text:
        text = SECRET_PATH.sub(rf"\g<prefix>{REDACTED_TOKEN}", text)
    if "@" in text:
        text = EMAIL_ADDRESS.sub(REDACTED, text)
    return text


class RedactPrivateData(logging.Filter):
    """Redact secret link tokens and e-mail addresses in messages and tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # A message that does not fit its arguments: the handler reports it as it is.
            message = None
        if message is not None:
            redacted = redact(message)
            if redacted != message:
                record.msg = redacted
                record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingExceptionReporter(ExceptionReporter):
    """Error reports e-mailed to ADMINS, without secret tokens and e-mail addresses.

    Besides the paths, the token of the failing request's URL is removed wherever it shows,
    for instance among a frame's local variables.
    """

    def _redact(self, text: str) -> str:
        text = redact(text)
        match = getattr(self.request, "resolver_match", None)
        token = match.kwargs.get("token") if match else None
        if isinstance(token, str) and token:
            text = text.replace(token, REDACTED_TOKEN)
        return text

    def get_traceback_text(self):
        return self._redact(super().get_traceback_text())

    def get_traceback_html(self):
        return self._redact(super().get_traceback_html())
