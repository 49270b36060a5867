"""The schema file format: what one org/environment declares, validated with pydantic.

A schema file holds any of three sections. The vendor objects inside reuse the providers' own
input models, so ``validate`` catches everything the providers' ``check`` would, before any API
call; the cross-object rules of a whole stack (duplicate names, limits per instance) live in
``activity_schemas.validation``.

    accountEngagement:
      extensions:
        - developerName: Webinar_Service
          masterLabel: Webinar Service
          businessUnit: HappyHomeTX
          activityTypes:
            - {developerName: Registered, masterLabel: Registered}
    marketo:
      customActivityTypes:
        - {apiName: attendConference, name: Attend Conference, ...}
    eloqua:
      externalAssetTypes:
        - name: Tradeshow
          description: Trade shows we exhibit at
          activityTypes: [Registered, Attended, Viewed a Demo]
          assets:
            - Tradeshow 2021
            - {name: Tradeshow 2022, description: Austin, March}
"""

from __future__ import annotations

from typing import Annotated, Any

import pydantic

from providers.eloqua.models import DESCRIPTION_MAX, NAME_MAX, check_name
from providers.marketo.models import CustomActivityTypeInputs
from providers.salesforce.models import Description, DeveloperName, Label

SCHEMA_VERSION = 1


class _Section(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", populate_by_name=True)


class ActivityTypeSchema(_Section):
    """An Account Engagement activity type (``MarketingAppExtActivity``) of its extension."""

    developer_name: DeveloperName = pydantic.Field(alias="developerName")
    master_label: Label = pydantic.Field(alias="masterLabel")
    description: Description = None
    key: str | None = pydantic.Field(default=None, description="stable logical name; defaults to developerName")


class ExtensionSchema(_Section):
    """An Account Engagement extension (``MarketingAppExtension``) with its business unit."""

    developer_name: DeveloperName = pydantic.Field(alias="developerName")
    master_label: Label = pydantic.Field(alias="masterLabel")
    description: Description = None
    business_unit: str = pydantic.Field(alias="businessUnit", min_length=1,
                                        description="PardotTenantName or 0Uv id of the business unit")
    activity_types: list[ActivityTypeSchema] = pydantic.Field(alias="activityTypes", min_length=1)
    active: bool | None = pydantic.Field(
        default=None,
        description="the activation stage; stack config activity-schemas:activate overrides it per stack",
    )
    key: str | None = None


class AccountEngagementSchema(_Section):
    extensions: list[ExtensionSchema] = pydantic.Field(default_factory=list)


class MarketoTypeSchema(CustomActivityTypeInputs):
    """A Marketo custom activity type: the provider's inputs (``adopt`` comes from the stack)."""

    key: str | None = None


class MarketoSchema(_Section):
    custom_activity_types: list[MarketoTypeSchema] = pydantic.Field(alias="customActivityTypes",
                                                                    default_factory=list)


EloquaName = Annotated[str, pydantic.Field(min_length=1, max_length=NAME_MAX),
                      pydantic.AfterValidator(lambda value: check_name(value, "the name"))]


class ExternalAssetSchema(_Section):
    """An Eloqua external asset. In a file, a bare name is short for ``{name: ...}``."""

    name: EloquaName
    description: str | None = pydantic.Field(default=None, max_length=DESCRIPTION_MAX)


# A bare name or a mapping in the file; always a model once parsed (``_bare_names`` below). The
# JSON Schema says both, so editors accept the short form.
AssetItem = Annotated[ExternalAssetSchema, pydantic.WithJsonSchema({
    "anyOf": [{"type": "string", "minLength": 1, "maxLength": NAME_MAX},
              ExternalAssetSchema.model_json_schema(by_alias=True)],
    "description": "an external asset: its name, or {name, description}",
})]


class ExternalAssetTypeSchema(_Section):
    """An Eloqua external asset type with its activity types and, optionally, its assets.

    ``description`` is declared like any field: Eloqua's PUT replaces the whole object, so a
    description the file leaves out is cleared by the next update (and by an adoption).
    """

    name: EloquaName
    description: str | None = pydantic.Field(default=None, max_length=DESCRIPTION_MAX)
    activity_types: list[EloquaName] = pydantic.Field(alias="activityTypes", min_length=1)
    assets: list[AssetItem] = pydantic.Field(default_factory=list)
    allow_activity_type_removal: bool = pydantic.Field(
        default=False, alias="allowActivityTypeRemoval",
        description="confirm that removing activity types is intended (activities may already use them)",
    )
    key: str | None = None

    @pydantic.field_validator("assets", mode="before")
    @classmethod
    def _bare_names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @pydantic.field_validator("activity_types")
    @classmethod
    def _unique_activity_types(cls, value: list[str]) -> list[str]:
        _check_unique(value)
        return value

    @pydantic.field_validator("assets")
    @classmethod
    def _unique_assets(cls, value: list[ExternalAssetSchema]) -> list[ExternalAssetSchema]:
        _check_unique([asset.name for asset in value])
        return value


def _check_unique(names: list[str]) -> None:
    """Each name is already an ``EloquaName`` (not blank, no edge spaces): only repeats are left."""
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise ValueError(f"{name!r} appears twice")
        seen.add(name.lower())


class EloquaSchema(_Section):
    external_asset_types: list[ExternalAssetTypeSchema] = pydantic.Field(alias="externalAssetTypes",
                                                                         default_factory=list)


class SchemaFile(_Section):
    """One schema file. ``version`` lets the format evolve without guessing."""

    version: int = SCHEMA_VERSION
    account_engagement: AccountEngagementSchema | None = pydantic.Field(default=None, alias="accountEngagement")
    marketo: MarketoSchema | None = None
    eloqua: EloquaSchema | None = None

    @pydantic.field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"this release reads schema version {SCHEMA_VERSION}, not {value}")
        return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to complete and check schema files."""
    schema = SchemaFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "activity-schemas schema file"
    return schema
