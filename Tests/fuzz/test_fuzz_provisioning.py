"""Fuzzes every `/v1_1/provisioning` operation of Cloudinary's Provisioning API spec (provisioning.yml) with
the account key: valid and invalid data, ids drawn from what exists; never a 5xx, the server always alive."""

from __future__ import annotations

import pytest
import schemathesis

from fuzz_support import drawn, exercise, fuzz_config, session, spec_path
from support import ACCOUNT_ID, API_KEY, API_SECRET

schema = schemathesis.pytest.from_fixture("provisioning_schema").include(path_regex="^/v1_1/provisioning/")


@pytest.fixture(scope="module")
def provisioning_schema(fuzz_server, seeded):
    config = fuzz_config(fuzz_server.base_url, parameters={
        "path.account_id": ACCOUNT_ID,
        "path.sub_account_id": drawn("environments"),
        "path.user_id": drawn("users"),
        "path.group_id": drawn("groups"),
        "path.key": drawn("access_keys"),
    }, dictionaries=seeded)
    return schemathesis.openapi.from_path(spec_path("provisioning.yml"), config=config)


@pytest.fixture(scope="module")
def account_session():
    with session((API_KEY, API_SECRET)) as s:
        yield s


@schema.parametrize()
def test_provisioning_operations(case, fuzz_server, account_session):
    exercise(case, fuzz_server, account_session)
