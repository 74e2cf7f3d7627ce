"""Between our bytes and each signature only signatures may be added: each other change is refused and named."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from weasyprint import HTML

from casework.signing import sign, verify
from tests.support.signing import TestPki

N = generic.NameObject


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_text_field(pdf: bytes) -> bytes:
    """A document with a filled text field on page 1 (ours have none, but a tool may fill one)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _resources = writer.find_page_for_modification(0)
    field = writer.add_object(
        generic.DictionaryObject(
            {
                N("/Type"): N("/Annot"), N("/Subtype"): N("/Widget"), N("/FT"): N("/Tx"),
                N("/T"): generic.TextStringObject("so_ho"), N("/V"): generic.TextStringObject("12"),
                N("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (50, 50, 150, 70)]),
                N("/P"): page_ref,
            }
        )
    )  # fmt: skip
    page = page_ref.get_object()
    page[N("/Annots")] = generic.ArrayObject([field])
    writer.update_container(page)
    writer.root[N("/AcroForm")] = generic.DictionaryObject({N("/Fields"): generic.ArrayObject([field])})
    writer.update_root()
    return _written(writer)


@pytest.fixture(scope="module")
def original() -> bytes:
    """Our generated document as it is offered for signature: one page, a text field, empty signature fields."""
    pdf = HTML(string="<p>QUYẾT ĐỊNH công nhận hộ nghèo: Nguyễn Văn An</p>").write_pdf()
    return sign.with_signature_fields(_with_text_field(pdf))


def rewrite_page(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page[N("/Contents")] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Khac) Tj ET"))
    writer.update_container(page)
    return _written(writer)


def _change_field(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    field = writer.root["/AcroForm"]["/Fields"][0]
    field[N("/V")] = generic.TextStringObject("99")
    writer.update_container(field)
    return _written(writer)


def _add_page(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = generic.DictionaryObject(
        {
            N("/Type"): N("/Page"),
            N("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
            N("/Resources"): generic.DictionaryObject(),
            N("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"BT ET")),
        }
    )
    writer.insert_page(page)
    return _written(writer)


def _add_annotation(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                N("/Type"): N("/Annot"), N("/Subtype"): N("/FreeText"),
                N("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (300, 300, 500, 340)]),
                N("/Contents"): generic.TextStringObject("Không đủ điều kiện"),
                N("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
            }
        )
    )  # fmt: skip
    page[N("/Annots")] = generic.ArrayObject([*page["/Annots"], note])
    writer.update_container(page)
    return _written(writer)


def _verify(signed: bytes, original: bytes, test_pki: TestPki) -> verify.Report:
    root = test_pki.root.certificate.public_bytes(serialization.Encoding.DER)
    trust = verify.TrustStore(roots=[root])
    return verify.verify(signed, original, trust, lambda _n, _c: None, now=dt.datetime.now(dt.UTC))


def _revisions(report: verify.Report) -> verify.Check:
    return next(c for c in report.checks if c.code == "revisions")


TAMPERINGS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "page_rewritten": (rewrite_page, "nội dung trang 1 bị sửa"),
    "field_value_changed": (_change_field, "giá trị ô nhập liệu “so_ho” bị sửa"),
    "page_added": (_add_page, "số trang đổi từ 1 thành 2"),
    "annotation_added": (_add_annotation, "thêm 1 chú thích (annotation) vào trang 1"),
}


@pytest.mark.parametrize("case", sorted(TAMPERINGS))
def test_a_change_made_before_signing_is_refused_with_what_changed(
    original: bytes, test_pki: TestPki, case: str
) -> None:
    tamper, what = TAMPERINGS[case]
    signed = test_pki.sign_outside(tamper(original), test_pki.issued("huyen"))
    report = _verify(signed, original, test_pki)
    assert not report.ok
    check = _revisions(report)
    assert check.status == verify.FAILED and what in check.message, check.message
    assert "lần cập nhật thứ 1" in check.message
    # The signature itself is sound: only the revision check tells the forgery apart.
    assert all(c.status != verify.FAILED for s in report.signatures for c in s.checks if c.code == "integrity")


@pytest.mark.parametrize("case", sorted(TAMPERINGS))
def test_a_change_made_after_signing_is_refused_too(original: bytes, test_pki: TestPki, case: str) -> None:
    tamper, what = TAMPERINGS[case]
    signed = tamper(test_pki.sign_outside(original, test_pki.issued("huyen")))
    check = _revisions(_verify(signed, original, test_pki))
    assert check.status == verify.FAILED and what in check.message and "lần cập nhật thứ 2" in check.message


def test_a_plain_signature_and_a_second_agency_signature_are_accepted(original: bytes, test_pki: TestPki) -> None:
    official = test_pki.sign_outside(original, test_pki.issued("huyen"))
    both = test_pki.sign_outside(official, test_pki.issued("vanthu"), field_name=sign.AGENCY_FIELD, order=1)
    for signed, count in ((official, 1), (both, 2)):
        report = _verify(signed, original, test_pki)
        assert _revisions(report).status == verify.OK, report.failures()
        assert report.ok and len(report.signatures) == count, report.failures()


@pytest.fixture(scope="module")
def bare() -> bytes:
    """A document issued with no form at all: the signing tool creates the signature field itself."""
    return HTML(string="<p>QUYẾT ĐỊNH công nhận hộ cận nghèo</p>").write_pdf()


def test_a_document_without_a_form_accepts_signatures_and_refuses_anything_else(bare: bytes, test_pki: TestPki) -> None:
    official = test_pki.sign_outside(bare, test_pki.issued("huyen"))
    both = test_pki.sign_outside(official, test_pki.issued("vanthu"), field_name=sign.AGENCY_FIELD, order=1)
    for signed in (official, both):
        report = _verify(signed, bare, test_pki)
        assert _revisions(report).status == verify.OK and report.ok, report.failures()
    for tamper, what in (TAMPERINGS["page_rewritten"], TAMPERINGS["page_added"]):
        check = _revisions(_verify(test_pki.sign_outside(tamper(bare), test_pki.issued("huyen")), bare, test_pki))
        assert check.status == verify.FAILED and what in check.message, check.message
