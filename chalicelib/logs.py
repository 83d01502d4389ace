"""Structured JSON logs (Powertools Logger). NRIC/FIN numbers never reach a log line."""

from __future__ import annotations

import logging
import re

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from .settings import get_settings

_NRIC_ANYWHERE = re.compile(r"\b[STFGM]\d{7}[A-Z]\b", re.IGNORECASE)


def redact(value: object) -> object:
    if isinstance(value, str):
        return _NRIC_ANYWHERE.sub("[NRIC]", value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    return value


class RedactIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):
            record.msg = redact(record.msg)
        else:
            record.msg = redact(record.getMessage())
            record.args = ()
        for key, value in list(vars(record).items()):
            if key not in ("msg", "args", "exc_info", "exc_text", "stack_info") and isinstance(value, (str, dict, list, tuple)):
                setattr(record, key, redact(value))
        return True


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Tracebacks are formatted after filters run, so their text is redacted here."""

    def formatException(self, exc_info) -> str:  # noqa: N802 (logging's name)
        return redact(super().formatException(exc_info))


# The structured stack trace would carry exception values unredacted; the redacted text is enough.
logger = Logger(service="icms", level=get_settings().log_level,
                logger_formatter=RedactingFormatter(serialize_stacktrace=False))
logger.addFilter(RedactIdentityNumbers())
