"""Organisations, their members and roles, and the coalitions they share work with."""

from django.conf import settings
from django.db import models

from core.history import HistoricalRecords
from core.versioning import Versioned


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    ATTORNEY = "attorney", "Attorney"
    STAFF = "staff", "Staff"
    VIEWER = "viewer", "Viewer"


class Sharing(models.TextChoices):
    ORGANIZATION = "organization", "Organisation only"
    COALITION = "coalition", "Shared with coalition (read-only for partners)"


class Coalition(Versioned):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(Versioned):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    coalitions = models.ManyToManyField(Coalition, related_name="organizations", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(Versioned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"


class OrganizationOwned(models.Model):
    """Base for every object an organisation owns and may share with its coalitions.

    Access to subclasses goes through `coalition.access`; never filter them by hand in views.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    sharing = models.CharField(max_length=16, choices=Sharing.choices, default=Sharing.ORGANIZATION)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
