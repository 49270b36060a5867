"""The inputs of the Eloqua resources, with every rule that needs no API call."""

from __future__ import annotations

import unicodedata

import pydantic

NAME_MAX = 100  # Eloqua's asset name limit as the sandbox applies it (docs/sandbox/eloqua.md)
DESCRIPTION_MAX = 2000


def check_name(value: str, what: str) -> str:
    if value != value.strip():
        raise ValueError(f"{what} must not start or end with spaces")
    if not value:
        raise ValueError(f"{what} must not be empty")
    if len(value) > NAME_MAX:
        raise ValueError(f"{what} must be at most {NAME_MAX} characters (got {len(value)})")
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError(f"{what} must not contain control characters")
    return value


class ExternalAssetTypeInputs(pydantic.BaseModel):
    """An external asset type ("Tradeshow") and the names of its activity types."""

    model_config = pydantic.ConfigDict(extra="forbid")

    name: str
    description: str | None = pydantic.Field(default=None, max_length=DESCRIPTION_MAX)
    activity_types: list[str] = pydantic.Field(alias="activityTypes", min_length=1)
    adopt: bool = False
    # Eloqua cannot tell which activity types activities use, so every removal needs this opt-in.
    allow_activity_type_removal: bool = pydantic.Field(default=False, alias="allowActivityTypeRemoval")

    @pydantic.field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_name(value, "the asset type name")

    @pydantic.field_validator("activity_types")
    @classmethod
    def _activity_types(cls, values: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for value in values:
            check_name(value, f"activity type {value!r}")
            folded = value.casefold()
            if folded in seen:
                raise ValueError(
                    f"activity type names must be unique (case-insensitively): {seen[folded]!r} and {value!r}")
            seen[folded] = value
        return values


class ExternalAssetInputs(pydantic.BaseModel):
    """An external asset ("Tradeshow 2021") of a type given by id or by name (exactly one)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    name: str
    asset_type_id: str | None = pydantic.Field(default=None, alias="assetTypeId")
    asset_type: str | None = pydantic.Field(default=None, alias="assetType")
    description: str | None = pydantic.Field(default=None, max_length=DESCRIPTION_MAX)
    adopt: bool = False

    @pydantic.field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_name(value, "the asset name")

    @pydantic.field_validator("asset_type_id", mode="before")
    @classmethod
    def _type_id(cls, value: object) -> object:
        if isinstance(value, float) and value.is_integer():  # ints arrive as floats on the wire
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and not (value.isdigit() and int(value) > 0):
            raise ValueError(f"assetTypeId must be a positive numeric id, got {value!r}")
        return value

    @pydantic.field_validator("asset_type")
    @classmethod
    def _type_name(cls, value: str | None) -> str | None:
        return None if value is None else check_name(value, "assetType")

    @pydantic.model_validator(mode="after")
    def _one_type(self) -> ExternalAssetInputs:
        if (self.asset_type_id is None) == (self.asset_type is None):
            raise ValueError("give exactly one of assetTypeId (the type's id) or assetType (the type's name)")
        return self
