"""The prod package, built once for every packaging test (`chalice package` and cfn-lint)."""

import pytest

from local.package import package


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return package("prod", tmp_path_factory.mktemp("build"))
