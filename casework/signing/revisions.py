"""What a signed upload may add to our bytes: signatures, their fields and appearances, and nothing else.

An upload is our generated file followed by incremental updates. pyHanko's difference analysis compares
every later revision with our last one, under a policy stricter than its default: no form field other
than a signature may change (the default accepts form filling), no annotation may be added, no page
touched. Whatever fails is described in Vietnamese (a page added, a page's content rewritten, an
annotation, a field's value) so the official knows what their tool did.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader, RawPdfPath
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.commons import compare_dicts, compare_key_refs, qualify_transforming
from pyhanko.sign.diff_analysis.constants import ACROFORM_EXEMPT_STRICT_COMPARISON
from pyhanko.sign.diff_analysis.form_rules_api import FieldComparisonContext, FormUpdate, _list_fields
from pyhanko.sign.diff_analysis.rules_api import Context

logger = logging.getLogger(__name__)
_LTA = ModificationLevel.LTA_UPDATES
_EXEMPT = ACROFORM_EXEMPT_STRICT_COMPARISON | {"/SigFlags"}  # signing sets it, in the revision we check


class FormFromNothing(FormUpdatingRule):
    """pyHanko's form rule, also for a base revision without a form (a document issued with no empty
    signature field): the base then counts as an empty form, so every new field is vetted as created.
    pyHanko's own rule assumes the signed revision has a form already and fails on such a file.
    """

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterator[tuple[ModificationLevel, Any]]:
        if "/AcroForm" in old.root:
            yield from super().apply(old, new)
            return
        form_path = RawPdfPath("/Root", "/AcroForm")
        _nothing, new_form = yield from qualify_transforming(
            _LTA,
            compare_key_refs("/AcroForm", old, old.root, new.root),
            transform=FormUpdate.curry_ref(field_name=None, context_checked=Context.from_absolute(old, form_path)),
        )
        if new_form is None:
            return
        empty = generic.DictionaryObject({generic.NameObject("/Fields"): generic.ArrayObject()})
        compare_dicts(empty, new_form, self.ignored_acroform_keys)
        fields_path = RawPdfPath("/Root", "/AcroForm", "/Fields")
        _none, new_fields = yield from qualify_transforming(
            _LTA,
            compare_key_refs("/Fields", old, empty, new_form),
            transform=FormUpdate.curry_ref(field_name=None, context_checked=None),
        )
        context = FieldComparisonContext(
            field_specs=dict(_list_fields(generic.ArrayObject(), new_fields, old_path=fields_path)), old=old, new=new
        )
        for rule in self.field_rules:
            yield from rule.apply(context)


# pyHanko's DEFAULT_DIFF_POLICY (which judges only the revisions after a signature) without
# GenericFieldModificationRule: filling a signature field is the only form change explained; anything
# unexplained raises SuspiciousModification.
SIGNATURES_ONLY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        DocInfoRule().as_qualified(_LTA),
        XrefStreamRule().as_qualified(_LTA),
        ObjectStreamRule().as_qualified(_LTA),
        DSSCompareRule().as_qualified(_LTA),
        MetadataUpdateRule().as_qualified(_LTA),
    ],
    form_rule=FormFromNothing(
        field_rules=[SigFieldCreationRule(), SigFieldModificationRule()], ignored_acroform_keys=_EXEMPT
    ),
)


def _pages(resolver: HistoricalResolver) -> list[generic.DictionaryObject]:
    found: list[generic.DictionaryObject] = []

    def walk(node: generic.DictionaryObject, depth: int) -> None:
        if depth > 32:  # a loop in a hostile page tree
            return
        if node.get("/Type") == "/Pages":
            for kid in node.get("/Kids", []):
                walk(kid.get_object(), depth + 1)
        else:
            found.append(node)

    walk(resolver.root["/Pages"], 0)
    return found


def _content(page: generic.DictionaryObject) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
    return b"\n".join(stream.get_object().data for stream in streams)


def _field_type(field: generic.DictionaryObject) -> str | None:
    for _depth in range(32):
        if "/FT" in field:
            return str(field["/FT"])
        parent = field.get("/Parent")
        if parent is None:
            return None
        field = parent.get_object()
    return None


def _annotations(page: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    annots = page.get("/Annots")
    return [a.get_object() for a in annots.get_object()] if annots is not None else []


def _not_a_signature(annotation: generic.DictionaryObject) -> bool:
    return annotation.get("/Subtype") != "/Widget" or _field_type(annotation) != "/Sig"


def _fields(resolver: HistoricalResolver) -> Iterator[tuple[str, generic.DictionaryObject]]:
    form = resolver.root.get("/AcroForm")
    stack = [(f.get_object(), "") for f in form.get_object().get("/Fields", [])] if form is not None else []
    while stack and len(stack) < 10_000:
        field, prefix = stack.pop()
        name = prefix + str(field.get("/T", ""))
        kids = [k.get_object() for k in field.get("/Kids", []) if "/T" in k.get_object()]
        stack.extend((kid, name + ".") for kid in kids)
        if not kids:
            yield name, field


def _page_changes(base: HistoricalResolver, new: HistoricalResolver) -> list[str]:
    old_pages, new_pages = _pages(base), _pages(new)
    if len(old_pages) != len(new_pages):
        return [f"số trang đổi từ {len(old_pages)} thành {len(new_pages)} (thêm hoặc bớt trang)"]
    changes = []
    for number, (old, page) in enumerate(zip(old_pages, new_pages, strict=True), start=1):
        if _content(old) != _content(page) or old.get("/Resources") != page.get("/Resources"):
            changes.append(f"nội dung trang {number} bị sửa")
        added = sum(map(_not_a_signature, _annotations(page))) - sum(map(_not_a_signature, _annotations(old)))
        if added > 0:
            changes.append(f"thêm {added} chú thích (annotation) vào trang {number}")
    return changes


def _field_changes(base: HistoricalResolver, new: HistoricalResolver) -> list[str]:
    before = {name: field.get("/V") for name, field in _fields(base) if _field_type(field) != "/Sig"}
    after = {name: field.get("/V") for name, field in _fields(new) if _field_type(field) != "/Sig"}
    return [f"giá trị ô nhập liệu “{name}” bị sửa" for name in sorted(after) if after[name] != before.get(name)]


def describe(base: HistoricalResolver, new: HistoricalResolver) -> str:
    """What a refused revision changed, in Vietnamese, as far as can be told."""
    try:
        changes = _page_changes(base, new) + _field_changes(base, new)
    except Exception:  # a hostile file may break the description; the refusal stands
        changes = []
    return "; ".join(changes) or "có thay đổi khác ngoài chữ ký số"


def refusal(reader: PdfFileReader, original: bytes) -> str | None:
    """Why the revisions after `original` are more than signatures, or None when they are only signatures."""
    base_number = PdfFileReader(io.BytesIO(original), strict=False).xrefs.total_revisions - 1
    base = reader.get_historical_resolver(base_number)
    for revision in range(base_number + 1, reader.xrefs.total_revisions):
        new = reader.get_historical_resolver(revision)
        try:
            level = SIGNATURES_ONLY.apply(base, new).modification_level
        except Exception as error:  # SuspiciousModification, or a structure pyHanko cannot follow
            logger.warning("signed upload: revision %d refused: %s", revision, error)
            level = ModificationLevel.OTHER
        if level > ModificationLevel.FORM_FILLING:
            return (
                f"Tệp có thay đổi không phải chữ ký số ở lần cập nhật thứ {revision - base_number} sau bản hệ thống "
                f"tạo ra: {describe(base, new)}. Chỉ được thêm chữ ký số vào đúng tệp tải về từ hệ thống."
            )
    return None
