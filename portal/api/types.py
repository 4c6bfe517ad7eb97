"""Field types every API schema shares: ids and counts within the database's ranges, text without NUL
characters or lone surrogates (PostgreSQL refuses them): a value out of range is a 422, never a database error."""
from __future__ import annotations

from typing import Annotated

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BaseModel, ConfigDict, Field

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1


STORABLE = r"^[^\x00]*$"  # no NUL; a lone surrogate fails this pattern too (the pattern reads UTF-8)


Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Text = Annotated[str, Field(pattern=STORABLE)]


def text(max_length: int, min_length: int = 0):
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=STORABLE)]


class Page(LimitOffsetPagination):
    """?limit= (1 to 1000, default 100) and ?offset= (within the database's range): {"items", "count"}."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=INT_MAX)


class Body(BaseModel):
    """A request body: a JSON object with only these fields, each of its JSON type ("1" is not a number, 0 not a
    boolean); a date-time is an ISO 8601 string (`Field(strict=False)` on those fields)."""

    model_config = ConfigDict(extra="forbid", strict=True)
