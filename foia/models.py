"""FOIA requests (models_request.py) and their activity (models_activity.py); agencies live in `directory`."""

# Requests and their activity live in their own modules to keep each file readable; Django finds them through here.
from .models_activity import Appeal, Attachment, Communication, RequestEvent  # noqa: E402
from .models_request import FoiaRequest, Tag, TrackingNumber  # noqa: E402
from .models_views import SavedView  # noqa: E402

__all__ = [
    "Appeal",
    "Attachment",
    "Communication",
    "FoiaRequest",
    "RequestEvent",
    "SavedView",
    "Tag",
    "TrackingNumber",
]
