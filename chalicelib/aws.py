"""boto3 clients, created on first use (importing creates nothing) and reused across invocations."""

from __future__ import annotations

from functools import lru_cache

import boto3
from botocore.config import Config

from .settings import get_settings

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


@lru_cache(maxsize=None)
def client(service: str):
    settings = get_settings()
    return boto3.client(
        service, region_name=settings.region, endpoint_url=settings.aws_endpoint_url, config=_CONFIG
    )


@lru_cache(maxsize=None)
def queue_url(name: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
