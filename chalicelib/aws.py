"""boto3 clients, created on first use (importing creates nothing) and reused across invocations."""

from __future__ import annotations

from functools import lru_cache

import boto3
from botocore.config import Config

from .settings import aws_client_config, get_settings

# Browsers post uploads straight to the bucket: its regional virtual-hosted name is the origin the
# Content-Security-Policy allows (``Settings.documents_upload_origin``).
_S3_ADDRESSING = Config(s3={"addressing_style": "virtual"})

# Every AWS service the functions call. The package keeps botocore's models of these only
# (``local/package.py``): the other four hundred are two thirds of its size.
SERVICES = frozenset({"dynamodb", "s3", "sesv2", "sns", "sqs"})


@lru_cache(maxsize=None)
def client(service: str):
    if service not in SERVICES:
        raise ValueError(f"{service} is not in aws.SERVICES, whose models the package keeps")
    settings = get_settings()
    config = aws_client_config(settings)
    if service == "s3" and not settings.aws_endpoint_url:
        config = config.merge(_S3_ADDRESSING)
    return boto3.client(service, region_name=settings.region, endpoint_url=settings.aws_endpoint_url, config=config)


@lru_cache(maxsize=None)
def queue_url(name: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
