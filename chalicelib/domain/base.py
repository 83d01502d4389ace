"""The base of every pydantic model in ICMS.

Pydantic builds a model's validator and serializer when its class is defined unless told to wait;
ICMS defines about two hundred models and a request uses a handful, so each is built the first
time it validates or serializes something. That keeps them out of every function's cold start.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Base(BaseModel):
    model_config = ConfigDict(defer_build=True)
