"""Build the deployable artefact: ``python -m local.package [--stage dev|prod] [--out build]``.

Merges ``infra/resources.yaml`` (data plane), ``infra/lambda.yaml`` (settings Chalice cannot
express, CloudFront), ``infra/iam.yaml`` (a least-privilege role per function) and
``infra/alarms.yaml`` (alarms) into one template, runs ``chalice package`` with it, and lints the result
with cfn-lint, which catches logical-id collisions between the two.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import json
import os
import py_compile
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
INFRA = ROOT / "infra"
BIN = Path(sys.executable).parent


def deep_merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# Merged in this order into the template Chalice generates: the data plane, then the functions'
# settings and CloudFront, their roles, their alarms.
MERGED = ("resources.yaml", "lambda.yaml", "iam.yaml", "alarms.yaml")


def merge_document(stage: str) -> dict:
    merged: dict = {}
    for name in MERGED:
        merged = deep_merge(merged, yaml.safe_load((INFRA / name).read_text()))
    merged["Parameters"]["Stage"]["Default"] = stage
    merged.pop("Description", None)  # Chalice writes its own
    return merged


def package(stage: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    merge_file = out / f"merge-{stage}.json"
    merge_file.write_text(json.dumps(merge_document(stage), indent=2))
    target = out / stage
    # `chalice package` imports app.py to find its handlers; the settings it then validates need a
    # pepper, which in AWS comes from Secrets Manager and is never baked into the package.
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICMS_") and key != "AWS_ENDPOINT_URL"}
    env.update(AWS_DEFAULT_REGION=env.get("AWS_DEFAULT_REGION", "ap-southeast-1"),
               ICMS_IDENTIFIER_PEPPER="placeholder-while-packaging")
    subprocess.run(
        [str(BIN / "chalice"), "package", "--stage", stage, "--merge-template", str(merge_file), str(target)],
        cwd=ROOT, env=env, check=True,
    )
    subprocess.run([str(BIN / "cfn-lint"), str(target / "sam.json")], cwd=ROOT, check=True)
    add_bytecode(target / "deployment.zip")
    return target


# botocore's service models kept beside those the functions call (``chalicelib.aws.SERVICES``):
# STS and SSO for the SDK's credential chain, DynamoDB's own for PynamoDB and Powertools.
SDK_SERVICES = frozenset({"sts", "sso", "sso-oidc"})


def unused_service_model(name: str) -> bool:
    """An entry of ``botocore/data/<service>/`` for a service no function calls."""
    from chalicelib.aws import SERVICES

    parts = name.split("/")
    return (len(parts) > 3 and parts[0] == "botocore" and parts[1] == "data"
            and parts[2] not in SERVICES | SDK_SERVICES)


def add_bytecode(archive: Path) -> int:
    """Put each module's compiled bytecode beside it in the zip, in place of any cached there, and
    leave out botocore's models of services no function calls.

    Lambda's code directory is read-only, so Python cannot cache what it compiles: without these,
    every cold start compiles every module it imports, ours and the libraries'. They are
    unchecked-hash files (PEP 552), used as they are whatever file times the zip restores; the
    ``__pycache__`` folders of a developer's checkout (timestamp-checked) are left out. Returns how
    many were added."""
    rebuilt = archive.with_suffix(".rebuilding")
    with tempfile.TemporaryDirectory() as scratch:
        with zipfile.ZipFile(archive) as original, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for info in original.infolist():
                if "__pycache__/" in info.filename or unused_service_model(info.filename):
                    continue
                data = original.read(info)
                if info.filename.endswith(".py"):
                    source = Path(scratch, info.filename)
                    source.parent.mkdir(parents=True, exist_ok=True)
                    source.write_bytes(data)
                out.writestr(copy.copy(info), data)  # writestr moves the entry's offset: not the original's
            compileall.compile_dir(scratch, quiet=2, ddir="/var/task", workers=0,
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            compiled = sorted(Path(scratch).rglob("*.pyc"))
            for path in compiled:
                out.write(path, path.relative_to(scratch).as_posix())
    rebuilt.replace(archive)
    return len(compiled)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=["dev", "prod"], default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    target = package(args.stage, args.out)
    print(f"packaged {args.stage}: {target / 'deployment.zip'} and {target / 'sam.json'}")


if __name__ == "__main__":
    main()
