"""``activity-schemas validate``: every rule the providers' check applies, and the rules that
span a whole stack, offline. Every error names the file, the line, the field and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pydantic

from activity_schemas.schema import SchemaFile
from activity_schemas.yamlsource import Location, SchemaFileError, SourceMap, load
from providers.marketo.models import MAX_TYPES_PER_INSTANCE


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.rule}"


@dataclass
class LoadedSchema:
    path: Path
    schema: SchemaFile
    source: SourceMap


def _field(location: Location) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def load_schema(path: Path) -> tuple[LoadedSchema | None, list[Problem]]:
    try:
        data, source = load(path)
    except SchemaFileError as exc:
        return None, [Problem(str(path), exc.line, "(file)", exc.problem)]
    except OSError as exc:
        return None, [Problem(str(path), 1, "(file)", f"cannot read: {exc.strerror}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(str(path), 1, "(file)", "a schema file is a mapping with accountEngagement, "
                              "marketo and/or eloqua sections")]
    try:
        schema = SchemaFile.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            rule = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(str(path), source.line_of(location), _field(location), rule))
        return None, sorted(problems)
    return LoadedSchema(path, schema, source), []


def validate_files(paths: Sequence[Path]) -> tuple[list[LoadedSchema], list[Problem]]:
    """Each file on its own, then the rules of the whole set (one stack)."""
    loaded: list[LoadedSchema] = []
    problems: list[Problem] = []
    for path in paths:
        schema, file_problems = load_schema(path)
        problems += file_problems
        if schema:
            loaded.append(schema)
    problems += stack_rules(loaded)
    return loaded, sorted(problems)


class _Seen:
    """First place a natural key was declared, to report duplicates with both places."""

    def __init__(self, what: str, case_insensitive: bool = True) -> None:
        self.what = what
        self.case_insensitive = case_insensitive
        self.places: dict[str, tuple[str, int]] = {}

    def add(self, value: str, item: LoadedSchema, location: Location, field: str) -> Problem | None:
        """``location`` is the declaring object; ``field`` the key holding ``value`` ("" for a list item)."""
        key = value.lower() if self.case_insensitive else value
        if field:
            location = (*location, field)
        line = item.source.line_of(location)
        first = self.places.get(key)
        if first is None:
            self.places[key] = (str(item.path), line)
            return None
        return Problem(str(item.path), line, _field(location),
                       f"{self.what} {value!r} is already declared at {first[0]}:{first[1]}; "
                       f"{self.what}s are unique in an org/instance")


def stack_rules(loaded: Iterable[LoadedSchema]) -> list[Problem]:
    problems: list[Problem | None] = []
    extensions = _Seen("extension developerName")
    activity_types = _Seen("activity type developerName")
    marketo_types = _Seen("Marketo apiName")
    triggers = _Seen("Marketo triggerName")
    filters = _Seen("Marketo filterName")
    asset_types = _Seen("Eloqua external asset type name")
    assets = _Seen("Eloqua external asset name")
    marketo_count = 0
    first_marketo: tuple[LoadedSchema, Location] | None = None
    for item in loaded:
        ae = item.schema.account_engagement
        for i, ext in enumerate(ae.extensions if ae else []):
            loc: Location = ("accountEngagement", "extensions", i)
            problems.append(extensions.add(ext.developer_name, item, loc, "developerName"))
            for j, act in enumerate(ext.activity_types):
                aloc: Location = (*loc, "activityTypes", j)
                problems.append(activity_types.add(act.developer_name, item, aloc, "developerName"))
        mk = item.schema.marketo
        for i, cat in enumerate(mk.custom_activity_types if mk else []):
            loc = ("marketo", "customActivityTypes", i)
            marketo_count += 1
            first_marketo = first_marketo or (item, loc)
            problems.append(marketo_types.add(cat.api_name, item, loc, "apiName"))
            problems.append(triggers.add(cat.trigger_name, item, loc, "triggerName"))
            problems.append(filters.add(cat.filter_name, item, loc, "filterName"))
        el = item.schema.eloqua
        for i, eat in enumerate(el.external_asset_types if el else []):
            loc = ("eloqua", "externalAssetTypes", i)
            problems.append(asset_types.add(eat.name, item, loc, "name"))
            for j, asset in enumerate(eat.assets):
                problems.append(assets.add(asset.name, item, (*loc, "assets", j), ""))
    if marketo_count > MAX_TYPES_PER_INSTANCE and first_marketo:
        item, loc = first_marketo
        problems.append(Problem(str(item.path), item.source.line_of(loc), "marketo.customActivityTypes",
                                f"{marketo_count} custom activity types declared; a Marketo instance holds at "
                                f"most {MAX_TYPES_PER_INSTANCE}"))
    return [p for p in problems if p is not None]
