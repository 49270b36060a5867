"""A few of Marketo's standard activity types, as ``GET /rest/v1/activities/types.json`` lists them.

Why only a few: a real instance lists hundreds; clients only need the shape and to see custom types
among the standard ones (the list does not say which are custom, reference 3.3). "Fill Out Form" is
the seed document's example verbatim.
"""

from __future__ import annotations

from typing import Any


def _attrs(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "dataType": data_type} for name, data_type in pairs]


STANDARD_TYPES: list[dict[str, Any]] = [
    {"id": 1, "name": "Visit Webpage", "description": "User visits a web page",
     "primaryAttribute": {"name": "Webpage ID", "dataType": "integer"},
     "attributes": _attrs(("Client IP Address", "string"), ("Query Parameters", "string"),
                          ("Referrer URL", "string"), ("User Agent", "string"), ("Webpage URL", "string"))},
    {"id": 2, "name": "Fill Out Form", "description": "User fills out and submits form on web page",
     "primaryAttribute": {"name": "Webform ID", "dataType": "integer"},
     "attributes": _attrs(("Client IP Address", "string"), ("Form Fields", "text"),
                          ("Query Parameters", "string"), ("Referrer URL", "string"),
                          ("User Agent", "string"), ("Webpage ID", "integer"))},
    {"id": 3, "name": "Click Link", "description": "User clicks link on a page",
     "primaryAttribute": {"name": "Link ID", "dataType": "integer"},
     "attributes": _attrs(("Client IP Address", "string"), ("Query Parameters", "string"),
                          ("Referrer URL", "string"), ("User Agent", "string"), ("Webpage ID", "integer"))},
    {"id": 6, "name": "Send Email", "description": "Send Marketo Email to a person",
     "primaryAttribute": {"name": "Mailing ID", "dataType": "integer"},
     "attributes": _attrs(("Campaign Run ID", "integer"), ("Step ID", "integer"))},
    {"id": 7, "name": "Email Delivered", "description": "Marketo Email is delivered to a person",
     "primaryAttribute": {"name": "Mailing ID", "dataType": "integer"},
     "attributes": _attrs(("Campaign Run ID", "integer"), ("Step ID", "integer"))},
    {"id": 10, "name": "Open Email", "description": "User opens Marketo Email",
     "primaryAttribute": {"name": "Mailing ID", "dataType": "integer"},
     "attributes": _attrs(("Device", "string"), ("Is Mobile Device", "boolean"), ("User Agent", "string"))},
    {"id": 11, "name": "Click Email", "description": "User clicks on a link in a Marketo Email",
     "primaryAttribute": {"name": "Mailing ID", "dataType": "integer"},
     "attributes": _attrs(("Link", "string"), ("Device", "string"), ("Is Mobile Device", "boolean"))},
    {"id": 13, "name": "Change Data Value", "description": "Changed attribute value for a person",
     "primaryAttribute": {"name": "Attribute Name", "dataType": "integer"},
     "attributes": _attrs(("New Value", "string"), ("Old Value", "string"), ("Reason", "string"),
                          ("Source", "string"))},
]
