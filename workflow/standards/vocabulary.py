"""The closed vocabularies of the standard: area types, household classes, movements.

Values are the identifiers of the project glossary, so they can be stored as they are.
"""

from enum import StrEnum


class AreaType(StrEnum):
    """Khu vực: a commune (xã) is rural, a ward (phường) urban; stored per commune as data."""

    RURAL = "rural"
    URBAN = "urban"


class HouseholdClass(StrEnum):
    """The class a review gives a household.

    `undetermined` means the answers given cannot settle the class (for example a Phiếu C
    income at or below the poverty line: the household must be reviewed with Phiếu B).
    """

    POOR = "poor"
    NEAR_POOR = "near_poor"
    NOT_POOR = "not_poor"
    AVERAGE_LIVING_STANDARD = "average_living_standard"
    UNDETERMINED = "undetermined"


class PhieuAResult(StrEnum):
    """Outcome of the Phiếu A quick screen."""

    CONTINUE_TO_B = "continue_to_b"
    STOP_NOT_POOR = "stop_not_poor"


class Basis(StrEnum):
    """Which evidence settled whether the household is under the poverty line."""

    PHIEU_A = "phieu_a"
    SCORE_B1 = "score_b1"
    INCOME = "income"
    PHIEU_C = "phieu_c"
    NONE = "none"


class B1Source(StrEnum):
    """Where a B1 score comes from: scored here from the answers, or copied from the form."""

    ITEMISED = "itemised"
    FORM_TOTAL = "form_total"


class Movement(StrEnum):
    """Report category derived from the last recognised class and the new one (Mẫu 7.2, 7.3)."""

    NEW_POOR = "new_poor"
    RE_POOR = "re_poor"
    EXISTING_POOR = "existing_poor"
    NEAR_POOR_TO_POOR = "near_poor_to_poor"
    POOR_TO_NEAR_POOR = "poor_to_near_poor"
    EXITED_POOR = "exited_poor"
    NEW_NEAR_POOR = "new_near_poor"
    EXISTING_NEAR_POOR = "existing_near_poor"
    EXITED_NEAR_POOR = "exited_near_poor"
    REMAINS_NOT_POOR = "remains_not_poor"
    UNDETERMINED = "undetermined"
