"""Invisible answers exactly like missing, for INPUTS too: every related-object field of every DRF serializer (found
through the URL configuration), every Django form and every django-filter FilterSet of the project's apps (found by
importing every module of every project app) refuses another organisation's object with the same answer as a missing
one, and accepts one of the user's own.

Nothing is listed by hand except the allow-list of public directory data below: a new app's serializer, form or filter
is walked as soon as it exists. If it names a model this test cannot yet build "another organisation's" object of,
the test fails and says so (teach `_objects` below).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from types import SimpleNamespace

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import get_resolver
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DrfValidationError

from coalition.models import Organization, Role
from deadlines.models import Deadline
from foia.models import FoiaRequest, Tag
from litigation.models import Case, DocketEntry, ProductionSchedule, StatusReportSchedule, VaughnEntry
from tests.coalition.test_access_inheritance import BUILDERS
from tests.factories import member, owned_object
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db

# Public directory data: every signed-in user may read (and so name) any agency or court, so naming one is never a
# leak. Nothing else belongs here.
PUBLIC_MODELS = {"foia.agency", "litigation.court", "directory.agency", "directory.court"}


def _project_apps() -> list:
    # The project's own apps: under BASE_DIR, and not installed packages (the virtualenv may live under BASE_DIR too).
    return [
        a
        for a in apps.get_app_configs()
        if str(a.path).startswith(str(settings.BASE_DIR)) and "site-packages" not in str(a.path)
    ]


def _import_project_modules() -> None:
    for app in _project_apps():
        package = importlib.import_module(app.name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app.name}."):
            if ".migrations" in info.name or ".management" in info.name or info.name.endswith(".demo"):
                continue
            importlib.import_module(info.name)


def _project_subclasses(base) -> list:
    _import_project_modules()
    prefixes = tuple(f"{a.name}." for a in _project_apps())
    found, todo = set(), [base]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith(prefixes):
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _serializers_of(view_class) -> set:
    """The view's `serializer_class` and whatever `get_serializer_class` answers for each writing action."""
    found = {view_class.serializer_class} if getattr(view_class, "serializer_class", None) else set()
    if hasattr(view_class, "get_serializer_class"):
        for action in ("create", "update", "partial_update"):
            view = view_class(action=action, request=None, format_kwarg=None, kwargs={}, args=())
            try:
                found.add(view.get_serializer_class())
            except (AssertionError, AttributeError):
                continue
    return found


def _api_serializer_classes() -> list:
    found = set()

    def walk(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns)
            elif cls := getattr(p.callback, "cls", None):
                found.update(_serializers_of(cls))

    walk(get_resolver().url_patterns)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


class Scene:
    """The acting user (an admin of `ours`, which shares a coalition with `partner`) and, per model, one object of
    their own and one of an organisation they share nothing with."""

    def __init__(self, world):
        self.world = world
        self.user = member(world.ours, Role.ADMIN)
        self.request = FoiaRequestFactory(organization=world.ours)
        self.case = Case.objects.create(organization=world.ours, caption="Ours v. DHS")
        # A court deadline of that case: the docket forms choose among the case's open court deadlines.
        self.deadline = owned_object(world.ours, forum="court")
        Deadline.objects.filter(pk=self.deadline.pk).update(
            subject_type=ContentType.objects.get_for_model(Case), subject_id=self.case.pk
        )
        self.deadline.refresh_from_db()
        self.http = SimpleNamespace(user=self.user, active_organization=world.ours, method="POST", GET={}, data={})

    def objects(self, model) -> tuple:
        """(own, foreign) objects of `model`."""
        w = self.world
        if model is get_user_model():
            return self.user, member(w.outsider)
        if model is Organization:
            return w.ours, w.outsider
        if model is FoiaRequest:
            return self.request, FoiaRequestFactory(organization=w.outsider)
        if model is Deadline:
            return self.deadline, owned_object(w.outsider)
        if model is Tag:
            return Tag.objects.create(name="Ours", slug="ours", organization=w.ours), Tag.objects.create(
                name="Theirs", slug="theirs", organization=w.outsider
            )
        if model is Case:
            return self.case, Case.objects.create(organization=w.outsider, caption="Theirs v. DHS")
        if model in (DocketEntry, StatusReportSchedule):  # the docket forms choose within the scene's case
            foreign = BUILDERS[model](FoiaRequestFactory(organization=w.outsider))
            if model is DocketEntry:
                number = DocketEntry.objects.filter(case=self.case).count() + 1
                own = DocketEntry.objects.create(
                    case=self.case, number=number, filed_on=foreign.filed_on, kind="order", description="ORDER"
                )
            else:
                own = StatusReportSchedule.objects.create(case=self.case, every_days=60, starts_on=foreign.starts_on)
            return own, foreign
        if model is VaughnEntry:  # the note form chooses among the scene's case's entries
            own = VaughnEntry.objects.create(case=self.case, number=1, description="Email", exemptions=["b6"])
            return own, BUILDERS[model](FoiaRequestFactory(organization=w.outsider))
        if model is ProductionSchedule:  # a production counts against a schedule of a case enforcing its request
            self.case.requests.add(self.request)
            own = ProductionSchedule.objects.create(case=self.case, pages_per_period=5, first_due=dt.date(2026, 12, 1))
            return own, BUILDERS[model](FoiaRequestFactory(organization=w.outsider))
        if model in BUILDERS:
            return BUILDERS[model](self.request), BUILDERS[model](FoiaRequestFactory(organization=w.outsider))
        raise AssertionError(f"teach tests/test_input_scoping.py to build another organisation's {model._meta.label}")


def _missing_value(model, attr: str):
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000 if attr == "pk" else "x-0"


def _normalise(text: str, value) -> str:
    return re.sub(rf"\b{re.escape(str(value))}\b", "<value>", text)


def _answer(check, value) -> str:
    try:
        check(value)
    except (DjangoValidationError, DrfValidationError) as exc:
        detail = getattr(exc, "detail", None)
        return _normalise(str(detail if detail is not None else exc.messages), value)
    return "accepted"


def _foreign_like_missing(scene, where: str, model, attr: str, check, many: bool = False) -> list[str]:
    """The problems of one field (empty when it answers another organisation's object like a missing one)."""
    if model._meta.label_lower in PUBLIC_MODELS:
        return []
    try:
        own, foreign = scene.objects(model)
    except AssertionError as exc:
        return [f"{where}: {exc}"]
    missing = _missing_value(model, attr)

    def value(v):
        return [v] if many else v

    def answer(v):
        return _answer(lambda x: check(value(x)), v)

    foreign_answer, missing_answer = answer(getattr(foreign, attr)), answer(missing)
    problems = []
    if missing_answer == "accepted":
        problems.append(f"{where}: a missing {model._meta.label} was accepted")
    if foreign_answer != missing_answer:
        problems.append(f"{where}: another organisation's {model._meta.label}: {foreign_answer} vs {missing_answer}")
    if answer(getattr(own, attr)) != "accepted":
        problems.append(f"{where}: the user's own {model._meta.label} was refused")
    return problems


def _relations(serializer, path=""):
    """(dotted name, field) of every writable related field, nested serializers and list children included."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        here = f"{path}{name}"
        if isinstance(field, serializers.ManyRelatedField):
            yield here, field.child_relation, True, field
        elif isinstance(field, serializers.RelatedField):
            yield here, field, False, field
        elif isinstance(field, serializers.ListSerializer | serializers.ListField) and isinstance(
            getattr(field, "child", None), serializers.Serializer
        ):
            yield from _relations(field.child, f"{here}[].")
        elif isinstance(field, serializers.Serializer):
            yield from _relations(field, f"{here}.")


def test_the_walk_finds_the_known_inputs():
    """Guard against a walk that silently finds nothing."""
    assert len(_api_serializer_classes()) >= 8
    assert {"TrackingNumberSerializer", "FeedTokenCreateSerializer"} <= {c.__name__ for c in _api_serializer_classes()}
    assert any(c.__name__ == "AssignForm" for c in _project_subclasses(forms.BaseForm))
    assert any(c.__name__ == "NotificationFilter" for c in _project_subclasses(django_filters.FilterSet))


def test_every_serializer_related_field_answers_a_foreign_id_like_a_missing_one(world):
    scene = Scene(world)
    checked, problems = 0, []
    for serializer_class in _api_serializer_classes():
        serializer = serializer_class(context={"request": scene.http, "view": None})
        for name, relation, many, field in _relations(serializer):
            queryset = relation.get_queryset()
            attr = getattr(relation, "slug_field", None) or "pk"
            where = f"{serializer_class.__name__}.{name}"
            problems += _foreign_like_missing(scene, where, queryset.model, attr, field.run_validation, many)
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 4


def _form_kwargs(form_class, scene) -> dict:
    import inspect

    pool = {
        "request": scene.request,
        "organization_id": scene.world.ours.pk,
        "organization": scene.world.ours,
        "deadline": scene.deadline,
        "case": scene.case,
        "user": scene.user,
    }
    kwargs = {}
    for name, param in inspect.signature(form_class.__init__).parameters.items():
        if param.kind == param.KEYWORD_ONLY:
            assert name in pool or param.default is not param.empty, f"teach the test {form_class.__name__}({name}=)"
            if name in pool:
                kwargs[name] = pool[name]
    return kwargs


def test_every_form_choice_of_an_object_answers_a_foreign_id_like_a_missing_one(world):
    scene = Scene(world)
    checked, problems = 0, []
    for form_class in _project_subclasses(forms.BaseForm):
        if not any(isinstance(f, forms.ModelChoiceField) for f in form_class.base_fields.values()):
            continue
        form = form_class(**_form_kwargs(form_class, scene))
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField) and not field.disabled:
                attr = field.to_field_name or "pk"
                many = isinstance(field, forms.ModelMultipleChoiceField)
                where = f"{form_class.__name__}.{name}"
                problems += _foreign_like_missing(scene, where, field.queryset.model, attr, field.clean, many)
                checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 2


def test_every_filter_of_an_object_answers_a_foreign_id_like_a_missing_one(world):
    scene = Scene(world)
    checked, problems = 0, []
    for filterset_class in _project_subclasses(django_filters.FilterSet):
        model = filterset_class._meta.model
        if model is None:
            continue
        filterset = filterset_class(data={}, queryset=model.objects.none(), request=scene.http)
        for name, field in filterset.form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                attr = field.to_field_name or "pk"
                many = isinstance(field, forms.ModelMultipleChoiceField)
                where = f"{filterset_class.__name__}.{name}"
                problems += _foreign_like_missing(scene, where, field.queryset.model, attr, field.clean, many)
                checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 6
