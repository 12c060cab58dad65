"""Log filters: personal data stays out of the logs."""

import logging
import re

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[e-mail address]"


class RedactEmailAddresses(logging.Filter):
    """Replace e-mail addresses in messages and tracebacks (mail server errors name them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg = EMAIL_ADDRESS.sub(REDACTED, message)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and "@" in record.exc_text:
            record.exc_text = EMAIL_ADDRESS.sub(REDACTED, record.exc_text)
        return True
