"""`flask field export-rules`: the rule sets as the field app downloads them, written to files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from casework.field.rules import exported, index

field_cli = AppGroup("field", help="Ứng dụng thực địa / the field app.")


@field_cli.command("export-rules")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("field-rules"))
def export_rules(out_dir: Path) -> None:
    """Write every national rule set as JSON (<id>.json) and their index (rules.json) into OUT."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for rule_set_id, data in exported().items():
        (out_dir / f"{rule_set_id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "rules.json").write_text(json.dumps(index(), ensure_ascii=False, indent=1), encoding="utf-8")
    for item in index():
        click.echo(f"{item['id']}: {item['version']} (digest {item['digest']})")
