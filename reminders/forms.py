from django import forms
from django.core.exceptions import ValidationError

from core.forms import VersionedFormMixin

from .models import ReminderPolicy, ReminderPreference


class DaysField(forms.CharField):
    """Days before the due date, typed as "14, 7, 3, 1, 0"."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
        try:
            days = [int(p) for p in parts]
        except ValueError:
            raise ValidationError("Enter whole numbers of days separated by commas, e.g. 14, 7, 3, 1, 0.") from None
        return sorted(set(days), reverse=True) if len(set(days)) == len(days) else days


class ReminderPolicyForm(VersionedFormMixin, forms.ModelForm):
    foia_days_before = DaysField(label="FOIA deadlines: remind this many days before (0 = on the due day)")
    court_days_before = DaysField(label="Court deadlines: remind this many days before (0 = on the due day)")

    class Meta:
        model = ReminderPolicy
        fields = list(ReminderPolicy.EDITABLE_FIELDS)
        labels = {
            "foia_overdue_daily": "FOIA deadlines: remind daily while overdue",
            "foia_escalate_after_days": "FOIA deadlines: escalate to attorneys and admins after N days overdue",
            "court_overdue_daily": "Court deadlines: remind daily while overdue",
            "court_escalate_after_days": "Court deadlines: escalate to attorneys and admins after N days overdue",
        }


class ReminderPreferenceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["email_mode", "digest_hour"]
        labels = {"email_mode": "Reminder emails", "digest_hour": "Daily digest hour"}
