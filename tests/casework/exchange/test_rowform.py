"""An imported row (mostly good values, some bad) gets exactly the member form's verdict: the lean path
accepts only what the full form accepts, with the same data, and a refused row carries the form's own messages."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from casework.exchange.importing import FIELD_COLUMN, _Checker

TEXTS = ["", " ", "Hoàng Văn Tú", "  Lý Thị Hoa  ", "x" * 120, "x" * 121, "Sùng\tSeo"]
DATES = ["", "15/03/1980", "1950", "2015", "31/02/1990", "01/01/2999", "1870", "15-03-1980", "1/1/2000", "abc"]
VALID = {
    "full_name": "Hoàng Văn Tú",
    "sex": "male",
    "birth_date": "15/03/1980",
    "ethnicity_code": "",
    "relationship_to_head": "head",
    "activity_status": "employed",
    "id_document_type": "cccd",
    "personal_id_number": "002080111111",
    "legacy_id_number": "",
    "id_issue_date": "",
    "id_issuer": "",
}
VALUES = {
    "full_name": TEXTS,
    "sex": ["male", "female", "", "other"],
    "birth_date": DATES,
    "ethnicity_code": ["", "01", "99"],
    "relationship_to_head": ["head", "spouse", "child", "nobody"],
    "activity_status": ["employed", "in_school", "", "retired"],
    "id_document_type": ["cccd", "cmnd", "none", "passport"],
    "personal_id_number": ["", "002080111111", "0" * 21],
    "legacy_id_number": ["", "012345678", "12345", "0123456789012"],
    "id_issue_date": ["", *DATES],
    "id_issuer": ["", "Cục Cảnh sát QLHC về TTXH", "y" * 121],
}


def test_the_lean_path_and_the_full_form_agree_on_every_row(app: Flask) -> None:
    assert set(VALUES) == set(FIELD_COLUMN)
    with app.test_request_context():
        lean, full = _Checker(), _Checker()
        assert lean.row_form.lean  # otherwise this would compare the full form with itself
        seen = {"accepted": 0, "refused": 0}

        @settings(
            max_examples=250, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
        )
        @given(
            st.fixed_dictionaries(
                {name: st.sampled_from([VALID[name]] * 8 + values) for name, values in VALUES.items()}
            )
        )
        def agree(row: dict[str, str]) -> None:
            errors = {name: [str(m) for m in messages] for name, messages in lean.row_form.check(row).items()}
            form = full.form
            form.parsed_birth, form.parsed_issue_date = None, None
            form.process(formdata=MultiDict(row))
            form.validate()
            assert errors == {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            if not errors:
                assert lean.form.to_data() == form.to_data()
            seen["refused" if errors else "accepted"] += 1

        agree()
    assert seen["accepted"] > 20 and seen["refused"] > 20
