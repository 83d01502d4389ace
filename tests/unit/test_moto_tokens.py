"""moto as the tests and `make run` serve it (local/moto_server.py) answers a repeated request
token as DynamoDB does: once applied, never twice."""

from __future__ import annotations

import os
import subprocess
import sys

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


def test_the_moto_make_run_starts_honours_tokens_too():
    """``make run`` serves moto in a process of its own (``python -m local.moto_server``): building
    the server there, with nothing else imported, is what teaches moto the tokens."""
    script = ("from local.moto_server import serial_server\n"
              "server = serial_server('127.0.0.1', 0, log_requests=False)\n"
              "from moto.dynamodb.responses import DynamoHandler\n"
              "assert getattr(DynamoHandler.transact_write_items, 'honours_tokens', False)\n"
              "server.server_close()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert done.returncode == 0, done.stderr
