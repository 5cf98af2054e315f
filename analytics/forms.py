"""Dashboard form of analytics: the date range (UTC days, both inclusive)."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from pulse.text import StorableTextFormMixin

DEFAULT_DAYS = 30
MAX_DAYS = 366


class DateRangeForm(StorableTextFormMixin, forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        today = timezone.now().date()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("start", "The start must be on or before the end.")
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("start", f"Choose at most {MAX_DAYS} days.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def date_range(self):
        """(start, end): the valid chosen range, or the last 30 days."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.now().date()
        return end - timedelta(days=DEFAULT_DAYS - 1), end
