"""Signing a generated PDF with pyHanko: a PAdES signature whose visible stamp sits in the signature block.

The stamp text is set in Noto Serif: pyHanko letter-spaces Vietnamese wrongly with Liberation Serif and
Tinos (issue 6), and Noto Serif renders it correctly. The key never leaves the request: a PKCS#12
passphrase or a token PIN is used once and not stored.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pypdf
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import BuildProps
from pyhanko.stamp import TextStampStyle

from casework.errors import Refused
from casework.signing import pki

T = TypeVar("T")

FONT = Path(__file__).resolve().parents[1] / "documents" / "assets" / "fonts" / "NotoSerif-Regular.ttf"
MM = 72 / 25.4
# The free area between the signer's title and name (templates/documents/_style.css: .signature .space).
SPACE_HEIGHT = 30 * MM
STAMP_WIDTH = 72 * MM
STAMP_INSET = 4 * MM  # clear space between the stamp and the title above it, the name below it
PAGE_RIGHT_MARGIN = 15 * MM
# The anchor WeasyPrint writes for the signature block's free area (templates/documents/_macros.html).
SIGNATURE_ANCHOR = "signature-space"


class SigningError(Refused):
    """Signing in the app could not go ahead (no file, a wrong passphrase or PIN, a certificate not theirs).

    A refusal like any other (422, next to `field`); its own class lets a page that signs tell it
    apart from refusals of the step the signature completes.
    """


def outside_event_loop(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous wrappers, which start an event loop of their own (asyncio.run).

    Where the calling thread already runs a loop (a Playwright or other async host), the call goes to a
    short-lived thread instead, since asyncio.run refuses to nest.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


@dataclass(frozen=True)
class Placement:
    """Where a signature's stamp goes: a page (0-based) and a box in PDF points."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class StampText:
    signer: str
    organisation: str
    role_line: str = ""


def placement(pdf: bytes, order: int = 0) -> Placement:
    """The official's stamp in the signature block's free area; the agency's in the top margin of page 1.

    ND 30 overlaps the agency's seal image a third over the signer's; two text stamps overlapped would
    both be unreadable, so the agency signs where ND 30 puts a text-only agency signature: top right
    of page 1.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    anchor = reader.named_destinations.get(SIGNATURE_ANCHOR)
    if anchor is None or order > 0:
        page = reader.pages[0]
        right = float(page.mediabox.right) - PAGE_RIGHT_MARGIN
        top = float(page.mediabox.top) - 2 * MM  # within the 20 mm top margin, above the header
        return Placement(0, (int(right - STAMP_WIDTH), int(top - 16 * MM), int(right), int(top)))
    page_index = reader.get_destination_page_number(anchor)
    page = reader.pages[page_index]
    left, top = float(anchor["/Left"]), float(anchor["/Top"])
    right = float(page.mediabox.right) - PAGE_RIGHT_MARGIN
    centre = (left + right) / 2
    # Inset from the title above and the name below: a stamp touching the title reads as part of it.
    bottom, top = top - SPACE_HEIGHT + STAMP_INSET, top - STAMP_INSET
    box = (int(centre - STAMP_WIDTH / 2), int(bottom), int(centre + STAMP_WIDTH / 2), int(top))
    return Placement(page_index, box)


# Latin, Vietnamese and the punctuation a stamp uses: subsetting the whole of Noto Serif for every
# signature took 0.8 s; subsetting this much smaller font takes a few milliseconds.
STAMP_CHARACTERS = "".join(
    chr(code)
    for first, last in ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EF9), (0x2010, 0x2030))
    for code in range(first, last + 1)
)


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    font = TTFont(io.BytesIO(FONT.read_bytes()))
    subsetter = Subsetter(Options(layout_features=["kern"], notdef_outline=True))
    subsetter.populate(text=STAMP_CHARACTERS + "đĐ₫")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _InMemoryFont(GlyphAccumulatorFactory):
    """pyHanko's factory opens the font file and never closes it; this one reads it once into memory."""

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(_font_bytes()), font_size=self.font_size, obj_stream=obj_stream
        )


@lru_cache(maxsize=1)
def _stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text="Ký số bởi: %(signer)s\n%(organisation)s\nThời gian: %(when)s",
        text_box_style=TextBoxStyle(font=_InMemoryFont(str(FONT), font_size=9), text_color=(0.05, 0.15, 0.55)),
        border_width=1,
        border_color=(0.05, 0.15, 0.55),
        background_opacity=0,
    )


OFFICIAL_FIELD = "sig_official"
AGENCY_FIELD = "sig_agency"


def _has_field(writer: IncrementalPdfFileWriter, name: str) -> bool:
    return any(True for _found in fields.enumerate_sig_fields(writer, with_name=name))


def with_signature_fields(pdf: bytes) -> bytes:
    """The document with its empty signature fields, the official's in the signature block and the agency's
    in the top margin (documents.md §2), so a signing tool outside the app signs visibly where it should."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for order, name in enumerate((OFFICIAL_FIELD, AGENCY_FIELD)):
        where = placement(pdf, order)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=name, on_page=where.page, box=where.box)
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load_pkcs12(data: bytes, passphrase: str) -> signers.SimpleSigner:
    if not data:
        raise SigningError("Chọn tệp chứng thư số (.p12 hoặc .pfx).", "certificate_file")
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase.encode() or None)
    except ValueError as error:
        raise SigningError(
            "Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp không phải PKCS#12 (.p12, .pfx).", "passphrase"
        ) from error


def sign(
    pdf: bytes, signer: signers.Signer, stamp: StampText, *, field_name: str, order: int = 0,
    reason: str = "", location: str = "", now: dt.datetime | None = None,
) -> bytes:  # fmt: skip
    """`pdf` with one more signature, appended as an incremental update so the bytes before it are unchanged."""
    when = (now or dt.datetime.now(dt.UTC)).astimezone(pki.VIETNAM)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if not _has_field(writer, field_name):  # prepared documents carry their empty fields already
        where = placement(pdf, order)
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=field_name, on_page=where.page, box=where.box)
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        app_build_props=BuildProps(name="casework"),
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=_stamp_style())
    out = outside_event_loop(
        pdf_signer.sign_pdf,
        writer,
        appearance_text_params={
            "signer": stamp.signer,
            "organisation": stamp.organisation,
            # ISO 8601 with the time zone, as ND 30 Phụ lục I writes signing times.
            "when": when.strftime("%d/%m/%Y %H:%M:%S") + when.strftime(" (%z)").replace("+0700", "+07:00"),
        },
    )
    return out.getvalue()
