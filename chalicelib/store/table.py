"""The single DynamoDB table: the base item every entity shares, and its two indexes.

Keys are overloaded: ``pk``/``sk`` hold the aggregate partition, ``gsi1`` groups items by their
owner (a person's cases and events, a firm's cases on record), ``gsi2`` groups court events by
Singapore calendar day. ``docs/data-model.md`` lists every access pattern.
"""

from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (
    DiscriminatorAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.connection import Connection, TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from ..settings import AWS_CONNECT_TIMEOUT_SECONDS, AWS_MAX_ATTEMPTS, get_settings

_settings = get_settings()


class _TableMeta:
    table_name = _settings.table_name
    region = _settings.region
    host = _settings.aws_endpoint_url
    # The same timeouts and retries as every boto3 client (``settings.aws_client_config``).
    connect_timeout_seconds = AWS_CONNECT_TIMEOUT_SECONDS
    read_timeout_seconds = _settings.aws_read_timeout_seconds
    max_retry_attempts = AWS_MAX_ATTEMPTS


class ByOwnerIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ByDayIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Entity(Model):
    """Base of every item. ``type`` tells the entity apart when a query returns a mix."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    # The table's one TTL attribute; every expiring entity (sessions, idempotency records) uses it.
    expires_at = TTLAttribute(null=True)

    by_owner = ByOwnerIndex()
    by_day = ByDayIndex()

    @classmethod
    def _get_connection(cls) -> TableConnection:
        # PynamoDB gives each model class a connection of its own, each with its own botocore
        # session and client (tens of milliseconds each to create, and a connection pool each);
        # every entity lives in the one table, so they all share one, made on first use.
        return _table_connection()


@lru_cache(maxsize=1)
def _table_connection() -> TableConnection:
    return Model._get_connection.__func__(Entity)


def connection() -> Connection:
    """The one DynamoDB connection, for transactions (``TransactWrite``/``TransactGet``)."""
    return _table_connection().connection
