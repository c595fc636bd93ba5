from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DeadlinesConfig(AppConfig):
    name = "deadlines"

    def ready(self) -> None:
        from .models import Deadline
        from .summaries import on_deadline_deleted, on_deadline_saved

        post_save.connect(on_deadline_saved, sender=Deadline, dispatch_uid="deadlines.summary_saved")
        post_delete.connect(on_deadline_deleted, sender=Deadline, dispatch_uid="deadlines.summary_deleted")
