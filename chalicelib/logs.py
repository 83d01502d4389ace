"""Structured JSON logs (Powertools Logger). NRIC/FIN numbers never reach a log line."""

from __future__ import annotations

import logging
import re

from aws_lambda_powertools import Logger

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


logger = Logger(service="icms", level=get_settings().log_level)
logger.addFilter(RedactIdentityNumbers())
