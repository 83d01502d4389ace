"""The rules of a law firm's accounts and who in a firm submits documents: plain Python, no AWS."""

import pytest
from pydantic import ValidationError

from chalicelib.domain.errors import Conflict, NotFound, RuleViolation
from chalicelib.domain.firms import (
    ROLE_DUTIES,
    FirmMember,
    NewFirm,
    NewMember,
    check_deactivation,
    may_prepare_drafts,
    submission_refusal,
)
from chalicelib.domain.principals import Principal, Role

UEN = "123456789A"


def _principal(role: Role, subject_id: str = "admin-1", firm_uen: str | None = UEN) -> Principal:
    return Principal(role=role, subject_id=subject_id, display_name="Someone", firm_uen=firm_uen,
                     firm_name="Tan & Lim LLP" if firm_uen else None)


def _member(role: Role = Role.COUNSEL, member_id: str = "counsel-1", active: bool = True,
            firm_uen: str = UEN) -> FirmMember:
    return FirmMember(member_id=member_id, firm_uen=firm_uen, nric="S8723211E", name="Lim Wei Ling",
                      role=role, active=active)


def _fields(error: ValidationError) -> list[str]:
    return [".".join(str(part) for part in item["loc"]) for item in error.errors()]


# --- who submits -------------------------------------------------------------------------------


def test_counsel_submit():
    assert submission_refusal(_principal(Role.COUNSEL)) is None


def test_paralegals_prepare_drafts_but_counsel_submit_them():
    paralegal = _principal(Role.PARALEGAL)
    assert may_prepare_drafts(paralegal)
    assert submission_refusal(paralegal) == "Paralegals prepare drafts; counsel of the firm on record submit them."


def test_a_firm_administrator_does_not_submit():
    administrator = _principal(Role.FIRM_ADMIN)
    assert not may_prepare_drafts(administrator)
    assert "counsel of the firm on record submit" in submission_refusal(administrator)


@pytest.mark.parametrize("role", [Role.ACCUSED, Role.REGISTRY])
def test_people_outside_a_firm_do_not_submit_for_one(role):
    principal = _principal(role, firm_uen=None)
    assert not may_prepare_drafts(principal)
    assert submission_refusal(principal) is not None


def test_the_help_text_states_the_same_rule():
    duties = dict(ROLE_DUTIES)
    assert submission_refusal(_principal(Role.PARALEGAL)) in duties[Role.PARALEGAL]
    assert set(duties) == {Role.COUNSEL, Role.PARALEGAL, Role.FIRM_ADMIN}


# --- creating accounts -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["counsel", "paralegal"])
def test_the_administrator_creates_counsel_and_paralegals(role):
    member = NewMember(nric=" s8723211e ", name=" Lim Wei Ling ", email="weiling@tanlim.example.sg", role=role)
    assert (member.nric, member.name, member.role) == ("S8723211E", "Lim Wei Ling", Role(role))
    created = member.to_member("m-1", UEN)
    assert created.firm_uen == UEN and created.active and created.nric_masked == "S****211E"


@pytest.mark.parametrize("role", ["firm_admin", "registry", "accused", "", None, ["counsel"]])
def test_no_other_role_is_created_by_the_administrator(role):
    with pytest.raises(ValidationError) as refused:
        NewMember(nric="S8723211E", name="Lim Wei Ling", email="weiling@tanlim.example.sg", role=role)
    assert _fields(refused.value) == ["role"]
    assert "counsel or paralegal" in str(refused.value)


def test_a_new_member_needs_every_field_and_no_others():
    with pytest.raises(ValidationError) as refused:
        NewMember.model_validate({"firm_uen": UEN})
    assert sorted(_fields(refused.value)) == ["email", "firm_uen", "name", "nric", "role"]


def test_a_new_firm_has_a_valid_uen_and_an_administrator_without_a_role():
    firm = NewFirm.model_validate({"uen": "201912345k", "name": "Ong & Partners LLC",
                                   "administrator": {"nric": "S7712345H", "name": "Ong Bee Hoon"}})
    assert firm.to_firm().uen == "201912345K"
    administrator = firm.administrator.to_member("m-1", firm.uen)
    assert administrator.role is Role.FIRM_ADMIN and administrator.email is None
    with pytest.raises(ValidationError) as refused:
        NewFirm.model_validate({"uen": "12345", "name": "X",
                                "administrator": {"nric": "S7712345A", "name": "Y", "role": "counsel"}})
    assert sorted(_fields(refused.value)) == ["administrator.nric", "administrator.role", "uen"]


# --- deactivating accounts ---------------------------------------------------------------------


def test_an_active_counsel_or_paralegal_of_the_firm_may_be_deactivated():
    administrator = _principal(Role.FIRM_ADMIN)
    for role in (Role.COUNSEL, Role.PARALEGAL):
        member = _member(role)
        assert check_deactivation(administrator, member.member_id, member) is member


def test_an_administrator_cannot_deactivate_themself():
    administrator = _principal(Role.FIRM_ADMIN, subject_id="admin-1")
    with pytest.raises(RuleViolation, match="your own account"):
        check_deactivation(administrator, "admin-1", _member(Role.FIRM_ADMIN, member_id="admin-1"))


def test_another_administrator_is_not_deactivated_from_inside_the_firm():
    with pytest.raises(RuleViolation, match="only counsel and paralegal"):
        check_deactivation(_principal(Role.FIRM_ADMIN), "admin-2", _member(Role.FIRM_ADMIN, member_id="admin-2"))


def test_a_member_of_another_firm_is_not_found():
    administrator = _principal(Role.FIRM_ADMIN)
    with pytest.raises(NotFound):
        check_deactivation(administrator, "counsel-1", _member(firm_uen="201912345K"))
    with pytest.raises(NotFound):
        check_deactivation(administrator, "nobody", None)


def test_an_account_is_deactivated_once():
    with pytest.raises(Conflict, match="already deactivated"):
        check_deactivation(_principal(Role.FIRM_ADMIN), "counsel-1", _member(active=False))
