"""Parsed rule files come from a cache keyed by their text: the data must be
what tomllib gives, an edited text must be parsed again, and errors and
values marshal cannot keep must behave as without the cache."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipeline.resources.tomlcache import parse_toml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KLARTEXT_CACHE", str(tmp_path))


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.toml")), ids=lambda p: p.name)
def test_a_cached_rule_file_reads_as_tomllib_reads_it(path, tmp_path):
    text = path.read_text("utf-8")
    assert parse_toml(text) == tomllib.loads(text)            # parsed and stored
    assert list((tmp_path / "toml").iterdir())
    assert parse_toml(text) == tomllib.loads(text)            # read back


def test_an_edited_text_is_parsed_again():
    assert parse_toml('a = 1\n') == {"a": 1}
    assert parse_toml('a = 2\n') == {"a": 2}


def test_a_corrupt_cache_entry_is_parsed_again(tmp_path):
    parse_toml('a = 1\n')
    for entry in (tmp_path / "toml").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert parse_toml('a = 1\n') == {"a": 1}


def test_invalid_toml_raises_as_tomllib_does():
    with pytest.raises(tomllib.TOMLDecodeError):
        parse_toml('a = \n')


def test_dates_are_parsed_every_time(tmp_path):
    text = 'when = 2026-12-02\n'
    assert parse_toml(text) == tomllib.loads(text)
    assert not (tmp_path / "toml").exists() or not list((tmp_path / "toml").iterdir())


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("KLARTEXT_CACHE", str(blocked))
    assert parse_toml('a = 1\n') == {"a": 1}
