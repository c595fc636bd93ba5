"""Templated email: every message is `<template>.txt` + `<template>.html` + `<template>_subject.txt`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def email_send(*, template: str, context: dict, to: list[str], headers: dict | None = None, connection=None) -> None:
    """Render and send one message (plain text with an HTML alternative) to `to`. `headers` adds e.g. a stable
    Message-ID; `connection` reuses one mail connection for many messages."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=None,
        to=to,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
