"""Field types every API schema shares: ids and counts within the database's ranges, text without NUL
characters (PostgreSQL refuses them), so that a value out of range is a 422, never a database error."""
from __future__ import annotations

from typing import Annotated

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, Field

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Text = Annotated[str, AfterValidator(_no_nul)]


def text(max_length: int, min_length: int = 0):
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_nul)]


class Page(LimitOffsetPagination):
    """?limit= (1 to 1000, default 100) and ?offset= (within the database's range): {"items", "count"}."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=INT_MAX)
