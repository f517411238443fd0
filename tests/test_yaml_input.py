"""YAML as people write it (one reader for every input), on PyYAML's C loader, and the registry's cache."""

from __future__ import annotations

import pickle
import shutil

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from leadsim.errors import InputError
from leadsim.registry import cache, load
from leadsim.registry.load import default_directory, load_registry
from leadsim.registry.yaml_input import MAX_DEPTH, Loader, decode, parse_yaml


def test_the_fast_c_loader_is_used():
    assert yaml.__with_libyaml__ and issubclass(Loader, yaml.CSafeLoader)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1e23", 1e23), ("5e-1", 0.5), ("1e-01", 0.1), ("-2.5E+3", -2500.0), (".5e1", 5.0), ("1.0e6", 1e6), ("12", 12)],
)
def test_scientific_notation_is_a_number(text, value):
    parsed = parse_yaml(f"x: {text}", "t.yaml")["x"]
    assert parsed == value and type(parsed) is type(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_python_writes_reads_back(number):
    assert parse_yaml(f"x: {number!r}", "t.yaml")["x"] == number


def test_text_that_looks_like_a_number_stays_text_when_quoted():
    assert parse_yaml("x: '1e3'\ny: 2027-01\nz: e5", "t.yaml") == {"x": "1e3", "y": "2027-01", "z": "e5"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "t.yaml:3: duplicate key 'a'"),
        ("a:\n  b: {c: 1, c: 2}\n", "t.yaml:2: duplicate key 'c'"),
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"deeper than {MAX_DEPTH}"),
        ("a: [" + "[" * 5000 + "]" * 5000 + "]", "YAML does not parse"),
        ("a: 1\n---\nb: 2\n", "YAML does not parse"),
    ],
)
def test_rules_that_parsing_alone_misses(text, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[")):
        parse_yaml(text, "t.yaml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name: x\n".encode("utf-16"), "is UTF-16 text"),
        ("name: x\n".encode("utf-32"), "is UTF-32 text"),
        ("name: x\n".encode("utf-16-le"), "t.yaml:1: contains NUL bytes"),
        (b"name: ok\nname2: caf\xe9\n", "t.yaml:2: byte 0xe9 is not UTF-8"),
    ],
)
def test_text_that_is_not_utf8(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "t.yaml")


def test_a_utf8_byte_order_mark_is_fine():
    assert decode(b"\xef\xbb\xbfname: x\n", "t.yaml") == "name: x\n"


@pytest.fixture
def registry_copy(tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(default_directory(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_the_registry_keeps_the_rules(registry_copy):
    path = registry_copy / "parameters" / "capability.yaml"
    first = next(line for line in path.read_text().splitlines() if line and line[0].isalpha())
    path.write_text(path.read_text() + f"{first}\n  description: the same key again\n")
    with pytest.raises(InputError, match=f"capability.yaml:\\d+: duplicate key '{first.rstrip(':')}'"):
        load_registry(registry_copy)


def test_a_boolean_is_not_a_number_in_the_registry(registry_copy):
    path = registry_copy / "parameters" / "capability.yaml"
    text = path.read_text()
    default = next(line for line in text.splitlines() if line.strip().startswith("default:"))
    path.write_text(text.replace(default, default.split(":")[0] + ": true", 1))
    with pytest.raises(InputError, match="default: got True"):
        load_registry(registry_copy)


def cached_files():
    return sorted(cache.folder().glob(f"{cache.PREFIX}*.pickle"))


def test_the_registry_is_cached_in_the_user_cache_folder(registry_copy, monkeypatch):
    first = load_registry(registry_copy)
    path = cache.folder() / f"{cache.PREFIX}{cache.key(registry_copy)}.pickle"
    assert path.is_file() and "cache" in path.parts[-3]

    def no_parsing(_path):
        raise AssertionError("parsed YAML although the cache holds this registry")

    monkeypatch.setattr(load, "read_yaml", no_parsing)
    assert load_registry(registry_copy) == first


def test_any_change_of_the_yaml_or_the_code_makes_a_new_key(registry_copy, tmp_path, monkeypatch):
    before = cache.key(registry_copy)
    (registry_copy / "correlations.yaml").write_text("a: 1\n")  # a file added by another stream counts
    added = cache.key(registry_copy)
    path = registry_copy / "parameters" / "capability.yaml"
    path.write_text(path.read_text().replace("description:", "description: ", 1))
    edited = cache.key(registry_copy)
    code = tmp_path / "code"
    shutil.copytree(cache.Path(cache.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    (code / "schema.py").write_text((code / "schema.py").read_text() + "\n# a schema change\n")
    monkeypatch.setattr(cache, "__file__", str(code / "cache.py"))
    assert len({before, added, edited, cache.key(registry_copy)}) == 4


def test_a_corrupt_cache_is_ignored_and_rewritten(registry_copy):
    expected = load_registry(registry_copy)
    path = cache.folder() / f"{cache.PREFIX}{cache.key(registry_copy)}.pickle"
    path.write_bytes(b"\x80\x04 not a pickle")
    assert load_registry(registry_copy) == expected
    assert pickle.loads(path.read_bytes()) == expected


def test_the_cache_can_be_turned_off(registry_copy, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    before = cached_files()
    load_registry(registry_copy)
    assert cached_files() == before
