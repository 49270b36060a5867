"""Property-based: whatever a schema file holds, validate answers with file, line, field and rule,
never a traceback, and makes no API call (it has no network access to make one)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activity_schemas.validation import validate_files

PROBLEM_LINE = r"^.+:\d+: \S+: .+$"

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=45),
                    st.sampled_from(["Webinar_Service", "a__b", "1abc", "", "string", "HappyHomeTX"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["developerName", "masterLabel", "businessUnit", "activityTypes", "apiName", "name", "triggerName",
         "filterName", "primaryAttribute", "attributes", "dataType", "activityTypes", "assets", "extra"]),
        inner, max_size=5)), max_leaves=12)
documents = st.dictionaries(
    st.sampled_from(["accountEngagement", "marketo", "eloqua", "version", "unknown"]),
    st.one_of(values, st.fixed_dictionaries({}, optional={
        "extensions": st.lists(values, max_size=2),
        "customActivityTypes": st.lists(values, max_size=2),
        "externalAssetTypes": st.lists(values, max_size=2),
    })), max_size=3)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("validate must not open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_any_document_gets_named_problems_or_passes(tmp_path: Path, no_network: None, document: dict[str, Any]) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(document))
    loaded, problems = validate_files([path])
    for problem in problems:
        assert problem.file == str(path)
        assert problem.line >= 1
        assert problem.field and problem.rule
        assert "Traceback" not in problem.rule
    assert bool(loaded) != bool(problems) or not problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text)
    _, problems = validate_files([path])
    for problem in problems:
        assert problem.line >= 1 and problem.rule
