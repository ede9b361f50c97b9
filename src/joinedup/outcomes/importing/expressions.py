"""Arithmetic between columns (`attendances - breaches`) and row filters (`type = 1`), read
safely: parsed with `ast` and checked against a whitelist of node types, never evaluated by
Python. A column whose name is not an identifier is written in backticks: `` `Total beds` ``.

Each parsed expression can be evaluated on one row (for single records and tests) or turned
into a Polars expression (for files), with the same meaning.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

MAX_LENGTH = 500
_OPERATORS = str.maketrans({"−": "-", "×": "*", "÷": "/"})
_BACKTICKED = re.compile(r"`([^`]*)`")
_PLACEHOLDER = "__column_{}__"


class ExpressionError(ValueError):
    """An expression that is not simple arithmetic over columns and numbers, or not a filter."""


def _prepare(text: str) -> tuple[str, dict[str, str]]:
    """The text with each backticked column name replaced by a placeholder identifier."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    names: dict[str, str] = {}

    def placeholder(match: re.Match) -> str:
        if not match[1].strip():
            raise ExpressionError("an empty column name in backticks")
        key = _PLACEHOLDER.format(len(names))
        names[key] = match[1].strip()
        return f" {key} "

    prepared = _BACKTICKED.sub(placeholder, text.translate(_OPERATORS))
    if "`" in prepared:
        raise ExpressionError("a backtick is not closed")
    return prepared, names


def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise ExpressionError("it is not a well-formed expression") from None


def _column(node: ast.Name, names: Mapping[str, str]) -> str:
    return names.get(node.id, node.id)


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )


_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _check_arithmetic(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        _check_arithmetic(node.left, text)
        _check_arithmetic(node.right, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check_arithmetic(node.operand, text)
    elif isinstance(node, ast.Name) or _is_number(node):
        return
    else:
        raise ExpressionError(
            f"'{text}' may use only column names, numbers, + - * / and parentheses"
        )


def _divide(a: float, b: float) -> float:
    """Division as Polars does it: by zero gives an infinity or NaN, never an exception."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


_PY_OPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: _divide,
}


@dataclass(frozen=True)
class Arithmetic:
    """Arithmetic over columns and numbers: `attendances - breaches`, `occupied / available`."""

    text: str
    tree: ast.expr
    names: Mapping[str, str]

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns it reads, in order of first use."""
        found = (_column(n, self.names) for n in ast.walk(self.tree) if isinstance(n, ast.Name))
        return tuple(dict.fromkeys(found))

    def evaluate(self, values: Mapping[str, float | None]) -> float | None:
        """Its value on one row of numbers by column; None when a column it reads is None."""
        return self._evaluate(self.tree, values)

    def _evaluate(self, node: ast.expr, values) -> float | None:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            value = values[_column(node, self.names)]
            return None if value is None else float(value)
        if isinstance(node, ast.UnaryOp):
            operand = self._evaluate(node.operand, values)
            return (
                None
                if operand is None
                else (-operand if isinstance(node.op, ast.USub) else operand)
            )
        left, right = self._evaluate(node.left, values), self._evaluate(node.right, values)
        return None if left is None or right is None else _PY_OPS[type(node.op)](left, right)

    def to_polars(self, number: Callable[[str], pl.Expr]) -> pl.Expr:
        """The same arithmetic as a Polars expression; `number(column)` reads a column."""
        return self._polars(self.tree, number)

    def _polars(self, node: ast.expr, number) -> pl.Expr:
        if isinstance(node, ast.Constant):
            return pl.lit(float(node.value), dtype=pl.Float64)
        if isinstance(node, ast.Name):
            return number(_column(node, self.names))
        if isinstance(node, ast.UnaryOp):
            operand = self._polars(node.operand, number)
            return -operand if isinstance(node.op, ast.USub) else operand
        left, right = self._polars(node.left, number), self._polars(node.right, number)
        return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}.get(
            type(node.op), left / right
        )

    def __str__(self) -> str:
        return self.text


def parse_arithmetic(text: str) -> Arithmetic:
    """Read arithmetic over column names and numbers with + - * / (or − × ÷) and parentheses."""
    prepared, names = _prepare(text)
    tree = _parse(prepared)
    _check_arithmetic(tree, text.strip())
    return Arithmetic(text.strip(), tree, names)


# Filters: comparisons of a column with a string, or of arithmetic with numbers, joined by
# and / or / not. `=` means `==`. A value that is missing or not a number is equal to no number
# (so `type != 1` holds for a row whose type is `other`).
_COMPARISONS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_STRING_COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
_HOLDS_WHEN_UNKNOWN = (ast.NotEq, ast.NotIn)


def _single_equals_to_double(text: str) -> str:
    """`type = 1` as Python would write it, `type == 1`, leaving strings alone."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        raise ExpressionError("it is not a well-formed filter") from None
    return tokenize.untokenize(
        (t.type, "==" if t.type == tokenize.OP and t.string == "=" else t.string) for t in tokens
    )


def _is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _literals(node: ast.AST) -> list | None:
    """The constants of a tuple or list written after `in`, or None if it is not one."""
    if not isinstance(node, ast.Tuple | ast.List) or not node.elts:
        return None
    if all(_is_string(e) for e in node.elts) or all(_is_number(e) for e in node.elts):
        return [e.value for e in node.elts]
    return None


def _check_condition(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check_condition(value, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check_condition(node.operand, text)
    elif isinstance(node, ast.Compare):
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARISONS:
            raise ExpressionError(f"'{text}': compare one thing at a time, joined by and / or")
        op, right = node.ops[0], node.comparators[0]
        if isinstance(op, ast.In | ast.NotIn):
            if _literals(right) is None:
                raise ExpressionError(f"'{text}': after 'in' give a list like (1, 2) or ('a', 'b')")
            if _is_string(right.elts[0]) and not isinstance(node.left, ast.Name):
                raise ExpressionError(f"'{text}': compare a column with text")
            if not _is_string(right.elts[0]):
                _check_arithmetic(node.left, text)
        elif _is_string(right) or _is_string(node.left):
            column, other = (node.left, right) if _is_string(right) else (right, node.left)
            if not isinstance(column, ast.Name) or not _is_string(other):
                raise ExpressionError(f"'{text}': compare a column with text")
            if not isinstance(op, _STRING_COMPARISONS):
                raise ExpressionError(f"'{text}': text can only be equal or not equal")
        else:
            _check_arithmetic(node.left, text)
            _check_arithmetic(right, text)
    else:
        raise ExpressionError(
            f"'{text}' is not a filter: compare columns with values, like type = 1"
        )


@dataclass(frozen=True)
class Condition:
    """A row filter: `type = 1`, `type in (1, 2)`, `site != 'closed' and beds > 0`."""

    text: str
    tree: ast.expr
    names: Mapping[str, str]

    @property
    def columns(self) -> tuple[str, ...]:
        found = (_column(n, self.names) for n in ast.walk(self.tree) if isinstance(n, ast.Name))
        return tuple(dict.fromkeys(found))

    def _arithmetic(self, node: ast.expr) -> Arithmetic:
        return Arithmetic(ast.unparse(node), node, self.names)

    def evaluate(self, row: Mapping[str, str | None]) -> bool:
        """Whether one row of text by column passes the filter."""
        return self._evaluate(self.tree, row)

    def _evaluate(self, node: ast.expr, row) -> bool:
        if isinstance(node, ast.BoolOp):
            results = (self._evaluate(v, row) for v in node.values)
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.UnaryOp):
            return not self._evaluate(node.operand, row)
        op, left, right = type(node.ops[0]), node.left, node.comparators[0]
        literals = _literals(right)
        if _is_string(left) or _is_string(right) or (literals and isinstance(literals[0], str)):
            column, other = (right, left) if _is_string(left) else (left, right)
            text = (row[_column(column, self.names)] or "").strip()
            found = text in (literals if literals is not None else [other.value])
            return not found if op in (ast.NotEq, ast.NotIn) else found
        a = self._arithmetic(left).evaluate({c: _number(row[c]) for c in self.columns})
        if op in (ast.In, ast.NotIn):
            found = a is not None and a in [float(v) for v in literals]
            return not found if op is ast.NotIn else found
        b = self._arithmetic(right).evaluate({c: _number(row[c]) for c in self.columns})
        if a is None or b is None or not (math.isfinite(a) and math.isfinite(b)):
            return op in _HOLDS_WHEN_UNKNOWN
        return _PY_COMPARE[op](a, b)

    def to_polars(self, text: Callable[[str], pl.Expr], number: Callable[[str], pl.Expr]):
        """The filter as a Polars boolean expression, never null."""
        return self._polars(self.tree, text, number)

    def _polars(self, node: ast.expr, text, number) -> pl.Expr:
        if isinstance(node, ast.BoolOp):
            parts = [self._polars(v, text, number) for v in node.values]
            return (
                pl.all_horizontal(parts)
                if isinstance(node.op, ast.And)
                else pl.any_horizontal(parts)
            )
        if isinstance(node, ast.UnaryOp):
            return ~self._polars(node.operand, text, number)
        op, left, right = type(node.ops[0]), node.left, node.comparators[0]
        literals = _literals(right)
        if _is_string(left) or _is_string(right) or (literals and isinstance(literals[0], str)):
            column, other = (right, left) if _is_string(left) else (left, right)
            wanted = literals if literals is not None else [other.value]
            found = text(_column(column, self.names)).is_in(wanted).fill_null(False)
            return ~found if op in (ast.NotEq, ast.NotIn) else found
        a = self._arithmetic(left).to_polars(number)
        if op in (ast.In, ast.NotIn):
            found = a.is_in([float(v) for v in literals]).fill_null(False)
            return ~found if op is ast.NotIn else found
        b = self._arithmetic(right).to_polars(number)
        unknown = (~(a.is_finite() & b.is_finite())).fill_null(True)
        return pl.when(unknown).then(op in _HOLDS_WHEN_UNKNOWN).otherwise(_PY_COMPARE[op](a, b))

    def __str__(self) -> str:
        return self.text


_PY_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _number(text: str | None) -> float | None:
    """A cell's text as a number, or None if it is missing or not a finite number."""
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_condition(text: str) -> Condition:
    """Read a row filter: comparisons (`=`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`) of a
    column with text or of arithmetic with numbers, joined by `and`, `or`, `not`."""
    prepared, names = _prepare(text)
    tree = _parse(_single_equals_to_double(prepared))
    _check_condition(tree, text.strip())
    return Condition(text.strip(), tree, names)
