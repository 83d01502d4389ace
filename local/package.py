"""Build the deployable artefact: ``python -m local.package [--stage dev|prod] [--out build]``.

Merges ``infra/resources.yaml`` (data plane), ``infra/lambda.yaml`` (settings Chalice cannot
express, CloudFront), ``infra/iam.yaml`` (a least-privilege role per function) and
``infra/alarms.yaml`` (alarms) into one template, runs ``chalice package`` with it, and lints the result
with cfn-lint, which catches logical-id collisions between the two.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
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
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=["dev", "prod"], default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    target = package(args.stage, args.out)
    print(f"packaged {args.stage}: {target / 'deployment.zip'} and {target / 'sam.json'}")


if __name__ == "__main__":
    main()
