"""Open America stays: the court let the agency finish processing before the case goes on.

Under 5 U.S.C. § 552(a)(6)(C)(i) a court may retain jurisdiction and give the agency more time when it shows
"exceptional circumstances" and "due diligence" (Open America v. Watergate Special Prosecution Force, 547 F.2d 605
(D.C. Cir. 1976)). A stay is an access child of its case (`access_parent = "case"`): seen exactly when the case is.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.versioning import Versioned

from .models import Case, CaseStatus

OPEN_AMERICA = (
    "Open America v. Watergate Special Prosecution Force, 547 F.2d 605 (D.C. Cir. 1976); 5 U.S.C. § 552(a)(6)(C)(i) "
    "(exceptional circumstances, due diligence)"
)


class Stay(Versioned):
    """A stay the court granted, from `granted_on` until `until` (empty: open-ended) or until lifted. While it is in
    force the case is "stayed"; lifting it puts back the status the case had (`status_before`). With an end date,
    the status report (or motion to lift) due at its end is a court-ordered deadline of the case (`end_key`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stays", help_text="The case.")
    order = models.ForeignKey(
        "DocketEntry",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="The docket entry of the order that granted the stay (required when it is recorded).",
    )
    granted_on = models.DateField(help_text="The date the stay was granted (usually the order's date).")
    until = models.DateField(null=True, blank=True, help_text="The date the stay ends; empty for an open-ended stay.")
    basis = models.CharField(max_length=300, default=OPEN_AMERICA, help_text="The authority the court relied on.")
    status_before = models.CharField(
        max_length=16, choices=CaseStatus.choices, editable=False, help_text="The case's status when it was stayed."
    )
    lifted_on = models.DateField(null=True, blank=True, editable=False, help_text="When the court lifted the stay.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    access_parent = "case"

    class Meta:
        ordering = ["-granted_on", "-pk"]

    def __str__(self) -> str:
        end = self.until.isoformat() if self.until else "open-ended"
        order = f" (ECF No. {self.order.number})" if self.order_id else ""
        return f"Stay granted {self.granted_on.isoformat()}{order}, until {end}"

    @property
    def open_ended(self) -> bool:
        return self.until is None

    @property
    def in_force(self) -> bool:
        return self.lifted_on is None

    @property
    def end_key(self) -> str:
        return f"stay-{self.pk}-end"
