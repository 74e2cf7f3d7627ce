"""The legal wording of the documents, read from templates/documents/wording.toml.

Legal bases, "Nơi nhận" recipients, implementers, form references and statutory notices are data
beside the templates, so that a new decree is a change of data. The file is read once per process
and checked against `SCHEMA` at the first read: a missing, unknown or mistyped key fails at once,
naming the file and the key, instead of printing a blank in a decision months later.

    wording.legal_bases("recognition_decision")             # tuple of lines, as written
    wording.recipients("upper_report", commune_kind="xã")   # placeholders filled
    wording.text("recognition_decision", "implementers")
    wording.cited_bases("recognition_decision", "vn_2022_2025", date(2026, 10, 15))  # by date and standard
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

WORDING_FILE = Path(__file__).resolve().parents[2] / "templates" / "documents" / "wording.toml"

# Every key the file must hold, with its type: `str` a text, `list` a list of texts (one per line).
SCHEMA: dict[str, dict[str, type]] = {
    "request_form": {"form_label": str},
    "exit_request_form": {"form_label": str},
    "request_receipt": {"notice_version": str, "notice": list, "regular_period": str},
    "review_list": {"form_label": str, "form_reference": str},
    "meeting_minutes": {"closing": str},
    "posting_notice": {
        "legal_bases": list,
        "legal_basis_after_meeting": str,
        "complaint_contact": str,
        "recipients": list,
        "all_villages": str,
        "archive": str,
    },
    "recheck_record": {"method": str},
    "upper_report": {"progress": list, "recipients": list, "archive": str},
    "upper_approval": {"recipients": list, "archive": str},
    "recognition_decision": {
        "legal_bases": list,
        "upper_opinion": str,
        "proposal": str,
        "effective": str,
        "implementers": str,
        "recipients": list,
        "archive": str,
    },
    "certificate": {"legal_bases": list, "certify_line": str},
    "refusal_letter": {"recipients": list, "archive": str},
}
# Sections of bases chosen by date and standard, checked by `_validate_dated` (see the file's last part).
DATED_SECTIONS = ("local_government", "standards")


class WordingError(LookupError):
    """The wording file lacks a key, holds one nobody reads, or a placeholder has no value."""


def validate(raw: dict[str, Any], source: Path | str = WORDING_FILE) -> None:
    """Check `raw` against SCHEMA; the message names the file, the section and the key."""
    unknown = sorted(raw.keys() - SCHEMA.keys() - set(DATED_SECTIONS))
    if unknown:
        raise WordingError(f"{source}: unknown section [{unknown[0]}] (add it to wording.SCHEMA)")
    for section, keys in SCHEMA.items():
        table = raw.get(section)
        if not isinstance(table, dict):
            raise WordingError(f"{source}: missing section [{section}]")
        extra = sorted(table.keys() - keys.keys())
        if extra:
            raise WordingError(f"{source}: unknown key '{extra[0]}' in [{section}] (add it to wording.SCHEMA)")
        for key, expected in keys.items():
            if key not in table:
                raise WordingError(f"{source}: missing key '{key}' in [{section}]")
            value = table[key]
            if not isinstance(value, expected) or (
                expected is list and not all(isinstance(line, str) for line in value)
            ):
                kind = "a list of texts" if expected is list else "a text"
                raise WordingError(f"{source}: [{section}] {key} must be {kind}")
    _validate_dated(raw, source)


def _validate_entries(entries: Any, where: str) -> None:
    """A list of {text, since?, until?}: each text a "Căn cứ" line, the bounds TOML dates."""
    if not isinstance(entries, list):
        raise WordingError(f"{where} must be a list of {{ text = …, since = …, until = … }}")
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise WordingError(f"{where}: every entry needs a text")
        extra = sorted(entry.keys() - {"text", "since", "until"})
        if extra:
            raise WordingError(f"{where}: unknown key '{extra[0]}'")
        if not entry["text"].startswith("Căn cứ "):
            raise WordingError(f'{where}: a legal basis begins "Căn cứ " ({entry["text"][:40]}…)')
        for bound in ("since", "until"):
            if bound in entry and not isinstance(entry[bound], date):
                raise WordingError(f"{where}: {bound} must be a date (2025-07-01)")


def _validate_dated(raw: dict[str, Any], source: Path | str) -> None:
    local = raw.get("local_government")
    if not isinstance(local, dict) or set(local) != {"bases"}:
        raise WordingError(f"{source}: [local_government] holds exactly one key, bases")
    _validate_entries(local["bases"], f"{source}: [local_government] bases")
    standards = raw.get("standards")
    if not isinstance(standards, dict) or not standards:
        raise WordingError(f"{source}: missing section [standards]")
    for rule_set_id, table in standards.items():
        where = f"{source}: [standards.{rule_set_id}]"
        if not isinstance(table, dict) or set(table) != {"period", "years", "bases"}:
            raise WordingError(f"{where} holds exactly period, years and bases")
        if not isinstance(table["period"], str):
            raise WordingError(f"{where} period must be a text")
        years = table["years"]
        if not isinstance(years, list) or not years or not all(isinstance(year, int) for year in years):
            raise WordingError(f"{where} years must be a list of years")
        _validate_entries(table["bases"], f"{where} bases")


@cache
def load(path: Path = WORDING_FILE) -> dict[str, Any]:
    """The checked contents of the wording file (read once per process)."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    validate(raw, path)
    return raw


def _raw(kind: str, key: str) -> Any:
    if key not in SCHEMA.get(kind, {}):
        raise WordingError(f"no wording '{key}' for [{kind}] in wording.SCHEMA")
    return load()[kind][key]


def _fill(template: str, kind: str, key: str, values: dict[str, Any]) -> str:
    try:
        return template.format(**values)
    except KeyError as missing:
        raise WordingError(f"[{kind}] {key} needs a value for {missing}") from None


def text(kind: str, key: str, **values: Any) -> str:
    """One text of `kind`, its {placeholders} filled from `values`."""
    template = _raw(kind, key)
    if not isinstance(template, str):
        raise WordingError(f"[{kind}] {key} is a list: use wording.lines")
    return _fill(template, kind, key, values)


def lines(kind: str, key: str, **values: Any) -> tuple[str, ...]:
    """A list of `kind` (legal bases, recipients, notice paragraphs), each line filled from `values`."""
    templates = _raw(kind, key)
    if not isinstance(templates, list):
        raise WordingError(f"[{kind}] {key} is a text: use wording.text")
    return tuple(_fill(line, kind, key, values) for line in templates)


def legal_bases(kind: str, **values: Any) -> tuple[str, ...]:
    """The "Căn cứ" lines a document of `kind` cites, in order (ND 30 ô 6 punctuation is added later)."""
    return lines(kind, "legal_bases", **values)


def recipients(kind: str, **values: Any) -> tuple[str, ...]:
    """The "Nơi nhận" entries of `kind` before the archive line (and after "Như trên" where it has one)."""
    return lines(kind, "recipients", **values)


def _in_force(entries: list[dict[str, Any]], on: date) -> tuple[str, ...]:
    return tuple(
        entry["text"] for entry in entries if entry.get("since", date.min) <= on <= entry.get("until", date.max)
    )


def standard(rule_set_id: str) -> dict[str, Any]:
    """The [standards.<id>] table: `period` ("2022 - 2025"), `years` (the certificate's rows) and `bases`."""
    standards = load()["standards"]
    if rule_set_id not in standards:
        raise WordingError(f"no [standards.{rule_set_id}] in {WORDING_FILE.name}: add the standard's instruments")
    table: dict[str, Any] = standards[rule_set_id]
    return table


def cited_bases(kind: str, rule_set_id: str, on: date, **values: Any) -> tuple[str, ...]:
    """The "Căn cứ" lines of a decision or certificate dated `on` under the standard `rule_set_id`:
    the local-government law in force, the standard's instruments issued by then, the kind's own."""
    return (
        *_in_force(load()["local_government"]["bases"], on),
        *_in_force(standard(rule_set_id)["bases"], on),
        *legal_bases(kind, **values),
    )
