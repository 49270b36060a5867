"""Input models of the Account Engagement resources: every rule that needs no API call.

Input names are camelCase (the Pulumi convention); the Tooling field each one maps to is named
in its description. Unknown properties are refused (``extra="forbid"``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import pydantic

# Reference §2.7: letters, digits and single underscores, starting with a letter, not ending with
# an underscore. The maximum length is not published: 40 is safe for both usual limits (40, 80).
DEVELOPER_NAME_MAX = 40
LABEL_MAX = 80  # undocumented; Salesforce MasterLabel fields are usually 80 characters
_DEVELOPER_NAME = re.compile(r"[A-Za-z](?:[A-Za-z0-9]|_(?!_))*")
_SALESFORCE_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")


def check_developer_name(value: str) -> str:
    if not value:
        raise ValueError("is required")
    if len(value) > DEVELOPER_NAME_MAX:
        raise ValueError(f"must be at most {DEVELOPER_NAME_MAX} characters, got {len(value)}")
    if not _DEVELOPER_NAME.fullmatch(value) or value.endswith("_"):
        raise ValueError(
            "must start with a letter and hold only letters, digits and underscores, with no two "
            f"underscores in a row and no trailing underscore (got {value!r})"
        )
    return value


def check_label(value: str) -> str:
    if not value.strip():
        raise ValueError("is required and must not be blank")
    if len(value) > LABEL_MAX:
        raise ValueError(f"must be at most {LABEL_MAX} characters, got {len(value)}")
    return value


def check_salesforce_id(value: str) -> str:
    if not _SALESFORCE_ID.fullmatch(value):
        raise ValueError(f"must be a Salesforce id (15 or 18 letters and digits), got {value!r}")
    return value


def _empty_to_none(value: Any) -> Any:
    return None if value == "" else value


DeveloperName = Annotated[str, pydantic.AfterValidator(check_developer_name)]
Label = Annotated[str, pydantic.AfterValidator(check_label)]
SalesforceId = Annotated[str, pydantic.AfterValidator(check_salesforce_id)]
Description = Annotated[str | None, pydantic.BeforeValidator(_empty_to_none)]


class _Inputs(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", populate_by_name=True, strict=False)


class ExtensionInputs(_Inputs):
    """``MarketingAppExtension``: DeveloperName, MasterLabel, Description (IsActive: Activation)."""

    developer_name: DeveloperName = pydantic.Field(alias="developerName")
    master_label: Label = pydantic.Field(alias="masterLabel")
    description: Description = None
    adopt: bool = False


class ActivityTypeInputs(_Inputs):
    """``MarketingAppExtActivity`` under the extension ``extensionId`` (MarketingAppExtensionId)."""

    extension_id: SalesforceId = pydantic.Field(alias="extensionId")
    developer_name: DeveloperName = pydantic.Field(alias="developerName")
    master_label: Label = pydantic.Field(alias="masterLabel")
    description: Description = None
    adopt: bool = False


class ExtensionAssignmentInputs(_Inputs):
    """``MarketingAppExtAssignment``: the extension assigned to a business unit (name or 0Uv id)."""

    extension_id: SalesforceId = pydantic.Field(alias="extensionId")
    business_unit: str = pydantic.Field(alias="businessUnit", min_length=1)
    adopt: bool = False


class ActivationInputs(_Inputs):
    """The explicit activation stage: IsActive of the extension and its activity types together."""

    extension_id: SalesforceId = pydantic.Field(alias="extensionId")
    activity_type_ids: list[SalesforceId] = pydantic.Field(alias="activityTypeIds", min_length=1)
    assignment_id: SalesforceId = pydantic.Field(alias="assignmentId")
    active: bool = False

    @pydantic.field_validator("activity_type_ids")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists an activity type twice")
        return value


class BusinessUnitInputs(_Inputs):
    """A business unit looked up by ``PardotTenantName`` or by its ``0Uv`` id; never created."""

    business_unit: str = pydantic.Field(alias="businessUnit", min_length=1)
