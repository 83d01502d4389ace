"""Provision AWS resources on moto from the same CloudFormation template AWS gets."""

from __future__ import annotations

import time
from pathlib import Path

import boto3

INFRA = Path(__file__).resolve().parent.parent / "infra"
RESOURCES_TEMPLATE = INFRA / "resources.yaml"
STACK_NAME = "icms-{stage}-resources"


def provision(endpoint_url: str, *, stage: str = "dev", region: str = "ap-southeast-1",
              email_sender: str | None = None, portal_origin: str | None = None) -> dict[str, str]:
    """Create (or keep) the resources stack; return its outputs. Safe to call again."""
    cloudformation = boto3.client("cloudformation", endpoint_url=endpoint_url, region_name=region)
    name = STACK_NAME.format(stage=stage)
    existing = {s["StackName"] for s in cloudformation.list_stacks(
        StackStatusFilter=["CREATE_COMPLETE", "UPDATE_COMPLETE"])["StackSummaries"]}
    if name not in existing:
        cloudformation.create_stack(
            StackName=name,
            TemplateBody=RESOURCES_TEMPLATE.read_text(),
            Parameters=[{"ParameterKey": "Stage", "ParameterValue": stage}]
            + ([{"ParameterKey": "PortalOrigin", "ParameterValue": portal_origin}] if portal_origin else []),
        )
        _wait_for(cloudformation, name)
    if email_sender:
        # In AWS the sender's domain is verified once, out of band (DNS); moto needs it per run.
        boto3.client("ses", endpoint_url=endpoint_url, region_name=region).verify_email_identity(
            EmailAddress=email_sender
        )
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    if portal_origin:
        # moto's CloudFormation does not apply a bucket's CorsConfiguration; set the same rule.
        boto3.client("s3", endpoint_url=endpoint_url, region_name=region).put_bucket_cors(
            Bucket=outputs["DocumentsBucketName"],
            CORSConfiguration={"CORSRules": [{"AllowedOrigins": [portal_origin], "AllowedMethods": ["POST"],
                                              "AllowedHeaders": ["*"], "MaxAgeSeconds": 3000}]},
        )
    return outputs


def _wait_for(cloudformation, name: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        if status.endswith("_COMPLETE") and "ROLLBACK" not in status:
            return
        if "FAILED" in status or "ROLLBACK" in status:
            events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
            reasons = [e.get("ResourceStatusReason") for e in events if e.get("ResourceStatusReason")]
            raise RuntimeError(f"stack {name} failed: {status}: {reasons}")
        time.sleep(0.2)
    raise TimeoutError(f"stack {name} not ready after {timeout}s")
