"""Reading who signed in from Singpass and Corppass claims."""

from __future__ import annotations

import pytest

from chalicelib.auth.identities import CorppassIdentity, SingpassIdentity, parse_subject
from chalicelib.auth.oidc import LoginFailed

UUID = "a9865837-7bd7-46ac-bef4-42a76a946424"


def corppass_claims(**changes) -> dict:
    claims = {
        "sub": f"s=S8979373D,u={UUID},c=SG",
        "entityInfo": {"CPEntID": "123456789A", "CPEnt_TYPE": "UEN", "CPEnt_Status": "Registered",
                       "CPNonUEN_Country": "", "CPNonUEN_RegNo": "", "CPNonUEN_Name": ""},
        "userInfo": {"CPAccType": "User", "ISSPHOLDER": "YES", "CPUID_FullName": "Tan Ah Kow"},
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def refusal(parse, claims) -> str:
    with pytest.raises(LoginFailed) as failed:
        parse(claims)
    assert "S8979373D" not in str(failed.value)
    return failed.value.reason_code


@pytest.mark.parametrize("sub", [f"s=S8979373D,u={UUID}", f"u={UUID},s=S8979373D", f" s = s8979373d , u={UUID} "])
def test_singpass_v2_sub_in_any_order_and_case(sub):
    identity = SingpassIdentity.from_claims({"sub": sub})
    assert (identity.nric, identity.uuid) == ("S8979373D", UUID)


def test_singpass_fapi2_sub_is_the_uuid_with_the_nric_in_sub_attributes():
    identity = SingpassIdentity.from_claims({"sub": UUID, "sub_attributes": {"identity_number": "s8979373d"}})
    assert (identity.nric, identity.uuid) == ("S8979373D", UUID)


def test_nric_checksums_are_left_to_the_provider():
    # mockpass's persona F9477325W fails the published check-letter table, and Singpass is the authority.
    assert SingpassIdentity.from_claims({"sub": f"s=F9477325W,u={UUID}"}).nric == "F9477325W"


def test_the_nric_stays_out_of_repr_and_is_shown_masked():
    identity = SingpassIdentity.from_claims({"sub": f"s=S8979373D,u={UUID}"})
    assert "S8979373D" not in repr(identity)
    assert identity.masked_nric == "S****373D"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({}, "malformed_identity"),
        ({"sub": 42}, "malformed_identity"),
        ({"sub": f"S8979373D,{UUID}"}, "malformed_identity"),
        ({"sub": f"s=S8979373D,s=S8116474F,u={UUID}"}, "malformed_identity"),
        ({"sub": f"s=,u={UUID}"}, "malformed_identity"),
        ({"sub": "s=S8979373D"}, "malformed_identity"),
        ({"sub": f"u={UUID}"}, "malformed_identity"),
        ({"sub": "s=S8979373D,u=not a uuid!"}, "malformed_identity"),
        ({"sub": f"s=S8979373D,,u={UUID}"}, "malformed_identity"),
        ({"sub": UUID}, "malformed_identity"),  # FAPI 2.0 shape without sub_attributes
        ({"sub": UUID, "sub_attributes": "S8979373D"}, "malformed_identity"),
        ({"sub": f"s=Y4581892I,fid=G730Z-H5P96,coi=DE,u={UUID}"}, "unsupported_identity"),
        ({"sub": f"s=S897937D,u={UUID}"}, "unsupported_identity"),
        ({"sub": f"s=S8979373DX,u={UUID}"}, "unsupported_identity"),
    ],
)
def test_malformed_singpass_subjects_are_refused(claims, reason):
    assert refusal(SingpassIdentity.from_claims, claims) == reason


def test_corppass_identity_from_sub_entity_and_user_info():
    identity = CorppassIdentity.from_claims(corppass_claims())
    assert identity == CorppassIdentity(
        nric="S8979373D", uuid=UUID, uen="123456789A", entity_type="UEN", entity_status="Registered",
        account_type="User", singpass_holder=True, full_name="Tan Ah Kow",
    )
    assert "S8979373D" not in repr(identity) and "Tan Ah Kow" not in repr(identity)


def test_corppass_production_sub_prefers_uuid_over_the_short_user_id():
    identity = CorppassIdentity.from_claims(corppass_claims(sub=f"c=SG,u=CP192,uuid={UUID},s=S8979373D"))
    assert identity.uuid == UUID


def test_corppass_sub_without_uuid_uses_u_as_mockpass_sends_it():
    assert CorppassIdentity.from_claims(corppass_claims(sub="s=S8979373D,u=CP192,c=SG")).uuid == "CP192"


def test_corppass_full_name_is_optional_as_mockpass_omits_it():
    claims = corppass_claims(userInfo={"CPAccType": "User", "ISSPHOLDER": "NO"})
    identity = CorppassIdentity.from_claims(claims)
    assert identity.full_name is None and identity.singpass_holder is False


@pytest.mark.parametrize(
    "changes",
    [
        {"sub": "S8979373D"},
        {"sub": "s=S8979373D,c=SG"},
        {"entityInfo": None},
        {"entityInfo": {"CPEnt_TYPE": "UEN", "CPEnt_Status": "Registered"}},
        {"entityInfo": {"CPEntID": " ", "CPEnt_TYPE": "UEN", "CPEnt_Status": "Registered"}},
        {"userInfo": None},
        {"userInfo": {"ISSPHOLDER": "YES"}},
    ],
)
def test_malformed_corppass_claims_are_refused(changes):
    assert refusal(CorppassIdentity.from_claims, corppass_claims(**changes)) == "malformed_identity"


def test_parse_subject_splits_key_value_pairs():
    assert parse_subject("s=S1,u=x,c=SG") == {"s": "S1", "u": "x", "c": "SG"}
    with pytest.raises(ValueError):
        parse_subject("s=S1,s=S2")
