"""Law firms and the people who work in them on the portal.

The registry registers a firm together with its first administrator. From then on the
administrator manages the firm's counsel and paralegal accounts, and only those: administrators
and registry officers are never created or deactivated from inside a firm.

Within a firm, paralegals prepare drafts and counsel submit them (``submission_refusal``).
"""

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StringConstraints, field_validator

from .base import Base
from .commands import Command, Name, plain_text
from .email_address import EmailAddress
from .errors import Conflict, NotFound, RuleViolation
from .identity import Nric, Uen, mask_nric
from .principals import FIRM_ROLES, Principal, Role


class Firm(Base):
    model_config = ConfigDict(frozen=True)

    uen: str
    name: str
    active: bool = True


class FirmMember(Base):
    model_config = ConfigDict(frozen=True)

    member_id: str
    firm_uen: str
    nric: str
    name: str
    role: Role
    email: str | None = None
    active: bool = True

    def model_post_init(self, __context: object) -> None:
        if self.role not in FIRM_ROLES:
            raise ValueError(f"{self.role.value} is not a law-firm role")

    @property
    def nric_masked(self) -> str:
        return mask_nric(self.nric)


# --- who does what in a firm ---------------------------------------------------------------------

# The accounts a firm administrator creates and deactivates. Administrators themselves are set up
# by the registry, so that a firm cannot grant itself a second administrator unseen.
MANAGED_ROLES = frozenset({Role.COUNSEL, Role.PARALEGAL})
DRAFTING_ROLES = frozenset({Role.COUNSEL, Role.PARALEGAL})
SUBMITTING_ROLES = frozenset({Role.COUNSEL})

PARALEGAL_MAY_NOT_SUBMIT = "Paralegals prepare drafts; counsel of the firm on record submit them."
ADMINISTRATOR_MAY_NOT_SUBMIT = (
    "Firm administrators manage the firm's accounts; counsel of the firm on record submit documents."
)
ONLY_FIRM_COUNSEL_SUBMIT = "Only counsel of a law firm submit documents for the firm."

# Shown on the firm's pages, in this order, so the help text and the rules cannot drift apart.
ROLE_DUTIES = (
    (Role.COUNSEL, "View the firm's cases, prepare drafts and submit them to the court."),
    (Role.PARALEGAL, "View the firm's cases and prepare drafts. " + PARALEGAL_MAY_NOT_SUBMIT),
    (Role.FIRM_ADMIN, "Create and deactivate the firm's counsel and paralegal accounts. "
                      "An administrator does not submit documents."),
)


def may_prepare_drafts(principal: Principal) -> bool:
    return principal.role in DRAFTING_ROLES


def submission_refusal(principal: Principal) -> str | None:
    """Why this person may not submit a document for their firm, or None if they may.

    A member holds one role, so an administrator is never also counsel. Accused persons filing
    for themselves follow ``domain.access``, not this rule.
    """
    if principal.role in SUBMITTING_ROLES:
        return None
    if principal.role is Role.PARALEGAL:
        return PARALEGAL_MAY_NOT_SUBMIT
    if principal.role is Role.FIRM_ADMIN:
        return ADMINISTRATOR_MAY_NOT_SUBMIT
    return ONLY_FIRM_COUNSEL_SUBMIT


# --- commands ------------------------------------------------------------------------------------

FirmName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(plain_text)]


class NewAdministrator(Command):
    """The firm's first administrator, named by the registry when it registers the firm."""

    nric: Nric
    name: Name
    email: EmailAddress | None = None

    def to_member(self, member_id: str, firm_uen: str) -> FirmMember:
        return FirmMember(member_id=member_id, firm_uen=firm_uen, nric=self.nric, name=self.name,
                          role=Role.FIRM_ADMIN, email=self.email)


class NewFirm(Command):
    uen: Uen
    name: FirmName
    administrator: NewAdministrator

    def to_firm(self) -> Firm:
        return Firm(uen=self.uen, name=self.name)


class NewMember(Command):
    """A counsel or paralegal account, created by the firm's administrator."""

    nric: Nric
    name: Name
    email: EmailAddress
    role: Role

    @field_validator("role", mode="before")
    @classmethod
    def _managed_role(cls, value: object) -> object:
        if not isinstance(value, str) or value not in {role.value for role in MANAGED_ROLES}:
            raise ValueError("must be counsel or paralegal: these are the accounts a firm administrator creates")
        return value

    def to_member(self, member_id: str, firm_uen: str) -> FirmMember:
        return FirmMember(member_id=member_id, firm_uen=firm_uen, nric=self.nric, name=self.name,
                          role=self.role, email=self.email)


# --- rules on existing accounts ------------------------------------------------------------------


def member_not_found(member_id: str) -> NotFound:
    # Members of other firms are answered exactly like ids that do not exist.
    return NotFound(f"there is no account {member_id} in your firm")


def check_deactivation(administrator: Principal, member_id: str, member: FirmMember | None) -> FirmMember:
    """The member the administrator may deactivate, or the rule that stops them."""
    if member is None or member.firm_uen != administrator.firm_uen:
        raise member_not_found(member_id)
    if member.member_id == administrator.subject_id:
        raise RuleViolation(
            "you cannot deactivate your own account; ask the State Courts registry to change the firm's administrator"
        )
    if member.role not in MANAGED_ROLES:
        raise RuleViolation(
            f"{member.name} is a {member.role.label.lower()}; a firm administrator deactivates only "
            "counsel and paralegal accounts"
        )
    if not member.active:
        raise Conflict(f"{member.name}'s account is already deactivated")
    return member


def check_reactivation(administrator: Principal, member_id: str, member: FirmMember | None) -> FirmMember:
    """The deactivated member the administrator may let sign in again, or the rule that stops them."""
    if member is None or member.firm_uen != administrator.firm_uen:
        raise member_not_found(member_id)
    if member.role not in MANAGED_ROLES:
        raise RuleViolation(
            f"{member.name} is a {member.role.label.lower()}; a firm administrator reactivates only "
            "counsel and paralegal accounts"
        )
    if member.active:
        raise Conflict(f"{member.name}'s account is already active")
    return member
