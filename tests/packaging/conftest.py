"""The prod package, built once for every packaging test (`chalice package` and cfn-lint)."""

import pytest

from local.package import package


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return package("prod", tmp_path_factory.mktemp("build"))


def pytest_collection_modifyitems(items):
    """One worker builds the package for every packaging test: `chalice package` keeps a cache of
    the built dependencies in `.chalice/deployments/`, which two builds at once would both write."""
    for item in items:
        if "tests/packaging/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("package"))
