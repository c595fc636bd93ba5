"""/api/v1/litigation/docket-entries/, /schedules/ and /notes/: the same access rules as the pages (lists hold what
the caller may see, another organisation's object is 404, one they may see but not change is 403 to change), ETags
and If-Match, and every write through litigation.services_docket. Privileged notes are never in the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.access import can_edit
from core.api import StrictFilterBackend
from core.etags import VersionedViewSetMixin

from . import selectors_docket as selectors
from . import services_briefing, services_schedule
from . import services_docket as services
from .filters_docket import (
    DocketEntryFilter,
    NoteFilter,
    ProductionScheduleFilter,
    ScheduleFilter,
    StayFilter,
    VaughnEntryFilter,
)
from .serializers_docket import (
    CrossMotionBriefingResultSerializer,
    CrossMotionBriefingSerializer,
    DocketEntrySerializer,
    NoteSerializer,
    ProductionScheduleSerializer,
    ScheduleSerializer,
    StayLiftSerializer,
    StaySerializer,
    VaughnEntrySerializer,
)


class CanEdit(permissions.BasePermission):
    message = "You can view this case but not change it."

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_edit(request.user, obj)


class _Readable(
    VersionedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read and create (through the serializers' services); `_Editable` adds PATCH / PUT and DELETE."""

    permission_classes = [permissions.IsAuthenticated, CanEdit]
    filter_backends = [StrictFilterBackend]

    def get_serializer(self, *args, **kwargs):
        """The deadlines beside each object are read for the cases of the objects serialized, in one query."""
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None and self.request is not None:
            objects = list(instance) if kwargs.get("many") else [instance]
            ids = selectors.deadline_ids_for_cases(user=self.request.user, case_ids={o.case_id for o in objects})
            kwargs["context"] = {**self.get_serializer_context(), "deadline_ids": ids}
        return super().get_serializer(*args, **kwargs)


class _Editable(mixins.UpdateModelMixin, mixins.DestroyModelMixin, _Readable):
    pass


class DocketEntryViewSet(_Editable):
    """Docket entries. Creating one derives what it triggers (a motion its court's briefing deadlines, a judgment
    the fee motion and notice of appeal); a reused number is a 400 naming `number`. A document is sent as
    multipart/form-data `document` on create (its content checked like any attachment) and downloaded from
    `document_url` (access-checked)."""

    serializer_class = DocketEntrySerializer
    filterset_class = DocketEntryFilter

    def get_queryset(self):
        return (
            selectors.docket_list_for(user=self.request.user).prefetch_related("satisfies").order_by("case", "number")
        )

    def perform_destroy(self, instance):
        services.docket_entry_remove(actor=self.request.user, entry=instance)

    @extend_schema(request=CrossMotionBriefingSerializer, responses={200: CrossMotionBriefingResultSerializer})
    @action(detail=True, methods=["post"], url_path="cross-motion-briefing")
    def cross_motion_briefing(self, request, pk=None):
        """Enter the cross-motions for summary judgment dates this order set: each a court-ordered deadline citing
        it (again from the same order: moved); dates out of order are a 400 naming the field."""
        order = self.get_object()
        if not can_edit(request.user, order):
            self.permission_denied(request, message=CanEdit.message)
        body = CrossMotionBriefingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deadlines = services_briefing.cross_motion_briefing_set(
            actor=request.user, case=order.case, order=order, **body.validated_data
        )
        return Response({"deadlines": [d.pk for d in deadlines]})


class ScheduleViewSet(_Readable):
    """Status-report schedules: a report every `every_days` days from `starts_on` until `ends_on` (null: open-ended)
    or until ended with POST .../end/."""

    serializer_class = ScheduleSerializer
    filterset_class = ScheduleFilter

    def get_queryset(self):
        return selectors.schedule_list_for(user=self.request.user).order_by("pk")

    @extend_schema(request=None, responses={200: ScheduleSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        schedule = self.get_object()
        self.check_object_permissions(request, schedule)
        if not can_edit(request.user, schedule):
            self.permission_denied(request, message=CanEdit.message)
        schedule = services.schedule_cancel(actor=request.user, schedule=schedule)
        return Response(self.get_serializer(schedule).data)


class ProductionScheduleViewSet(_Readable):
    """Court-ordered production schedules (pages per month or every N days from the first due date, until an end
    date, a total, or until ended with POST .../end/). Their own collection, not /schedules/: the terms differ from a
    status-report schedule's, and each period is a deadline. Progress (expected vs actual pages) is on
    /api/v1/litigation/productions/."""

    serializer_class = ProductionScheduleSerializer
    filterset_class = ProductionScheduleFilter

    def get_queryset(self):
        return selectors.production_schedule_list_for(user=self.request.user).order_by("pk")

    @extend_schema(request=None, responses={200: ProductionScheduleSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        schedule = self.get_object()
        if not can_edit(request.user, schedule):
            self.permission_denied(request, message=CanEdit.message)
        schedule = services_schedule.production_schedule_end(actor=request.user, schedule=schedule)
        return Response(self.get_serializer(schedule).data)


class VaughnEntryViewSet(mixins.UpdateModelMixin, _Readable):
    """Entries of the agency's Vaughn index: the record, its pages, the exemptions claimed (at least one), the
    agency's justification and our challenge status; a reused number is a 400 naming `number`."""

    serializer_class = VaughnEntrySerializer
    filterset_class = VaughnEntryFilter

    def get_queryset(self):
        return selectors.vaughn_list_for(user=self.request.user).order_by("case", "number")


class StayViewSet(_Readable):
    """Stays the court granted (Open America, 5 U.S.C. § 552(a)(6)(C)(i)): creating one makes the case "stayed"
    and, with `until`, a court-ordered deadline at its end; a stay that ends before it starts is a 400 naming
    `until`. POST .../lift/ lifts it (the case's status before the stay comes back)."""

    serializer_class = StaySerializer
    filterset_class = StayFilter

    def get_queryset(self):
        return selectors.stay_list_for(user=self.request.user).order_by("-granted_on", "-pk")

    @extend_schema(request=StayLiftSerializer, responses={200: StaySerializer})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        stay = self.get_object()
        if not can_edit(request.user, stay):
            self.permission_denied(request, message=CanEdit.message)
        body = StayLiftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stay = services_briefing.stay_lift(actor=request.user, stay=stay, **body.validated_data)
        return Response(self.get_serializer(stay).data)


class NoteViewSet(_Editable):
    """Ordinary case notes (privileged work product is never in the API: it is read on the case page only, by the
    organisation's attorneys and admins)."""

    serializer_class = NoteSerializer
    filterset_class = NoteFilter

    def get_queryset(self):
        return selectors.notes_for_api(user=self.request.user).order_by("-created_at", "-pk")

    def perform_destroy(self, instance):
        services.note_remove(actor=self.request.user, note=instance)
