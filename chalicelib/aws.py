"""boto3 clients, created on first use (importing creates nothing) and reused across invocations."""

from __future__ import annotations

from functools import lru_cache

import boto3
from botocore.config import Config

from .settings import get_settings

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2)
# Browsers post uploads straight to the bucket: its regional virtual-hosted name is the origin the
# Content-Security-Policy allows (``Settings.documents_upload_origin``).
_S3_CONFIG = _CONFIG.merge(Config(s3={"addressing_style": "virtual"}))


@lru_cache(maxsize=None)
def client(service: str):
    settings = get_settings()
    config = _S3_CONFIG if service == "s3" and not settings.aws_endpoint_url else _CONFIG
    config = config.merge(Config(read_timeout=settings.aws_read_timeout_seconds))
    return boto3.client(service, region_name=settings.region, endpoint_url=settings.aws_endpoint_url, config=config)


@lru_cache(maxsize=None)
def queue_url(name: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
