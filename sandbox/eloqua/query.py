"""List endpoints: ``depth``, ``count``, ``page``, ``search``, ``orderBy``, ``lastUpdatedAt``.

``search`` supports the subset clients use: ``name='Trade*'``, ``name=Tradeshow``, ``id=10001``,
or a bare term matched against the name; ``*`` is a wildcard; case-insensitive.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request

from sandbox.eloqua.errors import EloquaError, parameter_error
from sandbox.eloqua.routing import query_int

DEPTHS = ("minimal", "partial", "complete")
_SEARCH = re.compile(r"^\s*(?:(?P<field>[A-Za-z]+)\s*=\s*)?(?P<quote>['\"]?)(?P<value>.*?)(?P=quote)\s*$")
SEARCHABLE = ("name", "id", "externalAssetTypeId")
ORDERABLE = ("id", "name", "createdAt", "updatedAt")


def depth(request: Request, default: str) -> str:
    """Invalid values are reset to the default, as the spec says."""
    value = request.query_params.get("depth", default)
    return value if value in DEPTHS else default


def _matcher(search: str | None) -> Callable[[dict[str, Any]], bool]:
    if not search:
        return lambda doc: True
    match = _SEARCH.match(search)
    if match is None:
        raise EloquaError(400, [parameter_error("search", "SyntaxRequirement", search)])
    field = match.group("field") or "name"
    if field not in SEARCHABLE:
        raise EloquaError(400, [parameter_error("search", "SyntaxRequirement", search)])
    pattern = match.group("value").casefold()
    return lambda doc: fnmatch.fnmatchcase(str(doc.get(field, "")).casefold(), pattern)


def _order(order_by: str | None) -> tuple[str, bool]:
    if not order_by:
        return "id", False
    parts = order_by.split()
    field = parts[0]
    direction = parts[1].upper() if len(parts) > 1 else "ASC"
    if field not in ORDERABLE or direction not in ("ASC", "DESC") or len(parts) > 2:
        raise EloquaError(400, [parameter_error("orderBy", "SyntaxRequirement", order_by)])
    return field, direction == "DESC"


def _sort_key(field: str) -> Callable[[dict[str, Any]], Any]:
    if field in ("id", "createdAt", "updatedAt"):
        return lambda doc: int(doc.get(field) or 0)
    return lambda doc: str(doc.get(field, "")).casefold()


def page_of(
    request: Request, docs: list[dict[str, Any]], render: Callable[[dict[str, Any], str], dict[str, Any]],
) -> dict[str, Any]:
    count = query_int(request, "count", 1000, 1, 1000)
    page = query_int(request, "page", 1, 1, 10**9)
    level = depth(request, "minimal")
    matches = _matcher(request.query_params.get("search"))
    selected = [d for d in docs if matches(d)]
    since = request.query_params.get("lastUpdatedAt")
    if since:
        if not since.isdigit():
            raise EloquaError(400, [parameter_error("lastUpdatedAt", "DateRequirement", since)])
        selected = [d for d in selected if int(d.get("updatedAt", 0)) >= int(since)]
    field, descending = _order(request.query_params.get("orderBy"))
    selected.sort(key=_sort_key(field), reverse=descending)
    start = (page - 1) * count
    return {
        "elements": [render(d, level) for d in selected[start:start + count]],
        "page": page,
        "pageSize": count,
        "total": len(selected),
    }
