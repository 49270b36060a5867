"""What the review and drift reports know about each resource type, keyed by type token.

The facts come from the provider classes themselves (``keyed_lists``, ``resource_label``...), so a
new field or list is reported correctly without editing this module.
"""

from __future__ import annotations

import importlib
from typing import Any

from activity_schemas.review import KindInfo

# (module, resource class, provider class) per resource kind the project manages.
RESOURCE_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("providers.salesforce.resources", "Extension", "ExtensionProvider"),
    ("providers.salesforce.resources", "ActivityType", "ActivityTypeProvider"),
    ("providers.salesforce.resources", "ExtensionAssignment", "ExtensionAssignmentProvider"),
    ("providers.salesforce.resources", "Activation", "ActivationProvider"),
    ("providers.salesforce.resources", "BusinessUnit", "BusinessUnitProvider"),
    ("providers.marketo.provider", "CustomActivityType", "CustomActivityTypeProvider"),
    ("providers.eloqua.asset_type", "ExternalAssetType", "ExternalAssetTypeProvider"),
    ("providers.eloqua.asset", "ExternalAsset", "ExternalAssetProvider"),
)

# What reviewers must be warned about, where a provider class does not say it itself
# (SchemaProvider.submission_fields, activation_fields, lossy_lists, delete_note).
REVIEW_HINTS: dict[str, dict[str, Any]] = {
    "Extension": {
        "submission_fields": ("developerName",),
        "delete_note": "retired in the org: deactivated and unassigned, not deleted (the Tooling API has no "
                       "DELETE for extensions); a later create with the same DeveloperName takes it back",
    },
    "ActivityType": {
        "submission_fields": ("developerName",),
        "delete_note": "retired in the org: deactivated, not deleted (the Tooling API has no DELETE for "
                       "activity types)",
    },
    "ExtensionAssignment": {"delete_note": "unassigned from its business unit: submissions to it stop"},
    "Activation": {"activation_fields": ("active",), "delete_note": "the extension and its types are deactivated"},
    "BusinessUnit": {"delete_note": "only forgotten (business units are looked up, never created or deleted)"},
    "CustomActivityType": {
        "submission_fields": ("apiName",),
        "lossy_lists": ("attributes",),
        "delete_note": "deleted in Marketo (Marketo refuses while the type has activities)",
    },
    "ExternalAssetType": {
        "keyed_lists": {"activityTypes": ""},  # a set of names: report "activityTypes[Attended]", not an index
        "submission_fields": ("name", "activityTypes"),
        "lossy_lists": ("activityTypes",),
        "delete_note": "deleted in Eloqua (refused while it still has external assets)",
    },
    "ExternalAsset": {"submission_fields": ("name",), "delete_note": "deleted in Eloqua"},
}


def _info(resource_cls: Any, provider_cls: Any) -> tuple[str, KindInfo]:
    token = f"pulumi-python:{resource_cls._resource_type_name}"
    hints = REVIEW_HINTS.get(resource_cls.__name__, {})

    def hint(name: str, default: Any) -> Any:
        own = getattr(provider_cls, name, default)
        return own if own != default else hints.get(name, default)

    return token, KindInfo(
        label=getattr(provider_cls, "resource_label", resource_cls.__name__),
        keyed_lists=dict(hint("keyed_lists", {})),
        submission_fields=tuple(hint("submission_fields", ())),
        activation_fields=tuple(hint("activation_fields", ())),
        lossy_lists=tuple(hint("lossy_lists", ())),
        delete_note=hint("delete_note", "deleted in the org"),
    )


def resource_kinds() -> dict[str, KindInfo]:
    kinds: dict[str, KindInfo] = {}
    for module_name, resource_name, provider_name in RESOURCE_CLASSES:
        module = importlib.import_module(module_name)
        token, info = _info(getattr(module, resource_name), getattr(module, provider_name))
        kinds[token] = info
    return kinds
