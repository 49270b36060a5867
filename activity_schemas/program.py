"""The generic Pulumi program behind the root ``Pulumi.yaml``: schema files -> resources.

A stack names its schema files in ``activity-schemas:schemas`` (relative to ``stacks/``). The files
are validated first, as ``activity-schemas validate`` does, so bad input stops the run before any
API call. Per-stack settings override what the schema says:

- ``activity-schemas:activate``: the Account Engagement activation stage. ``true``/``false`` for
  every extension of the stack, or a mapping ``{DeveloperName: true}``. Unset: each extension's
  ``active`` in the schema (default false).
- ``activity-schemas:adopt``: take over existing objects with the same natural key (when they
  match) instead of failing; what ``activity-schemas export`` sets.
- ``activity-schemas:marketoApprove``: ``false`` holds every Marketo change as a draft.

Stacks may instead (or also) name hand-written example programs in ``activity-schemas:examples``.
"""

from __future__ import annotations

import runpy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi

from activity_schemas.engine import REPO_ROOT
from activity_schemas.schema import (
    AccountEngagementSchema,
    EloquaSchema,
    ExtensionSchema,
    MarketoSchema,
)
from activity_schemas.stack_check import check_stack_config, located, schema_sections
from activity_schemas.stacks import read_stack, resolve_schema_path
from activity_schemas.validation import validate_files


class StackSettings:
    def __init__(self, config: pulumi.Config) -> None:
        self.activate: Any = config.get_object("activate")
        self.adopt: bool = bool(config.get_bool("adopt"))
        self.marketo_approve: bool | None = config.get_bool("marketoApprove")

    def active(self, extension: ExtensionSchema) -> bool:
        if isinstance(self.activate, bool):
            return self.activate
        if isinstance(self.activate, dict) and extension.developer_name in self.activate:
            return bool(self.activate[extension.developer_name])
        return bool(extension.active)


def schema_base_dir() -> Path:
    stacks = Path.cwd() / "stacks"
    return stacks if stacks.is_dir() else Path.cwd()


def main() -> None:
    config = pulumi.Config("activity-schemas")
    for name in config.get_object("examples") or []:  # type: ignore[union-attr]
        program = REPO_ROOT / "examples" / str(name) / "__main__.py"
        if not program.exists():
            raise ValueError(f"activity-schemas:examples names {name!r}, but {program} does not exist")
        runpy.run_path(str(program), run_name=f"examples.{name}")
    schema_paths = [resolve_schema_path(str(p), schema_base_dir()) for p in config.get_object("schemas") or []]  # type: ignore[union-attr]
    if not schema_paths:
        return
    loaded, problems = validate_files(schema_paths)
    if problems:
        raise ValueError("the stack's schema files are invalid (nothing was changed):\n"
                         + "\n".join(str(p) for p in problems))
    _check_stack_file(loaded)
    settings = StackSettings(config)
    summary: dict[str, Any] = {}
    for item in loaded:
        schema = item.schema
        if schema.account_engagement:
            summary.update(declare_account_engagement(schema.account_engagement, settings))
        if schema.marketo:
            summary.update(declare_marketo(schema.marketo, settings))
        if schema.eloqua:
            summary.update(declare_eloqua(schema.eloqua, settings))
    for key, value in summary.items():
        pulumi.export(key, value)


def _check_stack_file(loaded: list[Any]) -> None:
    """The stack's own settings, as `activity-schemas validate` checks them, before any API call."""
    stacks_dir = schema_base_dir()
    if not (stacks_dir / f"Pulumi.{pulumi.get_stack()}.yaml").exists():
        return
    stack = read_stack(pulumi.get_stack(), stacks_dir)
    vendors = {section for item in loaded for section in schema_sections(item.schema)}
    problems = check_stack_config(stack.config, vendors)
    if problems:
        raise ValueError("the stack's settings are invalid (nothing was changed):\n"
                         + "\n".join(located(stack.file, problems)))


def declare_account_engagement(section: AccountEngagementSchema, settings: StackSettings) -> dict[str, Any]:
    from providers.salesforce.resources import Activation, ActivityType, Extension, ExtensionAssignment

    outputs: dict[str, Any] = {}
    for ext in section.extensions:
        key = ext.key or ext.developer_name
        extension = Extension(f"ae-ext-{key}", developer_name=ext.developer_name, master_label=ext.master_label,
                              description=ext.description, adopt=settings.adopt)
        types = [
            ActivityType(f"ae-type-{key}-{act.key or act.developer_name}", extension_id=extension.id,
                         developer_name=act.developer_name, master_label=act.master_label,
                         description=act.description, adopt=settings.adopt)
            for act in ext.activity_types
        ]
        assignment = ExtensionAssignment(f"ae-assign-{key}", extension_id=extension.id,
                                         business_unit=ext.business_unit, adopt=settings.adopt)
        activation = Activation(f"ae-activation-{key}", extension_id=extension.id,
                                activity_type_ids=[t.id for t in types], assignment_id=assignment.id,
                                active=settings.active(ext))
        outputs[f"ae:{ext.developer_name}"] = {
            "extensionId": extension.id,
            "businessUnitId": assignment.businessUnitId,
            "activityTypes": [act.developer_name for act in ext.activity_types],
            "active": activation.active,
        }
    return outputs


def declare_marketo(section: MarketoSchema, settings: StackSettings) -> dict[str, Any]:
    from providers.marketo.provider import CustomActivityType

    outputs: dict[str, Any] = {}
    for cat in section.custom_activity_types:
        approve = cat.approve if settings.marketo_approve is None else settings.marketo_approve
        resource = CustomActivityType(
            f"mkto-{cat.key or cat.api_name}",
            api_name=cat.api_name, name=cat.name, description=cat.description,
            trigger_name=cat.trigger_name, filter_name=cat.filter_name,
            primary_attribute=cat.primary_attribute.model_dump(by_alias=True, exclude_none=True),
            attributes=list[Mapping[str, Any]](cat.attribute_bodies()), approve=approve,
            adopt=settings.adopt or cat.adopt,
        )
        outputs[f"marketo:{cat.api_name}"] = {"activityTypeId": resource.activityTypeId, "status": resource.status}
    return outputs


def declare_eloqua(section: EloquaSchema, settings: StackSettings) -> dict[str, Any]:
    from providers.eloqua.asset import ExternalAsset
    from providers.eloqua.asset_type import ExternalAssetType

    outputs: dict[str, Any] = {}
    for eat in section.external_asset_types:
        key = eat.key or eat.name
        asset_type = ExternalAssetType(f"eloqua-type-{key}", name=eat.name, activity_types=list(eat.activity_types),
                                       description=eat.description, adopt=settings.adopt,
                                       allow_activity_type_removal=eat.allow_activity_type_removal)
        assets = {
            asset.name: ExternalAsset(f"eloqua-asset-{asset.name}", name=asset.name, asset_type_id=asset_type.id,
                                      description=asset.description, adopt=settings.adopt)
            for asset in eat.assets
        }
        outputs[f"eloqua:{eat.name}"] = {
            "assetTypeId": asset_type.id,
            "activityTypes": list(eat.activity_types),
            "activityTypeIds": asset_type.activityTypeIds,
            "assets": {name: asset.id for name, asset in assets.items()},
        }
    return outputs
