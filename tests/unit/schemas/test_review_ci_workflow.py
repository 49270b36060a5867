"""examples/ci/pull-request.yml: each stack's review report is its own PR comment, updated in place.

The matrix runs one job per stack; a step that edited "the last comment" made the stacks overwrite
each other's report. The step's script runs here against a fake ``gh`` that records its calls.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[3] / "examples" / "ci" / "pull-request.yml"
REPORT = "## activity-schemas plan for `production`\n\n**Summary:** 1 to delete\n"

FAKE_GH = """#!/usr/bin/env bash
# Records each call; `gh api --paginate URL` prints the pages in $FAKE_PAGES (one JSON array a line).
echo "$*" >> "$FAKE_LOG"
prev=""
for arg in "$@"; do
  if [ "$prev" = "--input" ]; then cp "$arg" "$FAKE_SENT"; fi
  prev="$arg"
done
case " $* " in
  *" --method "*) echo '{}' ;;
  *) printf '%s\\n' "$FAKE_PAGES" ;;
esac
"""


def _workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(data, dict)
    return data


def _post_step() -> dict[str, Any]:
    [step] = [s for s in _workflow()["jobs"]["review"]["steps"] if s.get("name") == "post the report"]
    return step


def test_each_stack_posts_its_own_marked_comment() -> None:
    job = _workflow()["jobs"]["review"]
    assert job["strategy"]["matrix"]["stack"] == ["sandbox", "production"]
    assert job["strategy"]["fail-fast"] is False  # a failing stack must not cancel the other's report
    step = _post_step()
    script = step["run"]
    assert "--edit-last" not in script and "gh pr comment" not in script
    assert step["env"]["STACK"] == "${{ matrix.stack }}"
    assert 'marker="<!-- activity-schemas review: $STACK -->"' in script
    assert "--method PATCH" in script and "--method POST" in script
    assert step["if"] == "always()"


def _run(tmp_path: Path, pages: list[list[dict[str, Any]]], *, report: str | None = REPORT) -> tuple[list[str], str]:
    if shutil.which("bash") is None or shutil.which("jq") is None:
        pytest.skip("needs bash and jq, as on the GitHub runner")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    if report is not None:
        (work / "review.md").write_text(report)
    step = _post_step()
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "GH_TOKEN": "x", "REPO": "acme/schemas", "PR": "17", "STACK": "production",
           "FAKE_LOG": str(tmp_path / "calls.log"), "FAKE_SENT": str(tmp_path / "sent.json"),
           "FAKE_PAGES": "\n".join(json.dumps(page) for page in pages)}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env, check=True, timeout=30)
    calls = (tmp_path / "calls.log").read_text().splitlines()
    body = json.loads((tmp_path / "sent.json").read_text())["body"]
    return calls, body


def _comment(id_: int, body: str) -> dict[str, Any]:
    return {"id": id_, "body": body, "user": {"login": "github-actions[bot]"}}


def test_first_report_of_a_stack_is_a_new_comment(tmp_path: Path) -> None:
    pages = [[_comment(1, "LGTM"), _comment(2, "<!-- activity-schemas review: sandbox -->\n## sandbox plan")]]
    calls, body = _run(tmp_path, pages)
    assert calls[0].startswith("api --paginate repos/acme/schemas/issues/17/comments")
    assert calls[1:] == ["api --method POST repos/acme/schemas/issues/17/comments --input comment.json"]
    assert body == "<!-- activity-schemas review: production -->\n" + REPORT


def test_a_stack_updates_its_own_comment_and_leaves_the_other_stacks(tmp_path: Path) -> None:
    pages = [
        [_comment(1, "see <!-- activity-schemas review: production --> below"),  # not on the first line
         _comment(2, "<!-- activity-schemas review: sandbox -->\n## sandbox plan")],
        [_comment(3, "LGTM"), _comment(42, "<!-- activity-schemas review: production -->\r\n## old plan")],
    ]
    calls, body = _run(tmp_path, pages)
    assert calls[1:] == ["api --method PATCH repos/acme/schemas/issues/comments/42 --input comment.json"]
    assert body.splitlines()[0] == "<!-- activity-schemas review: production -->"
    assert "**Summary:** 1 to delete" in body


def test_a_job_that_failed_before_the_review_still_posts_a_note(tmp_path: Path) -> None:
    calls, body = _run(tmp_path, [[]], report=None)
    assert calls[1].startswith("api --method POST ")
    assert body.startswith("<!-- activity-schemas review: production -->\n## activity-schemas plan for `production`")
    assert "failed before the review" in body
