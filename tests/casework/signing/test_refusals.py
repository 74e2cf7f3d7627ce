"""The signing package refuses through the one Refused family: a status, a message and its field."""

from __future__ import annotations

import pytest

from casework.errors import Refused
from casework.signing import sign, verify
from casework.signing.service import SignatureRejected


def test_a_signing_error_is_a_refusal_next_to_its_field() -> None:
    with pytest.raises(Refused) as refused:
        sign.load_pkcs12(b"", "")
    assert isinstance(refused.value, sign.SigningError)
    assert (refused.value.status, refused.value.field) == (422, "certificate_file")
    assert refused.value.message == "Chọn tệp chứng thư số (.p12 hoặc .pfx)."


def test_a_rejected_signature_is_a_refusal_that_keeps_its_report() -> None:
    report = verify.Report(
        checked_at="2026-01-05T08:00:00+07:00",
        checks=[
            verify.Check("integrity", verify.FAILED, "Tệp đã bị sửa sau khi ký."),
            verify.Check("signed", verify.FAILED, "Tệp chưa có chữ ký số."),
        ],
    )
    rejected = SignatureRejected(report)
    assert isinstance(rejected, Refused)
    assert (rejected.status, rejected.field, rejected.report) == (422, "signed_file", report)
    assert rejected.message == "Tệp đã bị sửa sau khi ký.; Tệp chưa có chữ ký số."
