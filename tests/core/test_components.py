"""The design system (docs/design-system.md): the component tags, sectioned forms, and pages built from them."""

import pathlib
import re
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

from core.forms import SectionedFormMixin

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def test_a_component_renders_its_template_with_the_arguments_and_the_enclosed_markup_as_its_slot():
    html = render(
        '{% component "card" title=t class="card-danger" %}<p>{{ body }}</p>{% endcomponent %}', t="Due", body="x<y"
    )
    assert '<section class="card card-danger">' in html
    assert '<h2 class="card-title">Due</h2>' in html and "<p>x&lt;y</p>" in html


def test_components_nest_and_escape_their_arguments():
    html = render(
        '{% component "page_header" title=t %}{% component "empty_state" title="None" %}{% endcomponent %}'
        "{% endcomponent %}",
        t="<script>",
    )
    assert "<h1>&lt;script&gt;</h1>" in html and '<p class="empty-state-title">None</p>' in html


def test_a_component_without_a_name_or_with_positional_arguments_is_a_template_error():
    with pytest.raises(TemplateSyntaxError):
        render("{% component %}{% endcomponent %}")
    with pytest.raises(TemplateSyntaxError):
        render('{% component "card" "oops" %}{% endcomponent %}')


def test_a_badge_never_wraps_and_an_unknown_tone_falls_back_to_neutral():
    assert render('{% badge "Overdue" "danger" %}') == '<span class="badge badge-danger">Overdue</span>'
    assert render('{% badge label "nonsense" %}', label="<b>") == '<span class="badge badge-neutral">&lt;b&gt;</span>'


class Sectioned(SectionedFormMixin, forms.Form):
    sections = (("Main", ("name",)), ("Rare", ("note", "gone"), {"folded": True, "hint": "seldom"}))
    name = forms.CharField()
    note = forms.CharField(required=False)
    extra = forms.CharField(required=False)


def test_a_sectioned_form_shows_every_field_once_and_folds_the_rare_ones_until_they_hold_something():
    sections = Sectioned().form_sections()
    assert [(s.title, [f.name for f in s.fields], s.folded) for s in sections] == [
        ("Main", ["name"], False),
        ("Rare", ["note"], True),
        ("Other", ["extra"], False),  # a field no section names is never hidden
    ]
    assert not sections[1].open
    assert Sectioned(data={"name": "a", "note": "typed"}).form_sections()[1].open
    invalid = Sectioned(data={"note": ""})
    invalid.is_valid()
    assert invalid.form_sections()[0].open  # the error is in view


def test_the_new_request_form_groups_its_fields_and_folds_fees_expedited_and_processing(client, django_user_model):
    from coalition.models import Role
    from tests.factories import OrganizationFactory, member

    user = member(OrganizationFactory(), Role.STAFF)
    client.force_login(user)
    html = client.get("/requests/new/").text
    assert re.findall(r"<legend>([^<]+)</legend>", html) == ["The request", "Who works on it"]
    folded = re.findall(r'<details class="form-section form-section-folded">\s*<summary>([^<]+)', html)
    assert [title.strip() for title in folded] == [
        "Fees and fee waiver",
        "Expedited processing",
        "Agency processing",  # a request's lawsuits are cases now, linked from the case
    ]
    assert "---------" not in html and "Choose an agency" in html and "Nobody yet" in html


def test_page_templates_take_their_heading_from_the_page_header_component():
    """One-off headings drift apart; every page's h1 comes from components/page_header.html."""
    raw = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "<h1" in path.read_text()
        and path.parts[-2] not in ("components", "email", "emails")
        and path.name not in ("500.html", "base_site.html")  # 500 renders without the app; the admin has its own
    ]
    assert raw == []


@pytest.mark.django_db
def test_the_design_system_page_shows_every_component(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("d"))
    html = client.get("/design/").text
    for component in (
        "page_header",
        "card",
        "data_table",
        "filter_bar",
        "badge",
        "form_section",
        "empty_state",
        "toasts",
    ):
        assert (TEMPLATES / "components" / f"{component}.html").exists() or component == "badge"
    for marker in ('class="page-header"', 'class="data-table-frame"', 'class="filter-bar', "badge-danger",
                   "form-section-folded", 'class="empty-state"', "toast-error", 'class="button-group"'):  # fmt: skip
        assert marker in html


def test_no_template_has_a_multi_line_hash_comment_which_django_would_print_as_text():
    spilled = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"\{#(?:(?!#\}).)*\n", path.read_text())
    ]
    assert spilled == []


def test_ymd_prints_what_the_date_filter_prints_for_dates_datetimes_in_the_local_zone_and_nothing():
    late_utc = datetime(2026, 12, 4, 3, 30, tzinfo=UTC)  # still 3 December in New York (the project's TIME_ZONE)
    for value in (date(2026, 2, 9), late_utc, None, "not a date"):
        assert render("{{ v|ymd }}", v=value) == Template('{{ v|date:"Y-m-d" }}').render(Context({"v": value}))
    assert render("{{ v|ymd }}", v=late_utc) == "2026-12-03"
    assert render('{{ v|ymd|default:"—" }}', v=None) == "—"
