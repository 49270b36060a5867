"""The inputs of a Marketo custom activity type and every rule that needs no API call.

Rules come from ``marketo.md`` section 3.10 (naming, 0-20 secondary attributes, data types).
Where Marketo documents no rule (lengths, attribute names) the provider uses the limits the
reference suggests (255 characters) so that a bad value fails in ``check``, not half-way
through an ``up``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import pydantic

MAX_SECONDARY_ATTRIBUTES = 20
MAX_TYPES_PER_INSTANCE = 10
MAX_NAME_LENGTH = 255

DataType = Literal[
    "string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone", "text"
]
DATA_TYPES: tuple[str, ...] = DataType.__args__  # type: ignore[attr-defined]

_API_NAME = re.compile(r"^[A-Za-z0-9]+$")
_DISPLAY_NAME = re.compile(r"^[A-Za-z0-9 _]+$")


def _api_name(value: str) -> str:
    """Alphanumeric with at least one letter (type and attribute API names alike)."""
    if not _API_NAME.fullmatch(value):
        raise ValueError("must be alphanumeric (letters and digits only, no spaces or symbols)")
    if not any(c.isalpha() for c in value):
        raise ValueError("must contain at least one letter")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"must be at most {MAX_NAME_LENGTH} characters")
    return value


def _label(value: str) -> str:
    """A free-text label (trigger, filter, attribute name): trimmed, non-empty, bounded."""
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if not value:
        raise ValueError("must not be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"must be at most {MAX_NAME_LENGTH} characters")
    return value


def _display_name(value: str) -> str:
    """The type's display name: letters, digits, spaces, underscores, at least one letter."""
    _label(value)
    if not _DISPLAY_NAME.fullmatch(value):
        raise ValueError("may contain only letters, digits, spaces and underscores")
    if not any(c.isalpha() for c in value):
        raise ValueError("must contain at least one letter")
    return value


def _optional_text(value: str | None) -> str | None:
    """Marketo echoes an absent description as "" or not at all: both mean "none"."""
    return value or None


ApiName = Annotated[str, pydantic.AfterValidator(_api_name)]
Label = Annotated[str, pydantic.AfterValidator(_label)]
DisplayName = Annotated[str, pydantic.AfterValidator(_display_name)]
OptionalText = Annotated[str | None, pydantic.AfterValidator(_optional_text)]


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class PrimaryAttribute(_Strict):
    """The one primary attribute; its data type is Marketo's default (``string``)."""

    api_name: ApiName = pydantic.Field(alias="apiName")
    name: Label
    description: OptionalText = None



class Attribute(_Strict):
    """A secondary attribute; ``apiName`` is its key and never changes (rename = remove + add)."""

    api_name: ApiName = pydantic.Field(alias="apiName")
    name: Label
    data_type: DataType = pydantic.Field(alias="dataType")
    description: OptionalText = None



class CustomActivityTypeInputs(_Strict):
    """What a stack declares for one custom activity type (camelCase on the wire)."""

    api_name: ApiName = pydantic.Field(alias="apiName")
    name: DisplayName
    description: OptionalText = None
    trigger_name: Label = pydantic.Field(alias="triggerName")
    filter_name: Label = pydantic.Field(alias="filterName")
    primary_attribute: PrimaryAttribute = pydantic.Field(alias="primaryAttribute")
    attributes: list[Attribute] = pydantic.Field(default_factory=list)
    approve: bool = True  # False: hold the changes as a draft for review in Marketo's UI
    adopt: bool = False  # True: take over an existing type with the same apiName if it matches


    @pydantic.field_validator("attributes")
    @classmethod
    def _check_attributes(cls, value: list[Attribute]) -> list[Attribute]:
        if len(value) > MAX_SECONDARY_ATTRIBUTES:
            raise ValueError(
                f"a custom activity type has 0-{MAX_SECONDARY_ATTRIBUTES} secondary attributes; got {len(value)}"
            )
        seen: set[str] = set()
        for attribute in value:
            key = attribute.api_name.lower()
            if key in seen:
                raise ValueError(f"apiName {attribute.api_name!r} appears twice; attribute API names are unique")
            seen.add(key)
        return value

    @pydantic.model_validator(mode="after")
    def _primary_not_secondary(self) -> CustomActivityTypeInputs:
        primary = self.primary_attribute.api_name.lower()
        if any(a.api_name.lower() == primary for a in self.attributes):
            raise ValueError(
                f"attributes: {self.primary_attribute.api_name!r} is the primary attribute; "
                "list only secondary attributes under attributes"
            )
        return self

    # -- views used by the client and the planner ----------------------------------------------
    def type_fields(self) -> dict[str, Any]:
        """The body of create/update type: everything but the secondary attributes."""
        body: dict[str, Any] = {
            "apiName": self.api_name,
            "name": self.name,
            "triggerName": self.trigger_name,
            "filterName": self.filter_name,
            "primaryAttribute": self.primary_attribute.model_dump(by_alias=True, exclude_none=True),
        }
        if self.description is not None:
            body["description"] = self.description
        return body

    def attribute_bodies(self) -> list[dict[str, Any]]:
        return [a.model_dump(by_alias=True, exclude_none=True) for a in self.attributes]


# The input fields approval freezes (marketo.md 3.9): a change to them is a replacement.
FROZEN_FIELDS: tuple[str, ...] = ("name", "description", "triggerName", "filterName", "primaryAttribute")
# Instructions to the provider, not properties of the Marketo object.
LOCAL_FIELDS: tuple[str, ...] = ("approve", "adopt")
