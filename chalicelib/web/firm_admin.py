"""A law firm's administrator manages the firm's counsel and paralegal accounts, as pages and JSON.

Every route works on the firm of the administrator's own session; no route takes a firm from its
input. The service audits account creation and deactivation, with the administrator as actor, in
the same transaction as the change.
"""

from pydantic import ValidationError

from ..domain.base import Base
from ..domain.errors import DomainError
from ..domain.firms import (MANAGED_ROLES, ROLE_DUTIES, Firm, FirmMember, NewMember, check_deactivation,
                            check_reactivation)
from ..domain.principals import Principal, Role
from ..services import firm_accounts
from .errors import describe, page_problems
from .routing import Call, Page, RouteGroup, api, page, redirect

firm_admin = RouteGroup(__name__)
FIRM_ADMIN = {Role.FIRM_ADMIN}
CREATED = 201
MEMBER_FORM_FIELDS = ("nric", "name", "email", "role")


class MemberOut(Base):
    """A firm member as pages show them: the NRIC only ever masked."""

    member_id: str
    name: str
    nric_masked: str
    role: str
    role_label: str
    email: str | None
    active: bool

    @classmethod
    def of(cls, member: FirmMember) -> "MemberOut":
        return cls(member_id=member.member_id, name=member.name, nric_masked=member.nric_masked,
                   role=member.role.value, role_label=member.role.label, email=member.email, active=member.active)


class FirmOut(Base):
    uen: str
    name: str
    active: bool
    members: list[MemberOut]

    @classmethod
    def of(cls, firm: Firm, members: list[FirmMember]) -> "FirmOut":
        return cls(uen=firm.uen, name=firm.name, active=firm.active, members=[MemberOut.of(m) for m in members])


# --- JSON ----------------------------------------------------------------------------------------


@api(firm_admin, "/api/firm/members", roles=FIRM_ADMIN, returns=FirmOut)
def list_members_json(call: Call):
    return FirmOut.of(*firm_accounts.members_of_own_firm(call.caller))


@api(firm_admin, "/api/firm/members", roles=FIRM_ADMIN, methods=("POST",), body=NewMember, returns=MemberOut,
     status=CREATED)
def create_member_json(call: Call):
    member = firm_accounts.create_member(call.actor, call.caller, call.json(NewMember), call.now)
    return CREATED, MemberOut.of(member)


@api(firm_admin, "/api/firm/members/{member_id}/deactivate", roles=FIRM_ADMIN, methods=("POST",),
     returns=MemberOut)
def deactivate_member_json(call: Call, member_id: str):
    return MemberOut.of(firm_accounts.deactivate_member(call.actor, call.caller, member_id, call.now))


@api(firm_admin, "/api/firm/members/{member_id}/reactivate", roles=FIRM_ADMIN, methods=("POST",),
     returns=MemberOut)
def reactivate_member_json(call: Call, member_id: str):
    """Let a deactivated counsel or paralegal of the caller's firm sign in again (audited)."""
    return MemberOut.of(firm_accounts.reactivate_member(call.actor, call.caller, member_id, call.now))


# --- pages ---------------------------------------------------------------------------------------


def _members_page(call: Call, *, values: dict | None = None, problems: dict | None = None,
                  status: int = 200) -> Page:
    firm, members = firm_accounts.members_of_own_firm(call.caller)
    by_id = {m.member_id: m for m in members}
    query = call.request.query_params or {}
    return Page("pages/firm_members.html", {
        "firm": firm,
        "members": members,
        "added": by_id.get(query.get("added", "")),
        "deactivated": by_id.get(query.get("deactivated", "")),
        "reactivated": by_id.get(query.get("reactivated", "")),
        "managed_roles": sorted(MANAGED_ROLES, key=lambda role: role.value),
        "role_duties": ROLE_DUTIES,
        "deactivatable": {m.member_id for m in members if _may_deactivate(call.caller, m)},
        "reactivatable": {m.member_id for m in members if not m.active and m.role in MANAGED_ROLES},
        "values": values or {},
        "problems": problems or {},
    }, status=status)


def _may_deactivate(administrator: Principal, member: FirmMember) -> bool:
    return member.active and member.role in MANAGED_ROLES and member.member_id != administrator.subject_id


def _submitted_member(form: dict[str, str]) -> dict[str, str]:
    """The form's fields without the CSRF token; blank fields count as not filled in, so that
    the person reads "is required" rather than a format error about an empty string."""
    return {key: value.strip() for key, value in form.items() if key != "csrf_token" and value.strip()}


def _problems(error: Exception) -> tuple[int, dict[str, str]]:
    """Each field's problem as the sentence the page shows beside it."""
    status, _ = describe(error)
    return status, {problem["field"]: problem["message"] for problem in page_problems(error)}


@page(firm_admin, "/firm/members", roles=FIRM_ADMIN)
def members_page(call: Call):
    return _members_page(call)


@page(firm_admin, "/firm/members", roles=FIRM_ADMIN, methods=("POST",))
def create_member_page(call: Call):
    values = _submitted_member(call.form())
    try:
        member = firm_accounts.create_member(call.actor, call.caller, NewMember.model_validate(values), call.now)
    except (ValidationError, DomainError) as error:
        if isinstance(error, DomainError) and error.field not in MEMBER_FORM_FIELDS:
            raise  # not about what was typed in: the error page says what happened
        status, problems = _problems(error)
        return _members_page(call, values=values, problems=problems, status=status)
    return redirect(f"/firm/members?added={member.member_id}")


@page(firm_admin, "/firm/members/{member_id}/deactivate", roles=FIRM_ADMIN)
def confirm_deactivation_page(call: Call, member_id: str):
    """Deactivating is a form on its own page, naming the person, so that it is never one slip
    of a click away and works without JavaScript. The same rules as the POST decide what it says."""
    _, members = firm_accounts.members_of_own_firm(call.caller)
    member = check_deactivation(call.caller, member_id, next((m for m in members if m.member_id == member_id), None))
    return Page("pages/firm_member_deactivate.html", {"member": member})


@page(firm_admin, "/firm/members/{member_id}/deactivate", roles=FIRM_ADMIN, methods=("POST",))
def deactivate_member_page(call: Call, member_id: str):
    member = firm_accounts.deactivate_member(call.actor, call.caller, member_id, call.now)
    return redirect(f"/firm/members?deactivated={member.member_id}")


@page(firm_admin, "/firm/members/{member_id}/reactivate", roles=FIRM_ADMIN)
def confirm_reactivation_page(call: Call, member_id: str):
    """Reactivating asks first on its own page too, naming the person whose access comes back."""
    _, members = firm_accounts.members_of_own_firm(call.caller)
    member = check_reactivation(call.caller, member_id, next((m for m in members if m.member_id == member_id), None))
    return Page("pages/firm_member_reactivate.html", {"member": member})


@page(firm_admin, "/firm/members/{member_id}/reactivate", roles=FIRM_ADMIN, methods=("POST",))
def reactivate_member_page(call: Call, member_id: str):
    member = firm_accounts.reactivate_member(call.actor, call.caller, member_id, call.now)
    return redirect(f"/firm/members?reactivated={member.member_id}")
