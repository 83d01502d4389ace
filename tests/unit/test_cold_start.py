"""Importing the app (as the API function does) or a job's wiring creates no AWS client, makes no
network call and loads none of what only some functions use. How long it takes is measured by
``bench/cold_start.py``, not here."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cold_start import ONLY_WHERE_USED, environment

ROOT = Path(__file__).resolve().parents[2]

_GUARDED_IMPORT = """
import json, socket, sys
import botocore.session

def refuse(*args, **kwargs):
    raise AssertionError("an AWS client or a network connection was made at import")

botocore.session.Session.create_client = refuse
socket.socket.connect = refuse
socket.create_connection = refuse
import {module}
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("module", ["app", "chalicelib.jobs.handlers"])
def test_importing_makes_no_client_no_connection_and_loads_only_what_every_function_needs(module):
    completed = subprocess.run([sys.executable, "-c", _GUARDED_IMPORT.format(module=module)], cwd=ROOT,
                               env=environment(), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-2000:]
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded for lazy in ONLY_WHERE_USED if m == lazy or m.startswith(lazy + ".")]
    assert "pydantic_settings" not in loaded and "email_validator" not in loaded


def test_every_entity_shares_one_connection():
    from chalicelib.store.table import Entity, connection

    def subclasses(model):
        for sub in model.__subclasses__():
            yield sub
            yield from subclasses(sub)

    from chalicelib.web.routing import declared_routes

    declared_routes()  # every view, so every store module and every entity

    connections = {id(model._get_connection()) for model in subclasses(Entity)}
    assert connections == {id(Entity._get_connection())}
    assert connection() is Entity._get_connection().connection
