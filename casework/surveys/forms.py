"""The survey form: Phiếu A, Phiếu B (household and members) and Phiếu C, on one page.

The answer choices come from the rule set of the survey's period (its code lists, Phiếu A
criteria and B1 score table), so a corrected list needs no release. A draft may be incomplete;
completing it requires every answer the classification reads.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from casework import clock
from casework.forms import strip_text
from workflow.dates import DateInputError, parse_date
from workflow.standards import RuleSet

EMPTY = SelectChoice("", _l("— chọn —"))
YES_NO = [SelectChoice("yes", _l("Có")), SelectChoice("no", _l("Không"))]
# Plausibility limits: beyond them a typing error is far likelier than the fact.
MAX_FLOOR_AREA_M2 = 2000
MAX_YEARLY_INCOME = 5_000_000_000
MONEY = re.compile(r"^\d{1,3}(\.\d{3})*$|^\d+$")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Form) -> None:
        """Unknown codes are refused; ticking nothing is a valid answer."""
        known = {choice.value for choice in self.choices}  # type: ignore[union-attr]
        for value in self.data or ():
            if value not in known:
                raise ValidationError(_l("Lựa chọn không hợp lệ."))


def parse_money(text: str | None) -> int:
    """'1.500.000', '1500000' or '1 500 000' -> 1500000; '1,500,000' is ambiguous and refused."""
    cleaned = (text or "").strip().replace(" ", "")
    if not cleaned:
        return 0
    if "," in cleaned or not MONEY.match(cleaned):
        raise ValueError(cleaned)
    return int(cleaned.replace(".", ""))


class MoneyField(StringField):
    """Vietnamese amounts: thousands separated by dots, no decimals (VND has no minor unit)."""

    def pre_validate(self, form: Form) -> None:
        try:
            amount = parse_money(self.data)
        except ValueError:
            raise ValidationError(_l("Số tiền viết dạng 1.500.000 (dấu chấm ngăn cách hàng nghìn).")) from None
        if amount > MAX_YEARLY_INCOME:
            raise ValidationError(_l("Số tiền quá lớn, hãy kiểm tra lại."))

    @property
    def amount(self) -> int:
        return parse_money(self.data)


class MemberAnswers(Form):
    """Phiếu B questions about one member; the roster (name, birth date, sex) comes from the household."""

    member_id = HiddenField()
    health_insured = RadioField(_l("Có thẻ bảo hiểm y tế còn hạn"), choices=YES_NO, default="yes")
    attending_school = RadioField(_l("Đang đi học / đào tạo"), choices=YES_NO, default="no")
    school_level = SelectField(_l("Cấp học đang theo"), validators=[Optional()])
    education_level = SelectField(_l("Trình độ giáo dục cao nhất đã tốt nghiệp"), validators=[Optional()])
    certificates = MultiCheckboxField(_l("Chứng chỉ nghề / đào tạo"))
    employment = SelectField(_l("Việc làm"), validators=[Optional()])
    labour_contract = RadioField(_l("Có hợp đồng lao động"), choices=YES_NO, default="no")
    disabled = RadioField(_l("Khuyết tật / mất khả năng lao động"), choices=YES_NO, default="no")
    social_allowance = RadioField(_l("Hưởng trợ cấp xã hội hằng tháng"), choices=YES_NO, default="no")
    serious_illness = RadioField(_l("Không có khả năng lao động do ốm đau, bệnh nặng"), choices=YES_NO, default="no")
    stunted = RadioField(_l("Trẻ thấp còi (chiều cao theo tuổi)"), choices=YES_NO, default="no")
    underweight = RadioField(_l("Trẻ nhẹ cân (cân nặng theo tuổi)"), choices=YES_NO, default="no")


class B1ItemAnswer(Form):
    """One item of the B1 score table (itemised Phiếu B); its label and choices come from the table."""

    item_code = HiddenField()
    answer = SelectField(validators=[Optional()])


class SurveyForm(FlaskForm):
    period_year = IntegerField(
        _l("Năm áp dụng chuẩn nghèo"),
        validators=[NumberRange(2016, 2035, message=_l("Năm từ %(min)s đến %(max)s."))],
    )
    reference_date = StringField(_l("Ngày rà soát"), filters=[strip_text])
    # Asked only where the commune's area type is not settled (đặc khu).
    area_type = SelectField(
        _l("Khu vực"),
        choices=[EMPTY, SelectChoice("rural", _l("Nông thôn")), SelectChoice("urban", _l("Thành thị"))],
        validators=[Optional()],
    )
    farm_household = RadioField(_l("Hộ làm nông, lâm, ngư, diêm nghiệp"), choices=YES_NO, default="no")
    phieu_a = MultiCheckboxField(_l("Phiếu A: các tiêu chí hộ có"))
    wall = SelectField(_l("Tường nhà làm bằng"), validators=[Optional()])
    pillar = SelectField(_l("Cột (khung) nhà làm bằng"), validators=[Optional()])
    roof = SelectField(_l("Mái nhà làm bằng"), validators=[Optional()])
    floor_area = StringField(_l("Tổng diện tích nhà ở (m²)"), filters=[strip_text])
    water_source = SelectField(_l("Nguồn nước sinh hoạt chính"), validators=[Optional()])
    latrine = SelectField(_l("Loại nhà tiêu"), validators=[Optional()])
    telecom_used = MultiCheckboxField(_l("Dịch vụ viễn thông thành viên hộ sử dụng"))
    devices = MultiCheckboxField(_l("Phương tiện tiếp cận thông tin hộ có"))
    hears_loudspeaker = RadioField(_l("Nghe được loa truyền thanh xã / thôn"), choices=YES_NO, validators=[Optional()])
    waste_handling = SelectField(_l("Xử lý rác thải sinh hoạt"), validators=[Optional()])
    b1_items = FieldList(FormField(B1ItemAnswer), min_entries=0, max_entries=60)
    b1_total = IntegerField(
        _l("Điểm B1 (tổng trên phiếu giấy)"),
        validators=[Optional(), NumberRange(0, 1000, message=_l("Điểm từ %(min)s đến %(max)s."))],
    )
    income_crops = MoneyField(_l("Trồng trọt"))
    income_livestock = MoneyField(_l("Chăn nuôi"))
    income_forestry = MoneyField(_l("Lâm nghiệp"))
    income_fishery = MoneyField(_l("Thủy sản"))
    income_salt_making = MoneyField(_l("Diêm nghiệp"))
    income_wages = MoneyField(_l("Tiền công, tiền lương"))
    income_non_farm_business = MoneyField(_l("Sản xuất, kinh doanh phi nông nghiệp"))
    income_other = MoneyField(_l("Thu khác"))
    income_production_costs = MoneyField(_l("Chi phí sản xuất"))
    income_social_allowances = MoneyField(_l("Trợ cấp xã hội từ ngân sách (không tính vào thu nhập)"))
    members = FieldList(FormField(MemberAnswers), min_entries=0, max_entries=40)
    version = HiddenField()
    # A new token each time the new-survey form is drawn: the same form sent twice keeps one survey.
    submission_token = HiddenField()

    parsed_reference_date: dt.date | None = None

    def validate_reference_date(self, field: StringField) -> None:
        try:
            day, _ = parse_date(field.data or "")
        except DateInputError as error:
            raise ValidationError(str(error)) from None
        if day > clock.today():
            raise ValidationError(_l("Ngày rà soát không được ở tương lai."))
        self.parsed_reference_date = day

    def validate_floor_area(self, field: StringField) -> None:
        if not field.data:
            return
        try:
            area = float(field.data.replace(",", "."))
        except ValueError:
            raise ValidationError(_l("Diện tích là một số, ví dụ 36 hoặc 7,5.")) from None
        if not 0 < area <= MAX_FLOOR_AREA_M2:
            raise ValidationError(_l("Diện tích phải lớn hơn 0 và không quá %(n)d m².", n=MAX_FLOOR_AREA_M2))

    @property
    def floor_area_m2(self) -> float | None:
        text = self.floor_area.data
        return float(text.replace(",", ".")) if text else None

    def income_fields(self) -> list[MoneyField]:
        return [field for name, field in self._fields.items() if name.startswith("income_")]  # type: ignore[misc]

    def offer_choices(self, rule_set: RuleSet) -> None:
        """Fill every choice from the rule set of the survey's period."""

        def codes(name: str, *, empty: bool = True) -> list[SelectChoice]:
            code_list = rule_set.codes.get(name)
            entries = [SelectChoice(code, label) for code, label in (code_list.labels.items() if code_list else ())]
            return [EMPTY, *entries] if empty else entries

        for field in (self.wall, self.pillar, self.roof):
            field.choices = codes("material")
        self.water_source.choices = codes("water_source")
        self.latrine.choices = codes("latrine")
        self.waste_handling.choices = codes("waste_handling")
        self.telecom_used.choices = codes("telecom", empty=False)
        if any(spec.id == "digital_services" for spec in rule_set.indicators):
            self.telecom_used.label.text = str(_l("Dịch vụ viễn thông, dịch vụ số, Internet thành viên hộ sử dụng"))
        self.devices.choices = codes("device", empty=False)
        criteria = rule_set.phieu_a
        self.phieu_a.choices = [SelectChoice(c, label) for c, label in criteria.labels.items()] if criteria else []
        self._offer_b1_items(rule_set)
        for entry in self.members:
            member: MemberAnswers = entry.form
            member.school_level.choices = codes("school_level")
            member.education_level.choices = codes("education_level")
            member.employment.choices = codes("employment")
            member.certificates.choices = codes("certificate", empty=False)

    def _offer_b1_items(self, rule_set: RuleSet) -> None:
        table = rule_set.score_table
        if table is None:
            while self.b1_items.entries:
                self.b1_items.pop_entry()
            return
        if not self.b1_items.entries:
            for code in table.item_labels:
                self.b1_items.append_entry({"item_code": code})
        for entry in self.b1_items:
            item: B1ItemAnswer = entry.form
            code = item.item_code.data
            item.answer.label.text = table.item_labels.get(code, code)
            answers = table.answer_labels.get(code, {})
            item.answer.choices = [EMPTY, *(SelectChoice(value, label) for value, label in answers.items())]

    def b1_answers(self) -> list[tuple[str, str]]:
        return [(e.form.item_code.data, e.form.answer.data) for e in self.b1_items if e.form.answer.data]
