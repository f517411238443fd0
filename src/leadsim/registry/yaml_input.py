"""Read YAML as people write it: the one reader of the registry, scenarios, the policy record and observations.

PyYAML follows YAML 1.1, which reads ``1e23`` and ``5e-1`` as text, lets the last of two
duplicate keys win silently, and expands aliases without limit (an "alias bomb" of a few
lines takes gigabytes). The rules here, on PyYAML's C loader when it is installed:

- a number in scientific notation is a number (``1e23``, ``5e-1``, ``1e-01``);
- booleans are never numbers: schemas type numbers as ``Number`` (``strength: true`` is an error);
- a duplicate key is an error naming the file, line and key;
- anchors and aliases (``&name``, ``*name``) are refused, so nothing is ever expanded;
- limits: ``MAX_BYTES`` per file, ``MAX_DEPTH`` levels of nesting (libyaml also stops at 1000);
- a file must be UTF-8 text (UTF-16, other encodings, binary and folders are refused).

Every failure is an ``InputError`` naming the file (and line, where there is one).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Strict

from leadsim.errors import InputError, clip

MAX_BYTES = 1_000_000  # [bytes] largest input file: hand-written YAML is a few kB
MAX_DEPTH = 20  # nesting levels of mappings and lists (the registry uses 4)
SCIENTIFIC = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
_ENCODINGS = (  # byte-order marks of encodings other than UTF-8; UTF-32 first (its LE mark starts like UTF-16's)
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

Number = Annotated[float, Strict()]
"""A number as a schema field: an int or a float, never a boolean or text."""


class Refused(yaml.MarkedYAMLError):
    """YAML that parses but breaks one of the rules above."""


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 scientific notation and an error on duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: PyYAML's own message follows
                continue
            if duplicate:
                raise Refused(
                    None, None, f"duplicate key {clip(repr(key))}; each key may appear once", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


Loader.add_implicit_resolver("tag:yaml.org,2002:float", SCIENTIFIC, list("-+0123456789."))


def refuse_aliases_and_depth(root: yaml.Node) -> None:
    """Walk the composed nodes (no recursion): an alias shows up as a node met twice."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise Refused(
                None, None, "anchors and aliases (&name, *name) are not allowed; write the value out", node.start_mark
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise Refused(None, None, f"nesting deeper than {MAX_DEPTH} levels is not allowed", node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]


def parse_yaml(text: str, where: str) -> object:
    """Parse one YAML document by the rules above; ``where`` names it in messages."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        refuse_aliases_and_depth(root)
        return loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}" if mark else where
        reason = clip(" ".join(str(getattr(exc, "problem", None) or exc).split()), 200)
        raise InputError(
            [f"{at}: {reason}" if isinstance(exc, Refused) else f"{at}: YAML does not parse: {reason}"]
        ) from None
    finally:
        loader.dispose()


def read_bytes(path: Path) -> bytes:
    """The file's bytes, at most MAX_BYTES; a folder, a missing or unreadable file is an InputError."""
    try:
        if path.is_dir():
            raise InputError([f"{path}: is a folder; allowed: a YAML file"])
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([f"{path}: file not found"]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(data) > MAX_BYTES:
        raise InputError([f"{path}: file is larger than {MAX_BYTES:,} bytes; allowed: a YAML file up to that size"])
    return data


def decode(data: bytes, where: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is fine); anything else is an InputError naming the line."""
    for mark, name in _ENCODINGS:
        if data.startswith(mark):
            raise InputError([f"{where}: is {name} text; allowed: UTF-8 (save the file as UTF-8)"])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError([f"{where}:{line}: contains NUL bytes (UTF-16 or binary?); allowed: UTF-8 text"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        raise InputError([f"{where}:{line}: byte 0x{byte:02x} is not UTF-8; allowed: UTF-8 text"]) from None


def read_yaml(path: Path | str) -> object:
    """Read and parse one YAML file by the rules above."""
    path = Path(path)
    return parse_yaml(decode(read_bytes(path), str(path)), str(path))
