"""The SOQL subset real Tooling clients send (account-engagement.md §3, §8).

``SELECT f[, f...] | COUNT() FROM T [WHERE c (AND c)* | c (OR c)*] [ORDER BY f [ASC|DESC]
[NULLS FIRST|LAST][, ...]] [LIMIT n] [OFFSET n]`` where ``c`` is ``f op value`` (op: = != <> < >
<= >= LIKE) or ``f [NOT] IN (v, ...)``. Why so small: it is what the clients need, and every
other construct answers ``MALFORMED_QUERY`` instead of a wrong result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sandbox.salesforce import ids
from sandbox.salesforce.objects import FieldSpec, ObjectSpec, lookup
from sandbox.salesforce.records import RestError

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*')
      | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>!=|<>|<=|>=|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC", "DESC",
             "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "TRUE", "FALSE", "NULL", "COUNT"}
_UNSUPPORTED = {"GROUP", "HAVING", "WITH", "FOR", "TYPEOF", "USING", "INCLUDES", "EXCLUDES"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "'": "'", '"': '"', "\\": "\\",
            "%": "\\%", "_": "\\_"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    column: int

    @property
    def upper(self) -> str:
        return self.text.upper()


@dataclass
class Condition:
    field: FieldSpec
    op: str
    values: list[Any]


@dataclass
class Query:
    spec: ObjectSpec
    fields: list[FieldSpec]
    count_only: bool = False
    conditions: list[Condition] = field(default_factory=list)
    joiner: str = "AND"
    order: list[tuple[FieldSpec, bool, bool]] = field(default_factory=list)  # field, desc, nulls_last
    limit: int | None = None
    offset: int = 0


def malformed(soql: str, token: Token | None, detail: str | None = None) -> RestError:
    column = token.column + 1 if token else len(soql) + 1
    what = detail or (f"unexpected token: '{token.text}'" if token else "unexpected end of query")
    return RestError(400, "MALFORMED_QUERY", f"\n{soql}\n{' ' * (column - 1)}^\nERROR at Row:1:Column:{column}\n{what}")


def tokenize(soql: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(soql):
        if soql[pos:].strip() == "":
            break
        match = _TOKEN.match(soql, pos)
        if not match:
            start = len(soql[pos:]) - len(soql[pos:].lstrip()) + pos
            raise malformed(soql, Token("bad", soql[start], start))
        kind = match.lastgroup or "bad"
        text = match.group(kind)
        out.append(Token(kind, text, match.start(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, soql: str) -> None:
        self.soql = soql
        self.tokens = tokenize(soql)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise malformed(self.soql, None)
        self.pos += 1
        return token

    def keyword(self, word: str) -> Token:
        token = self.take()
        if token.kind != "word" or token.upper != word:
            raise malformed(self.soql, token)
        return token

    def at(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.upper == word

    def field_of(self, spec: ObjectSpec, token: Token) -> FieldSpec:
        if token.kind != "word" or token.upper in _KEYWORDS:
            raise malformed(self.soql, token)
        f = spec.field(token.text)
        if f is None:
            relation = "Didn't understand relationship" if "." in token.text else "No such column"
            raise RestError(
                400, "INVALID_FIELD",
                f"\n{self.soql}\n{' ' * token.column}^\nERROR at Row:1:Column:{token.column + 1}\n"
                f"{relation} '{token.text}' on entity '{spec.name}'. If you are attempting to use a custom "
                "field, be sure to append the '__c' after the custom field name. Please reference your WSDL "
                "or the describe call for the appropriate names.")
        return f

    def field_token(self) -> Token:
        token = self.take()
        if token.kind != "word" or token.upper in _KEYWORDS:
            raise malformed(self.soql, token)
        return token

    def parse(self) -> Query:
        self.keyword("SELECT")
        raw_fields: list[Token] = []
        count_only = False
        if self.at("COUNT"):
            self.take()
            if self.take().text != "(" or self.take().text != ")":
                raise malformed(self.soql, self.tokens[self.pos - 1])
            count_only = True
        else:
            raw_fields.append(self.field_token())
            while (token := self.peek()) is not None and token.text == ",":
                self.take()
                raw_fields.append(self.field_token())
        self.keyword("FROM")
        type_token = self.take()
        spec = lookup(type_token.text) if type_token.kind == "word" else None
        if spec is None:
            raise RestError(
                400, "INVALID_TYPE",
                f"\n{self.soql}\n{' ' * type_token.column}^\nERROR at Row:1:Column:{type_token.column + 1}\n"
                f"sObject type '{type_token.text}' is not supported. If you are attempting to use a custom "
                "object, be sure to append the '__c' after the entity name. Please reference your WSDL or "
                "the describe call for the appropriate names.")
        query = Query(spec=spec, fields=[self.field_of(spec, t) for t in raw_fields], count_only=count_only)
        if self.at("WHERE"):
            self.take()
            self.where(query)
        if self.at("ORDER"):
            self.take()
            self.keyword("BY")
            self.order_by(query)
        if self.at("LIMIT"):
            self.take()
            query.limit = self.integer()
        if self.at("OFFSET"):
            self.take()
            query.offset = self.integer()
            if query.offset > 2000:
                raise RestError(400, "NUMBER_OUTSIDE_VALID_RANGE",
                                f"Maximum SOQL offset allowed is 2000, found {query.offset}")
        token = self.peek()
        if token is not None:
            detail = f"unexpected token: '{token.text}'"
            if token.upper in _UNSUPPORTED:
                detail += " (not supported by the sandbox's SOQL subset)"
            raise malformed(self.soql, token, detail)
        return query

    def integer(self) -> int:
        token = self.take()
        if token.kind != "number" or not token.text.isdigit():
            raise malformed(self.soql, token)
        return int(token.text)

    def where(self, query: Query) -> None:
        query.conditions.append(self.condition(query.spec))
        joiner: str | None = None
        while self.at("AND") or self.at("OR"):
            token = self.take()
            if joiner is not None and token.upper != joiner:
                raise malformed(self.soql, token, f"unexpected token: '{token.text}' "
                                "(mixing AND and OR needs parentheses, which the sandbox does not parse)")
            joiner = token.upper
            query.conditions.append(self.condition(query.spec))
        query.joiner = joiner or "AND"

    def condition(self, spec: ObjectSpec) -> Condition:
        f = self.field_of(spec, self.take())
        if f.type == "textarea":
            raise RestError(400, "INVALID_FIELD",
                            f"field '{f.name}' can not be filtered in a query call")
        token = self.take()
        if token.kind == "op":
            op = "!=" if token.text == "<>" else token.text
            return Condition(f, op, [self.value(f)])
        if token.kind == "word" and token.upper == "LIKE":
            return Condition(f, "LIKE", [self.value(f)])
        negate = False
        if token.kind == "word" and token.upper == "NOT":
            negate, token = True, self.take()
        if token.kind == "word" and token.upper == "IN":
            if self.take().text != "(":
                raise malformed(self.soql, self.tokens[self.pos - 1])
            values = [self.value(f)]
            while (nxt := self.take()).text == ",":
                values.append(self.value(f))
            if nxt.text != ")":
                raise malformed(self.soql, nxt)
            return Condition(f, "NOT IN" if negate else "IN", values)
        raise malformed(self.soql, token)

    def value(self, f: FieldSpec) -> Any:
        token = self.take()
        if token.kind == "word" and token.upper == "NULL":
            return None
        if f.type == "boolean":
            if token.kind == "word" and token.upper in ("TRUE", "FALSE"):
                return token.upper == "TRUE"
            raise RestError(400, "INVALID_FIELD", f"value of filter criterion for field '{f.name}' must be of "
                            "type boolean and should not be enclosed in quotes")
        if f.type == "datetime":
            if token.kind != "datetime":
                raise RestError(400, "INVALID_FIELD", f"value of filter criterion for field '{f.name}' must be "
                                "of type dateTime and should not be enclosed in quotes")
            return _epoch(token.text)
        if token.kind != "string":
            raise malformed(self.soql, token)
        text = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), token.text[1:-1])
        if f.type in ("id", "reference"):
            normalized = ids.normalize(text)
            if normalized is None:
                raise RestError(400, "INVALID_QUERY_FILTER_OPERATOR", f"invalid ID field: {text}")
            return normalized
        return text

    def order_by(self, query: Query) -> None:
        while True:
            f = self.field_of(query.spec, self.take())
            desc = False
            if self.at("ASC") or self.at("DESC"):
                desc = self.take().upper == "DESC"
            nulls_last = desc
            if self.at("NULLS"):
                self.take()
                which = self.take()
                if which.upper not in ("FIRST", "LAST"):
                    raise malformed(self.soql, which)
                nulls_last = which.upper == "LAST"
            query.order.append((f, desc, nulls_last))
            token = self.peek()
            if token is None or token.text != ",":
                return
            self.take()


def _epoch(text: str) -> float:
    """A datetime literal or a stored ``...000+0000`` value as epoch seconds."""
    value = text.replace("Z", "+00:00")
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    return dt.datetime.fromisoformat(value).timestamp()


def parse(soql: str) -> Query:
    if not soql or not soql.strip():
        raise RestError(400, "MALFORMED_QUERY", "A query string has to be specified")
    return _Parser(soql).parse()


def _comparable(f: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if f.type == "datetime":
        return _epoch(value) if isinstance(value, str) else value
    if isinstance(value, str) and f.type not in ("id", "reference"):
        return value.lower()
    return value


def _like(pattern: str, value: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL) is not None


def _matches(cond: Condition, record: dict[str, Any]) -> bool:
    actual = _comparable(cond.field, record.get(cond.field.name))
    wanted = [_comparable(cond.field, v) for v in cond.values]
    if cond.op == "IN":
        return actual in wanted
    if cond.op == "NOT IN":
        return actual not in wanted
    if cond.op == "=":
        return actual == wanted[0]
    if cond.op == "!=":
        return actual != wanted[0]
    if cond.op == "LIKE":
        return isinstance(actual, str) and isinstance(wanted[0], str) and _like(wanted[0], actual)
    if actual is None or wanted[0] is None:
        return False
    comparisons = {"<": actual < wanted[0], ">": actual > wanted[0],
                   "<=": actual <= wanted[0], ">=": actual >= wanted[0]}
    return comparisons[cond.op]


def run(query: Query, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Filter, sort, offset and limit ``records`` (all of ``query.spec``'s, in creation order)."""
    if query.conditions:
        test = all if query.joiner == "AND" else any
        records = [r for r in records if test(_matches(c, r) for c in query.conditions)]
    for f, desc, nulls_last in reversed(query.order):
        present = [r for r in records if r.get(f.name) is not None]
        absent = [r for r in records if r.get(f.name) is None]
        present.sort(key=lambda r, f=f: _comparable(f, r[f.name]), reverse=desc)  # type: ignore[misc]
        records = present + absent if nulls_last else absent + present
    records = records[query.offset:]
    return records if query.limit is None else records[: query.limit]
