"""An email address as people type it, checked exactly as pydantic's ``EmailStr`` checks it.

``EmailStr`` loads the ``email-validator`` library when a model using it is defined, that is on
every cold start; this type makes the same check (pydantic's own ``validate_email``) and so loads
the library only when an address is first checked.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema


def _checked(value: str) -> str:
    from pydantic.networks import validate_email

    return validate_email(value)[1]


EmailAddress = Annotated[str, AfterValidator(_checked), WithJsonSchema({"type": "string", "format": "email"})]
