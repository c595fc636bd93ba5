"""templates/django/forms/widgets/ write Django's stock options in place: the markup must stay Django's, byte for
byte, for every kind of choice widget the project renders (and an option with its own template is still used)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "Any agency"),
    ("ice", "ICE & <ERO>"),
    ("cbp", 'CBP "quoted"'),
    ("Components", [("1", "One"), ("2", "Two")]),
    (3, "Three"),
]


class SpecialOption(forms.Select):
    option_template_name = "core/test_widget_option.html"


WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(choices=CHOICES, attrs={"id": "id_agency", "class": "wide", "disabled": True, "data-x": False}),
    forms.SelectMultiple(choices=CHOICES),
    forms.CheckboxSelectMultiple(choices=CHOICES),
    forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"id": "id_status", "class": "inline"}),
    forms.RadioSelect(choices=CHOICES, attrs={"id": "id_kind", "required": True}),
    forms.RadioSelect(choices=CHOICES),  # no id: the options' labels have no "for"
]
VALUES = [None, "", "ice", ["cbp", "2"], 3, "true", True]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_project_renders_each_choice_widget_as_django_does(widget, value):
    ours = widget.render("field", value, renderer=get_default_renderer())
    django = widget.render("field", value, renderer=DjangoTemplates())
    assert ours == django
    assert "<option" in ours or "<input" in ours


@pytest.mark.parametrize("value", [None, True, False, "true", "false", "unknown"], ids=repr)
def test_the_yes_no_select_is_djangos_too(value):
    widget = forms.NullBooleanSelect()
    assert widget.render("f", value, renderer=get_default_renderer()) == widget.render(
        "f", value, renderer=DjangoTemplates()
    )


def test_an_option_with_its_own_template_is_still_included(settings, tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "test_widget_option.html").write_text("<option>{{ widget.label }} (special)</option>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    html = SpecialOption(choices=[("a", "Alpha")]).render("field", "a", renderer=get_default_renderer())
    assert "<option>Alpha (special)</option>" in html


@pytest.mark.parametrize("name", ["select.html", "multiple_input.html"])
def test_the_overrides_are_the_ones_in_use(name):
    template = get_default_renderer().get_template(f"django/forms/widgets/{name}")
    assert template.origin.name.endswith(f"templates/django/forms/widgets/{name}")
    assert "site-packages" not in template.origin.name
