"""Vocabularies of the FOIA app, kept apart from the models so the lifecycle rules stay importable on their own."""

from django.db import models


class RequestStatus(models.TextChoices):
    """Where a request stands. Never set by hand: derived by replaying its events (see `foia.lifecycle`)."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PROCESSING = "processing", "In process"
    TOLLED = "tolled", "Clock tolled"
    RESPONDED = "responded", "Determination issued"
    APPEALED = "appealed", "Appeal pending"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    LITIGATION = "litigation", "In litigation"
    CLOSED = "closed", "Closed"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted to the agency"
    RECEIVED = "received", "Received by the proper component"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    TOLLED = "tolled", "Clock tolled"
    RESUMED = "resumed", "Clock resumed"
    EXTENDED = "extended", "Unusual-circumstances extension"
    EXPEDITED_GRANTED = "expedited_granted", "Expedited processing granted"
    EXPEDITED_DENIED = "expedited_denied", "Expedited processing denied"
    FEE_ESTIMATE = "fee_estimate", "Fee estimate"
    FEE_WAIVER_DECISION = "fee_waiver_decision", "Fee waiver decision"
    FEE_PAYMENT = "fee_payment", "Fee paid"
    INTERIM_RELEASE = "interim_release", "Interim release"
    FINAL_RESPONSE = "final_response", "Final response"
    REFERRAL = "referral", "Referred to another component"
    APPEAL_FILED = "appeal_filed", "Appeal filed"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    LITIGATION = "litigation", "In litigation"


class TollReason(models.TextChoices):
    INFORMATION = "information", "Agency asked the requester for information ((a)(6)(A)(ii)(I))"
    FEES = "fees", "Clarifying fee assessment with the requester ((a)(6)(A)(ii)(II))"


class FinalOutcome(models.TextChoices):
    FULL_GRANT = "full_grant", "Full grant"
    PARTIAL = "partial", "Partial grant / partial denial"
    DENIAL = "denial", "Full denial"
    NO_RECORDS = "no_records", "No records"
    OTHER = "other", "Other (improper request, duplicate, fee-related...)"


# A determination the requester may appeal: everything except a full grant.
ADVERSE_OUTCOMES = frozenset({FinalOutcome.PARTIAL, FinalOutcome.DENIAL, FinalOutcome.NO_RECORDS, FinalOutcome.OTHER})


class AppealOutcome(models.TextChoices):
    GRANTED = "granted", "Granted"
    PARTLY_GRANTED = "partly_granted", "Partly granted"
    DENIED = "denied", "Denied"
    REMANDED = "remanded", "Remanded for further processing"


class FeeWaiverOutcome(models.TextChoices):
    GRANTED = "granted", "Granted"
    PARTLY_GRANTED = "partly_granted", "Partly granted"
    DENIED = "denied", "Denied"


# A fee-waiver decision the requester may appeal (6 C.F.R. 5.8(a): "denial of a request for a fee waiver").
ADVERSE_FEE_WAIVER_OUTCOMES = frozenset({FeeWaiverOutcome.PARTLY_GRANTED, FeeWaiverOutcome.DENIED})


# What an appeal may challenge (6 C.F.R. 5.8(a)): the determination's event kind, and how forms name it.
APPEAL_OF_CHOICES = [
    (EventKind.FINAL_RESPONSE.value, "The final response"),
    (EventKind.EXPEDITED_DENIED.value, "The denial of expedited processing"),
    (EventKind.FEE_WAIVER_DECISION.value, "The denial of a fee waiver"),
]


# The outcome field of an event holds one of these, depending on its kind.
OUTCOMES_BY_KIND: dict[str, type[models.TextChoices]] = {
    EventKind.FINAL_RESPONSE: FinalOutcome,
    EventKind.APPEAL_DECIDED: AppealOutcome,
    EventKind.FEE_WAIVER_DECISION: FeeWaiverOutcome,
}
OUTCOME_LABELS: dict[str, str] = {
    value: label for choices in OUTCOMES_BY_KIND.values() for value, label in choices.choices
}


class RequesterCategory(models.TextChoices):
    """Fee categories of 5 U.S.C. 552(a)(4)(A)(ii)."""

    COMMERCIAL = "commercial", "Commercial use"
    EDUCATIONAL = "educational", "Educational or non-commercial scientific institution"
    NEWS_MEDIA = "news_media", "Representative of the news media"
    OTHER = "other", "All other requesters"


class Track(models.TextChoices):
    SIMPLE = "simple", "Simple"
    COMPLEX = "complex", "Complex"
    EXPEDITED = "expedited", "Expedited"


class Direction(models.TextChoices):
    TO_AGENCY = "to_agency", "To the agency"
    FROM_AGENCY = "from_agency", "From the agency"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PORTAL = "portal", "Portal"
    MAIL = "mail", "Mail"
    FAX = "fax", "Fax"
    PHONE = "phone", "Phone"


class CommunicationKind(models.TextChoices):
    REQUEST_LETTER = "request_letter", "Request letter"
    ANSWER = "answer", "Our answer (information, fees or clarification)"
    ACKNOWLEDGMENT = "acknowledgment", "Acknowledgment"
    EXTENSION_NOTICE = "extension_notice", "Extension notice"
    FEE_LETTER = "fee_letter", "Fee letter"
    STILL_INTERESTED = "still_interested", "Still-interested letter"
    INTERIM_RESPONSE = "interim_response", "Interim response"
    FINAL_RESPONSE = "final_response", "Final response"
    APPEAL = "appeal", "Appeal"
    APPEAL_DECISION = "appeal_decision", "Appeal decision"
    OTHER = "other", "Other"


# Which kinds of letter go which way: an acknowledgment or a final response never comes from us, a request letter
# or our answer never from the agency. (A still-interested letter is the agency's; we answer it with ANSWER.)
COMMUNICATION_KINDS_BY_DIRECTION: dict[str, tuple[str, ...]] = {
    Direction.TO_AGENCY: (
        CommunicationKind.REQUEST_LETTER,
        CommunicationKind.ANSWER,
        CommunicationKind.APPEAL,
        CommunicationKind.OTHER,
    ),
    Direction.FROM_AGENCY: (
        CommunicationKind.ACKNOWLEDGMENT,
        CommunicationKind.EXTENSION_NOTICE,
        CommunicationKind.FEE_LETTER,
        CommunicationKind.STILL_INTERESTED,
        CommunicationKind.INTERIM_RESPONSE,
        CommunicationKind.FINAL_RESPONSE,
        CommunicationKind.APPEAL_DECISION,
        CommunicationKind.OTHER,
    ),
}


class TrackingKind(models.TextChoices):
    REQUEST = "request", "Request"
    APPEAL = "appeal", "Appeal"
    REFERRAL = "referral", "Referral to another component"
