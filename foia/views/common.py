from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if target else f"{field.replace('_', ' ')}: {e.messages[0]}")
    else:
        for message in error.messages:
            form.add_error(None, message)


def attachment_response(attachment) -> FileResponse:
    """Send a stored attachment as a download: never rendered inline, sandboxed, not cached by shared caches."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
