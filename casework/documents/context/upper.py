"""The upper level: the commune's report asking its opinion, and its reply (procedure.md §5 step 5)."""

from __future__ import annotations

from collections.abc import Sequence

from casework.documents.context.formatting import recipient_lines
from casework.documents.context.labels import UPPER_OUTCOMES
from casework.documents.context.pieces import class_annexes, count_rows, document, public_rows
from casework.documents.context.values import ClassCount, Context, HouseholdRow, Issue, Signer
from casework.formatting import number, percent_of


def upper_report(
    issue: Issue,
    *,
    year: int,
    commune: str,
    upper_level: str,
    addressee: str,
    resident_households: int,
    resident_persons: int,
    counts: Sequence[ClassCount],
    lists: dict[str, Sequence[HouseholdRow]],
    progress: Sequence[str],
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
    lists_year: int | None = None,
) -> Context:
    """Báo cáo kết quả rà soát và xin ý kiến cấp trên (procedure.md §5 step 5), with the lists."""
    if upper_level not in ("district", "province"):
        raise ValueError("the report goes to the district or the province")
    level_name = "huyện" if upper_level == "district" else "tỉnh"
    rows = count_rows(counts)
    for row in rows:
        row["households_rate"] = percent_of(row["households"], resident_households)
    annexes, headings = class_annexes(
        lists,
        title_suffix=f"NĂM {lists_year or year}",
        reference=f"(Kèm theo Báo cáo {issue.reference()} của Ủy ban nhân dân {commune_kind} {commune})",
    )
    for row in rows:
        row["annex"] = headings.get(row["classification"], "")
    return document(
        "upper_report",
        issue,
        title="BÁO CÁO",
        summary=f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {commune_kind} {commune}",
        addressee=addressee,
        upper_level=upper_level,
        level_name=level_name,
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        year=year,
        lists_year=lists_year or year,
        progress=list(progress),
        resident_households=number(resident_households),
        resident_persons=number(resident_persons),
        counts=rows,
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
        annexes=annexes,
    )


def upper_approval(
    issue: Issue,
    *,
    year: int,
    upper_level: str,
    upper_unit: str,
    commune: str,
    report_reference: str,
    outcome: str,
    counts: Sequence[ClassCount],
    changes: Sequence[str],
    recheck_households: Sequence[HouseholdRow],
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
    lists_year: int | None = None,
) -> Context:
    """The district's (legacy) or province's công văn giving its opinion on the commune's results.

    The decision stays the commune chairman's: this letter only agrees, agrees with changes, or asks
    for a re-check of named households (procedure.md §5 step 5).
    """
    if outcome not in UPPER_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if upper_level not in ("district", "province"):
        raise ValueError("the upper level is the district or the province")
    level_name = "huyện" if upper_level == "district" else "tỉnh"
    return document(
        "upper_approval",
        issue,
        summary_vv=f"V/v cho ý kiến đối với kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} "
        f"của {commune_kind} {commune}",
        addressee=f"Ủy ban nhân dân {commune_kind} {commune}",
        level_name=level_name,
        upper_name=f"Ủy ban nhân dân {level_name} {upper_unit}",
        commune_name=f"{commune_kind} {commune}",
        commune_chairman=f"Chủ tịch Ủy ban nhân dân {commune_kind} {commune}",
        year=year,
        lists_year=lists_year or year,
        report_reference=report_reference,
        outcome=outcome,
        counts=count_rows(counts),
        changes=list(changes),
        recheck_households=public_rows(recheck_households),
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
    )
