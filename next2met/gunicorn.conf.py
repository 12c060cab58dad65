"""gunicorn settings of the portal: `gunicorn --config next2met/gunicorn.conf.py next2met.wsgi`.

Address, workers and log files come from the command line (`make serve`, the load test, the
service unit); this file keeps what every one of them needs: log lines without secrets.

Registrants' manage links carry a secret token in the path, and browsers send that path as
the referrer of the requests a manage page makes. The access and error logs show `[token]` in
its place (next2met.logging.redact), whatever format or handler an operator chooses. The access
log's format leaves out the client address: the reverse proxy logs it, under its own retention.
"""

from gunicorn.glogging import Logger

from next2met.logging import RedactPrivateData

_REDACT = RedactPrivateData()


class RedactingLogger(Logger):
    """gunicorn's logger whose access and error lines carry no secret token nor e-mail address."""

    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers, not their handlers: also covers handlers from a log configuration.
        for log in (self.error_log, self.access_log):
            log.addFilter(_REDACT)


logger_class = RedactingLogger
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
