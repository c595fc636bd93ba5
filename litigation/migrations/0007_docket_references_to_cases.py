"""Each request's free-text docket reference becomes a case, linked to the request.

The court is parsed from the reference (`litigation.dockets.reference_parse`: "1:26-cv-01234 (D.D.C.)") and the
docket number checked against it. The case is owned by the request's organisation and shared like the request; its
`source_reference` keeps the text as typed, and the request's text is then cleared (the case replaces it). Requests of
one organisation naming the same court and number share one case. A reference that names no recognisable court and
docket number, or a number not in its court's format, is left on the request as typed and listed in the migration's
output for a person to link by hand. Running it again finds nothing left to do; reversing it puts the texts back (a
case's text, as its first request had it, on each of its requests) and deletes the cases it made. No "In litigation" event is recorded here: events are a person's facts, recorded through
foia's services (linking from the case page does).
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from litigation.dockets import docket_validate, reference_parse


def references_to_cases(apps, schema_editor):
    FoiaRequest = apps.get_model("foia", "FoiaRequest")
    Case = apps.get_model("litigation", "Case")
    Court = apps.get_model("directory", "Court")
    courts = {court.slug: court for court in Court.objects.all()}
    kept = []
    for request in (
        FoiaRequest.objects.exclude(docket_reference="").select_related("organization", "agency").order_by("pk")
    ):
        text = request.docket_reference
        slug, number = reference_parse(text)
        court = courts.get(slug) if slug else None
        try:
            number = docket_validate(number=number, court_slug=slug)
        except ValidationError:  # a number not in its court's format: a person must read it
            kept.append((request.pk, text))
            continue
        if court is None and not number:
            kept.append((request.pk, text))
            continue
        case = None
        if number:
            case = Case.objects.filter(organization_id=request.organization_id, court=court, docket_number=number).first()
        if case is None:
            case = Case.objects.create(
                organization_id=request.organization_id,
                sharing=request.sharing,
                caption=f"{request.organization.name} v. {request.agency.abbreviation or request.agency.name}",
                court=court,
                docket_number=number,
                source_reference=text,
                status="filed" if number else "pre_filing",
            )
        case.requests.add(request)
        FoiaRequest.objects.filter(pk=request.pk).update(docket_reference="")
    for pk, text in kept:
        print(
            f"\n  litigation 0007: request #{pk}: docket reference kept as typed (no court and docket number "
            f"recognised, or a number not in its court's format): {text!r}"
        )


def cases_to_references(apps, schema_editor):
    FoiaRequest = apps.get_model("foia", "FoiaRequest")
    Case = apps.get_model("litigation", "Case")
    for case in Case.objects.exclude(source_reference=""):
        FoiaRequest.objects.filter(pk__in=case.requests.values("pk"), docket_reference="").update(
            docket_reference=case.source_reference
        )
        case.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("litigation", "0006_docket_schedules_notes"),
        ("foia", "0011_saved_views"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(references_to_cases, cases_to_references)]
