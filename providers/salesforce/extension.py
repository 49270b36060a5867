"""Provider of ``MarketingAppExtension``: the integration whose DeveloperName submitters send.

Create always sends ``IsActive=false`` (activation is the Activation resource's job). A create that
meets the same DeveloperName takes back an object this project retired, adopts a matching object
when ``adopt`` is true, and otherwise fails without changing anything. A DeveloperName change is a
replacement (delete before create), because the Tooling API documents no rename.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from providers.core.errors import ConflictError, TransportError
from providers.salesforce.base import SalesforceProvider, changed_fields, mismatches, notice
from providers.salesforce.fresh import mark_fresh
from providers.salesforce.models import ExtensionInputs
from providers.salesforce.retire import live_description, parse_marker, retired_description, try_delete
from providers.salesforce.tooling import ASSIGNMENT, EXTENSION, ToolingClient, check_id, soql

FIELDS = "Id, DeveloperName, MasterLabel, Description, IsActive, NamespacePrefix"


def find_extension(client: ToolingClient, developer_name: str) -> dict[str, Any] | None:
    records = client.query(
        soql(FIELDS, EXTENSION, DeveloperName=developer_name),
        operation=f"find extension {developer_name}",
    )
    same = [r for r in records if str(r.get("DeveloperName", "")).lower() == developer_name.lower()]
    return same[0] if same else None


def extension_live(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "developerName": record.get("DeveloperName"),
        "masterLabel": record.get("MasterLabel"),
        "description": live_description(dict(record)),
        "isActive": bool(record.get("IsActive")),
        "namespacePrefix": record.get("NamespacePrefix") or None,
    }


class ExtensionProvider(SalesforceProvider[ExtensionInputs]):
    inputs_model = ExtensionInputs
    resource_label = "Account Engagement extension"
    replace_on = ("developerName",)

    def create_resource(self, model: ExtensionInputs) -> tuple[str, dict[str, Any]]:
        client = self.tooling()
        name = model.developer_name
        existing = find_extension(client, name)
        if existing is not None:
            return str(existing["Id"]), self._take_over(client, existing, model)
        fields = {"DeveloperName": name, "MasterLabel": model.master_label,
                  "Description": model.description, "IsActive": False}
        try:
            id_ = client.create(EXTENSION, fields, operation=f"create extension {name}")
        except (TransportError, ConflictError) as error:
            if isinstance(error, TransportError) and not error.ambiguous:
                raise
            # The answer was lost, or a retried POST met the first one: is the object ours?
            found = find_extension(client, name)
            if found is None or found.get("IsActive") or mismatches(extension_live(found), self._wanted(model)):
                raise
            return str(found["Id"]), extension_live(found)
        mark_fresh(id_)
        return id_, {"developerName": name, "masterLabel": model.master_label,
                     "description": model.description, "isActive": False, "namespacePrefix": None}

    @staticmethod
    def _wanted(model: ExtensionInputs) -> dict[str, Any]:
        return {"developerName": model.developer_name, "masterLabel": model.master_label,
                "description": model.description}

    def _take_over(self, client: ToolingClient, record: dict[str, Any], model: ExtensionInputs) -> dict[str, Any]:
        id_ = str(record["Id"])
        name = model.developer_name
        marker = parse_marker(live_description(record))
        if marker is not None and marker[0].lower() == name.lower():
            fields = {"MasterLabel": model.master_label, "Description": model.description}
            client.update(EXTENSION, id_, fields, operation=f"take back retired extension {name}")
            notice(f"Account Engagement extension {name} ({id_}): took back the object a previous delete "
                   "retired, instead of creating a duplicate")
            return {**extension_live(record), "masterLabel": model.master_label,
                    "description": model.description}
        differing = mismatches(extension_live(record), self._wanted(model))
        if not model.adopt:
            raise ConflictError(
                "salesforce", f"an extension with DeveloperName {record.get('DeveloperName')} already exists "
                f"({id_}); set adopt: true to manage it (it must match the declared labels), or choose "
                "another developerName", code="ALREADY_EXISTS", operation=f"create extension {name}")
        if differing:
            live = extension_live(record)
            detail = "; ".join(f"{f}: live {live.get(f)!r}, declared {self._wanted(model)[f]!r}" for f in differing)
            raise ConflictError(
                "salesforce", f"adopt: the existing extension {id_} does not match the declaration ({detail}); "
                "nothing was changed. Declare the live values to adopt it, then change them in a later update",
                code="ADOPT_MISMATCH", operation=f"adopt extension {name}")
        notice(f"Account Engagement extension {name} ({id_}): adopted the existing object")
        return extension_live(record)

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        record = self.tooling().get(EXTENSION, check_id(id_, "id"), operation=f"read extension {id_}")
        return extension_live(record) if record is not None else None

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ExtensionInputs) -> dict[str, Any]:
        fields = changed_fields(state, {"masterLabel": ("MasterLabel", model.master_label),
                                        "description": ("Description", model.description)})
        if fields:
            self.tooling().update(EXTENSION, id_, fields, operation=f"update extension {model.developer_name}")
        return {"developerName": model.developer_name, "masterLabel": model.master_label,
                "description": model.description, "isActive": bool(state.get("isActive"))}

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        client = self.tooling()
        record = client.get(EXTENSION, check_id(id_, "id"), operation=f"read extension {id_}")
        if record is None:
            return
        name = str(record.get("DeveloperName"))
        if try_delete(client, EXTENSION, id_, f"extension {name}"):
            notice(f"Account Engagement extension {name} ({id_}): deleted")
            return
        removed = remove_assignments(client, id_)
        original = parse_marker(live_description(record))
        description = original[1] if original else live_description(record)
        client.update(EXTENSION, id_, {"IsActive": False, "Description": retired_description(name, description)},
                      operation=f"retire extension {name}")
        notice(f"Account Engagement extension {name} ({id_}) is retired, not gone: the Tooling API has no "
               f"DELETE for extensions, so it was deactivated and {removed} business-unit assignment(s) "
               "were removed. Creating an extension with the same developerName takes it back.")


def remove_assignments(client: ToolingClient, extension_id: str) -> int:
    records = client.query(
        soql("Id, ParentId", ASSIGNMENT, MarketingAppExtensionId=extension_id),
        operation=f"list assignments of extension {extension_id}",
    )
    for record in records:
        client.delete(ASSIGNMENT, str(record["Id"]), operation=f"delete assignment {record['Id']}")
    return len(records)
