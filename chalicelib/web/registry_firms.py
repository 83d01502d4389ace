"""The registry registers law firms: the first-time set-up of a firm and its administrator."""


from ..domain.base import Base
from ..domain.firms import NewFirm
from ..domain.identity import Uen
from ..domain.principals import Role
from ..services import firm_accounts
from .firm_admin import FirmOut, MemberOut
from .routing import Call, RouteGroup, api

registry_firms = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
CREATED = 201


class RegisteredFirmOut(Base):
    uen: str
    name: str
    active: bool
    administrator: MemberOut


class FirmReference(Base):
    """The UEN in a path, checked like any other input so that a malformed one is a clear 422."""

    uen: Uen


@api(registry_firms, "/api/registry/firms", roles=REGISTRY, methods=("POST",), body=NewFirm,
     returns=RegisteredFirmOut, status=CREATED)
def register_firm(call: Call):
    firm, administrator = firm_accounts.register_firm(call.actor, call.json(NewFirm), call.now)
    return CREATED, RegisteredFirmOut(uen=firm.uen, name=firm.name, active=firm.active,
                                      administrator=MemberOut.of(administrator))


@api(registry_firms, "/api/registry/firms/{uen}", roles=REGISTRY, path_params=FirmReference, returns=FirmOut)
def get_firm(call: Call, uen: str):
    reference = call.path(FirmReference)
    return FirmOut.of(*firm_accounts.firm_with_members(reference.uen))
