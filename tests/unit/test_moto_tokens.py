"""moto as the tests and `make run` serve it (local/moto_server.py) answers a repeated request
token as DynamoDB does: once applied, never twice."""

from __future__ import annotations

import os

import boto3


def test_a_transaction_sent_twice_with_one_token_is_applied_once(aws):
    client = boto3.client("dynamodb", endpoint_url=aws, region_name="ap-southeast-1")
    put = {"Put": {"TableName": os.environ["ICMS_TABLE_NAME"], "Item": {"pk": {"S": "TOKEN#1"}, "sk": {"S": "X"}},
                   "ConditionExpression": "attribute_not_exists(pk)"}}
    client.transact_write_items(TransactItems=[put], ClientRequestToken="token-0001")
    client.transact_write_items(TransactItems=[put], ClientRequestToken="token-0001")  # a retry: no refusal
    try:
        client.transact_write_items(TransactItems=[put], ClientRequestToken="token-0002")
    except client.exceptions.TransactionCanceledException:
        pass
    else:
        raise AssertionError("a new token runs the transaction again, and its condition refuses it")
