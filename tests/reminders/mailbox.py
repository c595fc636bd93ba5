"""An email backend for real-worker tests: appends one JSON line per message to $TEST_MAILBOX/sent.jsonl.

Control files in the same folder make it misbehave on purpose: `block` makes a send hang (after touching
`blocked-<pid>`) until the file goes away or the process is killed; `fail-<n>` makes the next n sends raise.
"""

import json
import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        box = Path(os.environ["TEST_MAILBOX"])
        for message in email_messages:
            self._misbehave(box)
            line = json.dumps(
                {
                    "to": message.to,
                    "subject": message.subject,
                    "body": message.body,
                    "message_id": message.extra_headers.get("Message-ID"),
                    "pid": os.getpid(),
                }
            )
            with open(box / "sent.jsonl", "a") as fh:
                fh.write(line + "\n")
        return len(email_messages)

    @staticmethod
    def _misbehave(box: Path) -> None:
        for fail in sorted(box.glob("fail-*")):
            left = int(fail.name.split("-")[1])
            fail.unlink()
            if left > 1:
                (box / f"fail-{left - 1}").touch()
            raise SMTPServerDisconnected(f"test mail server down ({left} more failures planned)")
        if (box / "block").exists():
            (box / f"blocked-{os.getpid()}").touch()
            while (box / "block").exists():
                time.sleep(0.05)


def sent(box: Path) -> list[dict]:
    path = box / "sent.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
