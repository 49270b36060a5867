"""What the review and drift reports know about each resource type, keyed by type token.

The facts come from the provider classes themselves (``keyed_lists``, ``resource_label``...), so a
new field or list is reported correctly without editing this module.
"""

from __future__ import annotations

import importlib
from typing import Any

from activity_schemas.review import KindInfo

# (module, resource class, provider class) per resource kind the project manages.
RESOURCE_CLASSES: tuple[tuple[str, str, str], ...] = ()


def _info(resource_cls: Any, provider_cls: Any) -> tuple[str, KindInfo]:
    token = f"pulumi-python:{resource_cls._resource_type_name}"
    return token, KindInfo(
        label=getattr(provider_cls, "resource_label", resource_cls.__name__),
        keyed_lists=dict(getattr(provider_cls, "keyed_lists", {})),
        submission_fields=tuple(getattr(provider_cls, "submission_fields", ())),
        activation_fields=tuple(getattr(provider_cls, "activation_fields", ())),
        lossy_lists=tuple(getattr(provider_cls, "lossy_lists", ())),
        delete_note=getattr(provider_cls, "delete_note", "deleted in the org"),
    )


def resource_kinds() -> dict[str, KindInfo]:
    kinds: dict[str, KindInfo] = {}
    for module_name, resource_name, provider_name in RESOURCE_CLASSES:
        module = importlib.import_module(module_name)
        token, info = _info(getattr(module, resource_name), getattr(module, provider_name))
        kinds[token] = info
    return kinds
