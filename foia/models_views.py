"""A person's saved views of the request list: a name and a filter querystring, private to that person."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class SavedView(models.Model):
    """ "My overdue", "ICE, in process": the request list's filters under a name. It belongs to one user: nobody else,
    even in the same organisation, sees or deletes it (`foia.selectors.saved_view_get`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="foia_saved_views", help_text="Its owner."
    )
    name = models.CharField(max_length=80, help_text="What the owner calls it, e.g. 'My overdue'.")
    query = models.CharField(
        max_length=2000, blank=True, help_text="The request list's querystring, validated by its filters when saved."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name_per_user")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        url = reverse("foia:request-list")
        return f"{url}?{self.query}" if self.query else url
