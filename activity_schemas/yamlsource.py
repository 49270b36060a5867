"""YAML loading that remembers where every value came from, so errors can name file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Maps a path inside the loaded document to the (1-based) line it starts on."""

    file: Path
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of ``location``, or of its closest ancestor that has one."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class SchemaFileError(Exception):
    """A file that is not YAML at all (the parser's own message, with its line)."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.line = line
        self.problem = problem


class _UniqueKeyLoader(yaml.SafeLoader):
    """Duplicate keys are an error: the last one silently winning would hide a typo."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path) -> tuple[Any, SourceMap]:
    text = path.read_text()
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemaFileError(path, mark.line + 1 if mark else 1, f"not valid YAML: {problem}") from None
    source = SourceMap(path)
    if node is not None:
        _walk(node, (), source)
    return data, source


def _walk(node: yaml.Node, location: Location, source: SourceMap) -> None:
    source.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*location, str(key_node.value))
            source.lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*location, index), source)
