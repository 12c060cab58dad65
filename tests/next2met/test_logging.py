"""No personal data in logs: e-mail addresses are redacted from messages and tracebacks."""

import logging

from next2met.logging import RedactPrivateData


def record_for(message, *args, exc_info=None):
    return logging.LogRecord("post_office", logging.ERROR, __file__, 1, message, args, exc_info)


def test_addresses_in_messages_are_redacted():
    record = record_for("Failed sending mail to %s: %s", "anna.nowak+events@firma.pl", "timeout")
    assert RedactPrivateData().filter(record) is True
    assert record.getMessage() == "Failed sending mail to [e-mail address]: timeout"


def test_addresses_in_tracebacks_are_redacted():
    try:
        raise ConnectionError("550 mailbox <jan@example.de> unavailable")
    except ConnectionError as error:
        record = record_for("delivery failed", exc_info=(type(error), error, error.__traceback__))
    RedactPrivateData().filter(record)
    text = logging.Formatter().format(record)
    assert "jan@example.de" not in text
    assert "550 mailbox <[e-mail address]> unavailable" in text


def test_the_console_handler_redacts():
    handlers = logging.getLogger().handlers
    assert any(
        isinstance(log_filter, RedactPrivateData)
        for handler in handlers
        for log_filter in handler.filters
    )
