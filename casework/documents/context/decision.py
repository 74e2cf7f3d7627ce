"""The chairman's answer: the recognition decision (Mẫu 02), certificates (Mẫu 03), refusals (§13.4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from casework.documents import wording
from casework.documents.context.formatting import legal_basis_lines, recipient_lines, vn_date
from casework.documents.context.labels import REQUEST_FORMS
from casework.documents.context.pieces import class_annexes, count_rows, counts_from_rows, document, member_rows
from casework.documents.context.values import (
    AgencyHeader,
    Context,
    Endorsement,
    HouseholdRow,
    Issue,
    MemberRow,
    Person,
    Signer,
)
from casework.vocabulary import CLASS_LABELS


def recognition_decision(
    issue: Issue,
    *,
    period_label: str,
    commune: str,
    legal_bases: Sequence[str],
    lists: dict[str, Sequence[HouseholdRow]],
    effective: str,
    implementers: str,
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
) -> Context:
    """Mẫu 02: Điều 1 counts with annexed lists, Điều 2 effect, Điều 3 implementation (§12.4)."""
    place = f"{commune_kind} {commune}"
    annexes, headings = class_annexes(
        lists,
        title_suffix=period_label.upper(),
        reference=f"(Kèm theo Quyết định {issue.reference()} của Chủ tịch Ủy ban nhân dân {place})",
    )
    counts = counts_from_rows(row for rows in lists.values() for row in rows)
    articles = []
    for count in count_rows(counts):
        annex = headings.get(count["classification"])
        articles.append(
            {
                **count,
                "text": f"{count['label']}: {count['households_text']} hộ, {count['persons_text']} nhân khẩu"
                + (f" (có danh sách tại {annex} kèm theo)" if annex else ""),
            }
        )
    return document(
        "recognition_decision",
        issue,
        title="QUYẾT ĐỊNH",
        summary="Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
        f"hộ thoát cận nghèo trên địa bàn {place} {period_label}",
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {place.upper()}",
        legal_bases=legal_basis_lines(legal_bases),
        place=place,
        period_label=period_label,
        articles=articles,
        effective=effective,
        implementers=implementers,
        signature=signer.as_dict(),
        recipients=recipient_lines(recipients, archive),
        annexes=annexes,
    )


def certificate(
    issue: Issue,
    *,
    commune: str,
    legal_bases: Sequence[str],
    head: Person,
    members: Sequence[MemberRow],
    endorsements: Sequence[Endorsement],
    signer: Signer,
    commune_kind: str = "xã",
    table_rows: int = 8,
    period: str = "",
) -> Context:
    """Mẫu 03: part I members (Nam / Nữ birth-year columns), part II yearly endorsements (§12.5)."""
    rows = member_rows(members)
    blanks = [
        {
            "no": str(index),
            "full_name": "",
            "ethnicity": "",
            "relationship": "",
            "birth_year_male": "",
            "birth_year_female": "",
            "note": "",
        }
        for index in range(len(rows) + 1, table_rows + 1)
    ]
    for row in rows:
        row["no"] = str(int(row["no"]))
    current = next((item for item in reversed(endorsements) if item.classification and item.decision), None)
    return document(
        "certificate",
        issue,
        header={"layout": "agency", **AgencyHeader((f"UBND {commune_kind} {commune}".upper(),), commune).as_dict()},
        title="GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO",
        # Mẫu 03 runs its last basis into the certifying sentence, so every listed basis ends ";".
        legal_bases=[f"{basis.rstrip(' ;.')};" for basis in legal_bases],
        certify_line=wording.text("certificate", "certify_line", commune_kind=commune_kind, commune=commune),
        head=head.as_dict(),
        members=rows + blanks,
        # The class and year the certificate is issued for, said in words above the members.
        certified=f"{CLASS_LABELS[current.classification]} năm {current.year}" if current else "",
        commune_kind=commune_kind,
        period=period,
        endorsements=[
            {
                "year": item.year,
                "poor": "X" if item.classification == "poor" else "",
                "near_poor": "X" if item.classification == "near_poor" else "",
                "deprivations": item.deprivations,
                "decision": item.decision,
            }
            for item in endorsements
        ],
        signature=signer.as_dict(),
    )


def refusal_letter(
    issue: Issue,
    *,
    request_kind: str,
    commune: str,
    applicant: Person,
    received_on: date,
    receipt_number: str,
    steps: Sequence[str],
    findings: Sequence[str],
    reasons: Sequence[str],
    conclusion: str,
    rule_set_id: str,
    rule_set_version: str,
    complaint_right: str,
    signer: Signer,
    recipients: Sequence[str],
    archive: str,
    commune_kind: str = "xã",
    standard_name: str = "",
) -> Context:
    """Công văn trả lời không đủ điều kiện; reasons are mandatory. The standard is named by its
    instrument (`standard_name`, rule-set data); the rule-set id and version stay in the context only."""
    if not [reason for reason in reasons if reason.strip()]:
        raise ValueError("a refusal states its reasons")
    subjects = {
        "poverty_review": "rà soát hộ nghèo, hộ cận nghèo",
        "average_living_standard": "xác định hộ có mức sống trung bình",
        "exit_request": "công nhận hộ thoát nghèo, hộ thoát cận nghèo",
        "low_income_worker": "xác định người lao động có thu nhập thấp",
    }
    person = applicant.as_dict()
    return document(
        "refusal_letter",
        issue,
        summary_vv=f"V/v trả lời đề nghị {subjects[request_kind]}",
        # No dangling comma when the address is not known.
        addressee=", ".join(filter(None, [f"{person['honorific']} {applicant.full_name}", person["current_address"]])),
        agency_name=f"Ủy ban nhân dân {commune_kind} {commune}",
        applicant=person,
        request_form=REQUEST_FORMS[request_kind],
        received_line=vn_date(received_on),
        receipt_number=receipt_number,
        steps=list(steps),
        findings=list(findings),
        reasons=list(reasons),
        conclusion=conclusion,
        rule_set_id=rule_set_id,
        rule_set_version=rule_set_version,
        standard_name=standard_name,
        complaint_right=complaint_right,
        signature=signer.as_dict(),
        recipients=recipient_lines(["Như trên", *recipients], archive),
    )
