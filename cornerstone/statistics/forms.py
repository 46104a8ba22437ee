"""The year and area chooser of the national return pages."""

from __future__ import annotations

from typing import Any

from django import forms

from cornerstone.statistics.national_return import FinancialYear
from cornerstone.statistics.selectors import AllowedAreas, ReturnArea

# Financial years offered: from the first year the service could hold, to the current one.
FIRST_YEAR = 2019


class ReturnForm(forms.Form):
    year = forms.ChoiceField(
        label="Financial year",
        help_text="April to March. A referral counts in the year it was made.",
        error_messages={"required": "Select a financial year", "invalid_choice": "Select a financial year"},
    )
    area = forms.ChoiceField(
        label="Area",
        help_text="Where the people referred live. You can choose the areas your role covers.",
        error_messages={"required": "Select an area", "invalid_choice": "Select an area you may see"},
    )

    def __init__(self, *args: Any, allowed: AllowedAreas, current: FinancialYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [FinancialYear(start) for start in range(current.start_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].choices = [(year.label, year.label) for year in years]  # type: ignore[attr-defined]
        self.fields["area"].choices = [(area.param, name) for area, name in allowed.choices()]  # type: ignore[attr-defined]

    def cleaned_year(self) -> FinancialYear:
        return FinancialYear.parse(self.cleaned_data["year"])

    def cleaned_area(self) -> ReturnArea:
        return ReturnArea.parse(self.cleaned_data["area"])


class OversightForm(forms.Form):
    """The year and area of the oversight dashboard: the areas are those the viewer oversees."""

    year = forms.ChoiceField(
        label="Financial year",
        help_text="April to March. Referrals count in the year they were made.",
        error_messages={"required": "Select a financial year", "invalid_choice": "Select a financial year"},
    )
    area = forms.ChoiceField(
        label="Area",
        help_text="Where the people referred live: the areas your organisation covers.",
        error_messages={"required": "Select an area", "invalid_choice": "Select an area you may see"},
    )

    def __init__(
        self, *args: Any, scopes: list[tuple[str, str]], current: FinancialYear, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        years = [FinancialYear(start) for start in range(current.start_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].choices = [(year.label, year.label) for year in years]  # type: ignore[attr-defined]
        self.fields["area"].choices = scopes  # type: ignore[attr-defined]

    def cleaned_year(self) -> FinancialYear:
        return FinancialYear.parse(self.cleaned_data["year"])
