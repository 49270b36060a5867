"""Renders docs/reliability.md from the reliability tests' own results (never written by hand).

The tests in tests/e2e/reliability and tests/unit/reliability append one JSON line per
scenario x provider outcome to build/reliability/results.jsonl (or $RELIABILITY_RESULTS). This
script keeps the latest outcome of each test, folds them into cells, and writes the matrix:
every cell is "survived" with how, "FAILED" with the reason, "not run", or not applicable with why.

    .venv/bin/pytest tests/unit/reliability tests/e2e/reliability -q
    .venv/bin/python scripts/reliability_matrix.py            # writes docs/reliability.md
    .venv/bin/python scripts/reliability_matrix.py --strict   # also exits 1 unless every cell is green
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = REPO_ROOT / "build" / "reliability" / "results.jsonl"
DEFAULT_OUT = REPO_ROOT / "docs" / "reliability.md"
PROVIDERS = {"eloqua": "Eloqua", "account-engagement": "Account Engagement", "marketo": "Marketo"}

# (row key as the tests record it, what the row proves); "killed ..." rows are matched by prefix
ROWS: list[tuple[str, str]] = [
    ("token-expiry", "Tokens expire mid-run (every issued token expired in the sandbox after the first create, "
                     "plus the vendor's own rejection injected: Salesforce 401 INVALID_SESSION_ID, Marketo 601 "
                     "(602 from the real expiry), Eloqua 401)"),
    ("throttling-transient", "Throttling and transient errors, in the vendor's shapes (Marketo 606/615/604/608/713; "
                             "Salesforce UNABLE_TO_LOCK_ROW as 500 and 400, 503; Eloqua 429, 503), retried with "
                             "backoff and jitter within the retry policy's bounds"),
    ("endless throttling gives up, bounded", "A throttle that never clears (Eloqua 429, Salesforce 503, Marketo "
                                             "606 on every attempt): the retries stop within the retry policy's "
                                             "attempts and deadline, with a message naming the vendor's answer"),
    ("daily-quota", "Quotas that reset only daily stop at once with a clear message, no retry (Marketo 607; "
                    "Salesforce REQUEST_LIMIT_EXCEEDED, the org's 24-hour allocation)"),
    ("AE v5 submissions: 66 retried, 122 stops", "Account Engagement v5 submissions to an extension the engine "
                                                 "provisioned: 66 retried, 122 (daily) stops"),
    ("lost-response", "The vendor commits a create but the answer is lost (connection dropped after commit), "
                      "for every create step: found again by natural key, nothing created twice"),
    ("killed", "`pulumi up` SIGKILLed (with every process it started) at a step of a multi-step operation, then "
               "recovered with `activity-schemas recover` (docs/recovery.md): refused without --yes while the "
               "killed run's lock is there, then cancel, adopt where a provider asks for it, and a preview"),
    ("recovery step: adopt on, then off, writes nothing", "The manual steps of recovery.md (adopt for one "
                                                          "run, then drop it) on a converged stack make no API write"),
    ("concurrent runs, same stack", "A second `pulumi up` of a running stack is refused by the engine's lock"),
    ("two stacks sharing one org/instance", "Two stacks on one org/instance at once, the instance's limits "
                                            "tightened in the sandbox: both converge"),
    ("bad input: generated inputs to check", "Hypothesis-generated inputs to every provider's `check`: a named "
                                             "field and rule, never an exception, no API call"),
    ("bad input: generated stack config and schema files", "Hypothesis-generated stack config (the vendor's "
                                                           "settings and activity-schemas:*), through the stack "
                                                           "file reader and `validate`'s stack check: a named key "
                                                           "and rule, no exception, no network, no plaintext secret "
                                                           "accepted or echoed (schema files: "
                                                           "tests/unit/schemas/test_validate_properties.py)"),
    ("TLS verification off is refused", "The HTTP clients refuse to run with TLS verification off"),
    ("no credential in DEBUG logs of token requests", "Token requests logged at DEBUG (urllib3, requests, the "
                                                      "HTTP core) hold no credential and no issued token"),
]
NOT_APPLICABLE: dict[tuple[str, str], str] = {
    ("daily-quota", "eloqua"): "Eloqua documents no daily API quota (eloqua.md: 429 only, covered by throttling)",
    ("AE v5 submissions: 66 retried, 122 stops", "eloqua"): "codes 66/122 are Account Engagement v5 codes",
    ("AE v5 submissions: 66 retried, 122 stops", "marketo"): "codes 66/122 are Account Engagement v5 codes",
}
EVERY_SCENARIO = ("After every engine scenario the test asserts: the org holds exactly the declared objects "
                  "(no duplicate, no orphan draft, no half-activated extension, no unassigned active "
                  "extension), the Pulumi state matches the org, `pulumi preview --expect-no-changes` passes "
                  "and a second `pulumi up` makes no write call; and it scans `pulumi stack export`, every CLI "
                  "output and the providers' DEBUG logs for every credential and token the sandbox issued "
                  "(plain values, and SHA-256 hashes for the tokens the sandbox keeps hashed only).")


@dataclass
class Cell:
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def survived(self) -> bool:
        return bool(self.results) and all(r["outcome"] == "survived" for r in self.results)


def load(path: Path) -> dict[str, dict[str, Any]]:
    """The latest result of each test (a later run of the same test replaces an earlier one)."""
    latest: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return latest
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            latest[doc["test"]] = doc
    return latest


def row_of(scenario: str) -> str:
    return "killed" if scenario.startswith("killed ") else scenario


def build(results: dict[str, dict[str, Any]]) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = {}
    for doc in results.values():
        cells.setdefault((row_of(doc["scenario"]), doc["provider"]), Cell()).results.append(doc)
    for cell in cells.values():
        cell.results.sort(key=lambda d: (d["scenario"], d["test"]))
    return cells


def short(row: str, provider: str, cells: dict[tuple[str, str], Cell]) -> str:
    if (row, provider) in NOT_APPLICABLE:
        return "n/a"
    cell = cells.get((row, provider))
    if cell is None:
        return "**not run**"
    failed = [r for r in cell.results if r["outcome"] != "survived"]
    if not failed:
        return f"survived ({len(cell.results)})" if len(cell.results) > 1 else "survived"
    return f"**FAILED** ({len(failed)}/{len(cell.results)}): {_one_line(failed[0]['reason'])[:90]}"


def render(results: dict[str, dict[str, Any]], source: Path) -> tuple[str, bool]:
    cells = build(results)
    stamps = sorted(d["at"] for d in results.values())
    lines = [
        "# Reliability matrix",
        "",
        "<!-- generated by scripts/reliability_matrix.py from the tests' own results; do not edit by hand -->",
        "",
        "Generated by `scripts/reliability_matrix.py` from the results the reliability tests recorded "
        f"(`{_display(source)}`, {len(results)} test results, {stamps[0] if stamps else '-'} to "
        f"{stamps[-1] if stamps else '-'} UTC). Regenerate with:",
        "",
        "```sh",
        "make reliability   # = rm -f build/reliability/results.jsonl; pytest tests/unit/reliability "
        "tests/e2e/reliability; python scripts/reliability_matrix.py",
        "```",
        "",
        EVERY_SCENARIO,
        "",
        "What a user does after an interrupted run: [recovery.md](recovery.md).",
        "",
        "| scenario | " + " | ".join(PROVIDERS.values()) + " |",
        "| --- | " + " | ".join("---" for _ in PROVIDERS) + " |",
    ]
    green = True
    for row, _ in ROWS:
        marks = [short(row, p, cells) for p in PROVIDERS]
        green &= all(m == "n/a" or m.startswith("survived") for m in marks)
        lines.append(f"| {row} | " + " | ".join(marks) + " |")
    known = {row for row, _ in ROWS}
    for (row, _provider) in sorted(cells):
        if row not in known:
            raise SystemExit(f"results hold an unknown scenario {row!r}: add it to ROWS")
    lines += ["", "## How each cell survived, or why it did not", ""]
    for row, proves in ROWS:
        lines += [f"### {row}", "", proves + ".", ""]
        for key, label in PROVIDERS.items():
            if (row, key) in NOT_APPLICABLE:
                lines.append(f"- **{label}**: not applicable: {NOT_APPLICABLE[(row, key)]}.")
                continue
            cell = cells.get((row, key))
            if cell is None:
                lines.append(f"- **{label}**: not run (no result recorded).")
                continue
            for doc in cell.results:
                prefix = f"{doc['scenario'].removeprefix('killed ')}: " if row == "killed" else ""
                if doc["outcome"] == "survived":
                    lines.append(f"- **{label}**: {prefix}survived: {'; '.join(doc['notes'])}.")
                else:
                    lines.append(f"- **{label}**: {prefix}**FAILED**: {_one_line(doc['reason'])} "
                                 f"(`{doc['test']}`).")
        lines.append("")
    total = sum(1 for row, _ in ROWS for p in PROVIDERS if (row, p) not in NOT_APPLICABLE)
    good = sum(1 for row, _ in ROWS for p in PROVIDERS
               if (row, p) not in NOT_APPLICABLE and (row, p) in cells and cells[(row, p)].survived)
    lines[lines.index("What a user does after an interrupted run: [recovery.md](recovery.md).") + 1:
          lines.index("What a user does after an interrupted run: [recovery.md](recovery.md).") + 1] = [
        "", f"**{good} of {total} applicable cells survived.**"]
    return "\n".join(lines).rstrip() + "\n", green


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:400]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--results", type=Path,
                        default=Path(os.environ.get("RELIABILITY_RESULTS") or DEFAULT_RESULTS))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every applicable cell survived")
    args = parser.parse_args(argv)
    results = load(args.results)
    if not results:
        print(f"no results in {args.results}: run the reliability tests first", file=sys.stderr)
        return 2
    text, green = render(results, args.results)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {_display(args.out)} from {len(results)} results" + ("" if green else " (some cells not green)"))
    return 0 if green or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
