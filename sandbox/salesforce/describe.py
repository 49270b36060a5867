"""Describe responses built from the object table, so describe never disagrees with the rules."""

from __future__ import annotations

from typing import Any

from sandbox.salesforce.objects import OBJECTS, FieldSpec, ObjectSpec

_SOAP_TYPES = {"id": "tns:ID", "reference": "tns:ID", "boolean": "xsd:boolean", "datetime": "xsd:dateTime"}


def verbs(spec: ObjectSpec, allow_delete: bool) -> set[str]:
    """The object's documented verbs; the ``allow_delete`` switch adds DELETE (a future API)."""
    out = set(spec.verbs)
    if allow_delete and spec.name in ("MarketingAppExtension", "MarketingAppExtActivity"):
        out.add("DELETE")
    return out


def urls(spec: ObjectSpec, version: str) -> dict[str, str]:
    base = f"/services/data/v{version}/tooling/sobjects/{spec.name}"
    return {"sobject": base, "describe": f"{base}/describe", "rowTemplate": f"{base}/{{ID}}"}


def _field(f: FieldSpec) -> dict[str, Any]:
    return {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "soapType": _SOAP_TYPES.get(f.type, "xsd:string"),
        "length": f.length if f.type not in ("boolean", "datetime") else 0,
        "byteLength": f.length * 3 if f.type not in ("boolean", "datetime") else 0,
        "nillable": f.nillable,
        "createable": f.createable,
        "updateable": f.updateable,
        "defaultedOnCreate": f.defaulted or f.name in ("Id", "CreatedById", "CreatedDate", "LastModifiedById",
                                                       "LastModifiedDate", "SystemModstamp"),
        "filterable": f.type != "textarea",
        "groupable": f.type not in ("textarea", "datetime"),
        "sortable": f.type != "textarea",
        "idLookup": f.id_lookup,
        "unique": False,
        "custom": False,
        "calculated": False,
        "restrictedPicklist": f.type == "picklist",
        "picklistValues": [
            {"active": True, "defaultValue": value == "en_US", "label": value, "validFor": None, "value": value}
            for value in f.picklist
        ],
        "referenceTo": list(f.reference_to),
        "relationshipName": f.relationship_name,
        "defaultValue": False if f.type == "boolean" else None,
    }


def describe(spec: ObjectSpec, version: str, allow_delete: bool) -> dict[str, Any]:
    allowed = verbs(spec, allow_delete)
    return {
        **summary(spec, version, allow_delete),
        "fields": [_field(f) for f in spec.fields],
        "childRelationships": [],
        "recordTypeInfos": [],
        "supportedScopes": [],
        "undeletable": False,
        "deletable": "DELETE" in allowed,
    }


def summary(spec: ObjectSpec, version: str, allow_delete: bool) -> dict[str, Any]:
    allowed = verbs(spec, allow_delete)
    return {
        "name": spec.name,
        "label": spec.label,
        "labelPlural": spec.label + "s",
        "keyPrefix": spec.key_prefix,
        "createable": "POST" in allowed,
        "updateable": "PATCH" in allowed,
        "deletable": "DELETE" in allowed,
        "queryable": True,
        "retrieveable": True,
        "searchable": False,
        "layoutable": spec.name != "MarketingAppExtAssignment",
        "custom": False,
        "customSetting": False,
        "deprecatedAndHidden": False,
        "urls": urls(spec, version),
    }


def describe_global(version: str, allow_delete: bool) -> dict[str, Any]:
    return {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
        "sobjects": [summary(spec, version, allow_delete) for spec in OBJECTS.values()],
    }
