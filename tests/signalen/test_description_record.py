"""What the description check keeps (rule, kind and term; never the words), what the
administrator sees and switches in the admin, and re-scoring history without changing a signal."""

from __future__ import annotations

from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from signalen.models import (
    DescriptionCheckChange,
    DescriptionFinding,
    DescriptionRule,
    DescriptionTerm,
    Signal,
)
from signalen.selectors import description_watch, region_statistics

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import post_form
from .test_views import post_report


def test_the_question_names_the_words_and_the_rule_and_the_record_keeps_no_words(world: World):
    first = post_report(world, description="Twee donkere jongens stonden bij de schuur")
    assert first.status_code == 200
    message = " ".join(first.context["form"].errors["description"])
    assert "'donkere jongens' (kleur of afkomst van een persoon)" in message
    rewritten = post_report(
        world,
        description="Twee jongens trokken aan de schuurdeuren van drie huizen",
        check=first.context["form"].flag_token(),
    )
    assert rewritten.status_code == 302
    signal = Signal.objects.latest("pk")
    assert signal.description_flagged is True
    finding = DescriptionFinding.objects.get(signal=signal)
    assert (finding.source, finding.rule, finding.kind) == ("report", "person", "skin_colour")
    assert finding.term == DescriptionTerm.objects.get(language="nl", term="donker")
    assert finding.month == timezone.localdate().replace(day=1)


def test_a_report_the_check_asks_nothing_about_keeps_nothing(world: World):
    assert post_report(world).status_code == 302
    assert not DescriptionFinding.objects.filter(signal=Signal.objects.latest("pk")).exists()


def _switch_off(client, url: str, reason: str):
    """Untick "active" on the admin's change page and type a reason, as a person does."""
    data = post_form(client.get(url).content.decode(), "reason").submission(reason=reason)
    data.pop("is_active")
    return client.post(url, data)


def test_switching_a_rule_off_asks_for_a_reason_and_keeps_it(world: World):
    admin = world.client("admin")
    rule = DescriptionRule.objects.get(code="plate")
    url = reverse("admin:signalen_descriptionrule_change", args=[rule.pk])
    refused = _switch_off(admin, url, reason="")
    assert refused.status_code == 200
    assert "Schrijf op waarom" in refused.content.decode()
    rule.refresh_from_db()
    assert rule.is_active is True
    assert not DescriptionCheckChange.objects.exists()

    done = _switch_off(admin, url, reason="Te veel vragen over Belgische buren")
    assert done.status_code == 302
    rule.refresh_from_db()
    assert rule.is_active is False
    change = DescriptionCheckChange.objects.get()
    assert (change.rule, change.is_active, change.changed_by) == (rule, False, world.admin)
    assert change.reason == "Te veel vragen over Belgische buren"
    assert post_report(world, description="Busje met Pools kenteken reed rond").status_code == 302


def test_the_admin_shows_how_often_a_term_and_a_rule_asked_per_month(world: World):
    first = post_report(world, description="Vrouw met hoofddoek belde overal aan")
    post_report(
        world,
        description="Vrouw belde bij alle huizen aan en vroeg naar de bewoners",
        check=first.context["form"].flag_token(),
    )
    admin = world.client("admin")
    term = DescriptionTerm.objects.get(language="nl", term="hoofddoek")
    page = admin.get(reverse("admin:signalen_descriptionterm_change", args=[term.pk]))
    month = f"{timezone.localdate():%Y-%m}"
    assert f"<td>{month}</td><td>1</td><td>0</td>" in page.content.decode()
    listing = admin.get(reverse("admin:signalen_descriptionrule_changelist"))
    assert listing.status_code == 200
    rules = {rule.code: rule.hits for rule in listing.context["cl"].result_list}
    assert rules["word"] == 1
    assert rules["plate"] == 0


def _history(world: World, description: str, code: str = "burglary-risk") -> Signal:
    """A signal kept from before the check knew these words: reported plainly, then given
    the description as it was written then."""
    signal = signal_factory(reporter=world.volunteer, team=world.team_a, code=code)
    Signal.objects.filter(pk=signal.pk).update(description=description)
    return signal


def test_rescoring_counts_history_the_old_check_missed_and_changes_no_signal(world: World, capsys):
    missed = _history(world, "Busjes met Pools kenteken reden de hele dag rond")
    plain = _history(world, "Ladder tegen de gevel bij nr 12")
    care = _history(world, "Buurman is dement, deur stond open", code="care-worry")
    before = {s.pk: (model_to_dict(s), s.updated_at) for s in Signal.objects.all()}
    today = timezone.localdate()
    flagged_before = region_statistics(today=today).flagged
    noord_before = {t.team: t.flagged for t in description_watch(today=today).teams}["Team Noord"]

    call_command("rescore_descriptions")
    call_command("rescore_descriptions")  # again: replaces the earlier re-scoring

    assert {s.pk: (model_to_dict(s), s.updated_at) for s in Signal.objects.all()} == before
    rescored = DescriptionFinding.objects.filter(source="rescore")
    assert sorted(rescored.values_list("signal", "rule", "kind")) == sorted(
        [(missed.pk, "plate", "nationality"), (care.pk, "word", "diagnosis")]
    )
    assert not rescored.filter(signal=plain).exists()
    assert region_statistics(today=today).flagged == flagged_before + 1
    noord = {t.team: t.flagged for t in description_watch(today=today).teams}["Team Noord"]
    assert noord == noord_before + 1
    output = capsys.readouterr().out
    assert "of which not flagged while written: 1" in output
    assert "asked about a diagnosis (care signals): 1" in output


def test_findings_go_with_their_signal(world: World):
    signal = _history(world, "Busjes met Pools kenteken")
    call_command("rescore_descriptions")
    assert DescriptionFinding.objects.filter(signal=signal).exists()
    Signal.objects.filter(pk=signal.pk).delete()
    assert not DescriptionFinding.objects.exists()
