"""QuickSelect writes the markup Django's Select writes with its templates."""

from __future__ import annotations

import pytest
from django import forms
from django.test import SimpleTestCase

from teams.widgets import QuickSelect

CHOICES = [
    ("", "Alle wijken"),
    ("Noord", [("1", "Aalsterwijk <oud>"), ("2", 'De "Hoven"')]),
    ("3", "Zuid & Oost"),
]


@pytest.mark.parametrize("value", [None, "", "2", "3", "onbekend"])
def test_the_same_select_as_djangos(value):
    attrs = {"class": "form-select", "id": "id_wijk", "required": True, "disabled": False}
    ours = QuickSelect(attrs=attrs, choices=CHOICES).render("wijk", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("wijk", value)
    SimpleTestCase().assertHTMLEqual(ours, django)
    assert "<oud>" not in ours
    assert ours.count(" selected") == (0 if value == "onbekend" else 1)


def test_a_model_choice_field_keeps_its_values_and_choice():
    from teams.models import Municipality

    field = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), widget=QuickSelect, empty_label="Alle"
    )
    assert (
        field.widget.render("m", None)
        == '<select name="m"><option value="" selected>Alle</option></select>'
    )
