"""Templated email: every message is `<template>.txt` + `<template>.html` + `<template>_subject.txt`.

The subject and the text body are plain text, rendered without HTML autoescaping (an apostrophe stays `'`, not
`&#x27;`); only the HTML alternative is escaped."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a Django template as plain text: no HTML autoescaping, whatever the template says."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_send(*, template: str, context: dict, to: list[str], headers: dict | None = None, connection=None) -> None:
    """Render and send one message (plain text with an HTML alternative) to `to`. `headers` adds e.g. a stable
    Message-ID; `connection` reuses one mail connection for many messages."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_plain_text(f"{template}.txt", context),
        from_email=None,
        to=to,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
