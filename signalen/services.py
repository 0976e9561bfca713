"""Writes about signals. Each function is one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify, notify_many
from privacy.models import AccessLogEntry
from privacy.services import access_log_ids_add
from teams.models import (
    Invitation,
    Neighbourhood,
    Observation,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    User,
    hash_token,
)
from teams.roles import Roles
from teams.selectors import team_coordinators

from . import description_check, report_rules, routing, webhooks, workflow
from .description_check import Asked
from .models import (
    HANDOFF_MAX_DAYS,
    Category,
    DescriptionFinding,
    ExternalHandoff,
    ExternalHandoffView,
    SavedFilter,
    Sensitivity,
    Signal,
    SignalEvent,
    SignalPhoto,
    Status,
)
from .permissions import (
    PARTNER_SIDE,
    Access,
    access_to,
    may_add_observation,
    may_hand_off,
    may_revoke_handoff,
    signal_roles,
    talk_is_open,
    talk_side,
)
from .photos import CleanPhoto
from .routing import route_for

Kind = SignalEvent.Kind

# The longest message in the conversation on a signal.
MESSAGE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Report:
    """What a volunteer fills in on the report form."""

    category: Category
    street: str
    observed_at: datetime.datetime
    description: str
    house_number: str = ""
    neighbourhood: Neighbourhood | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    called_112: bool = False
    called_police_line: bool = False
    # What the description check asked while it was written, even if the words were then
    # rewritten: counted by the reporting watch and, per rule and term, in the admin.
    asked: tuple[Asked, ...] = ()
    # What report_rules asks for when the description needs it.
    features: tuple[str, ...] = ()
    confirmed_personal_data: bool = False
    confirmed_facts: bool = False
    photos: list[CleanPhoto] = field(default_factory=list)
    source_observation: Observation | None = None
    # Made when the form was shown or by the phone's send queue: a report sent again under
    # the same id is the same report.
    submission_id: uuid.UUID | None = None


def description_findings_add(signal: Signal, asked: Iterable[Asked], source: str) -> None:
    """Keep what the description check asked about a signal: kind, rule and term only."""
    DescriptionFinding.objects.bulk_create(_finding_rows(signal, asked, source))


def _finding_rows(signal: Signal, asked: Iterable[Asked], source: str) -> list[DescriptionFinding]:
    month = timezone.localtime(signal.created_at).date().replace(day=1)
    return [
        DescriptionFinding(
            signal=signal,
            source=source,
            kind=item.kind,
            rule=item.rule,
            term_id=item.term_id,
            month=month,
        )
        for item in sorted(asked, key=repr)
    ]


@dataclass(frozen=True)
class Rescored:
    signals: int
    flagged: int
    newly_flagged: int
    diagnosis: int


def descriptions_rescore(chunk: int = 2000) -> Rescored:
    """Score every kept description again with the check as it is now (after a change to
    its words or rules, or to count history the earlier check missed). The results replace
    the previous re-scoring; no signal changes. The description as kept includes the concrete
    features the writer added."""
    signals = flagged = newly = diagnosis = 0
    lexicon = description_check.lexicon()  # once: the words and rules do not change meanwhile
    with transaction.atomic():
        DescriptionFinding.objects.filter(source=DescriptionFinding.Source.RESCORE).delete()
        rows = Signal.objects.order_by("pk").values_list(
            "pk", "description", "sensitivity", "description_flagged", "created_at"
        )
        kept: list[DescriptionFinding] = []
        for pk, text, sensitivity, was_flagged, created_at in rows.iterator(chunk_size=chunk):
            signals += 1
            kinds = list(description_check.SUSPICION_KINDS)
            if sensitivity != Sensitivity.NORMAL:
                kinds += description_check.CARE_KINDS
            found = description_check.findings(text, kinds, lexicon)
            suspicion = any(f.kind in description_check.SUSPICION_KINDS for f in found)
            flagged += suspicion
            newly += suspicion and not was_flagged
            diagnosis += any(f.kind in description_check.CARE_KINDS for f in found)
            kept += _finding_rows(
                Signal(pk=pk, created_at=created_at),
                set(map(Asked.of, found)),
                DescriptionFinding.Source.RESCORE,
            )
        DescriptionFinding.objects.bulk_create(kept, batch_size=chunk)
    return Rescored(signals, flagged, newly, diagnosis)


def deadlines(category: Category, start: datetime.datetime) -> tuple[datetime.datetime, ...]:
    """Acknowledge within the category's hours, resolve within its days, from `start`."""
    return (
        start + datetime.timedelta(hours=category.acknowledge_hours),
        start + datetime.timedelta(days=category.resolve_days),
    )


def signal_report(*, reporter: User, team: Team, report: Report) -> Signal:
    """Save a report that meets the rules (report_rules) and route it to the competent
    organisation.

    No signal is ever dropped: without a matching routing rule it lands in the regional
    queue, and the regional administrators hear about it.
    """
    if (earlier := _submitted_before(reporter, report.submission_id)) is not None:
        return earlier
    category = report.category
    review = report_rules.review(
        category=category,
        description=report.description,
        features=report.features,
        confirmed_personal_data=report.confirmed_personal_data,
        confirmed_facts=report.confirmed_facts,
        photos=len(report.photos),
    )
    problems = [*review.problems, report_rules.moment_problem(report.observed_at)]
    errors: dict[str, list[ValidationError]] = {}
    for problem in filter(None, problems):
        errors.setdefault(problem.field, []).append(
            ValidationError(problem.message, code=problem.code)
        )
    if errors:
        raise ValidationError(errors)
    neighbourhood = report.neighbourhood
    if report.latitude is not None and report.longitude is not None:
        located = report_rules.neighbourhood_at(
            report.latitude, report.longitude, team.neighbourhoods.all()
        )
        neighbourhood = located or neighbourhood
    try:
        return _signal_create(reporter, team, report, review, neighbourhood, timezone.now())
    except IntegrityError:
        # The same report, sent twice at once: the other request stored it.
        earlier = _submitted_before(reporter, report.submission_id)
        if earlier is None:
            raise
        return earlier


def _submitted_before(reporter: User, submission_id: uuid.UUID | None) -> Signal | None:
    if submission_id is None:
        return None
    return Signal.objects.filter(reporter=reporter, submission_id=submission_id).first()


def _signal_create(
    reporter: User,
    team: Team,
    report: Report,
    review: report_rules.Review,
    neighbourhood: Neighbourhood | None,
    now: datetime.datetime,
) -> Signal:
    category = report.category
    rule = route_for(category, neighbourhood)
    acknowledge_by, resolve_by = deadlines(category, now)
    with transaction.atomic():
        signal = Signal.objects.create(
            category=category,
            sensitivity=category.sensitivity,
            reporter=reporter,
            team=team,
            neighbourhood=neighbourhood,
            street=report.street.strip(),
            house_number=report.house_number.strip(),
            latitude=report.latitude,
            longitude=report.longitude,
            observed_at=report.observed_at,
            description=report_rules.with_features(report.description, report.features),
            called_112=report.called_112,
            called_police_line=report.called_police_line,
            description_flagged=review.flagged
            or any(item.kind in description_check.SUSPICION_KINDS for item in report.asked),
            responsible=rule.responsible if rule else None,
            acknowledge_deadline=acknowledge_by,
            resolve_deadline=resolve_by,
            source_observation=report.source_observation,
            submission_id=report.submission_id,
            created_at=now,
        )
        description_findings_add(
            signal, {*report.asked, *map(Asked.of, review.found)}, DescriptionFinding.Source.REPORT
        )
        informed = [o for o in rule.informed.all() if o.pk != rule.responsible_id] if rule else []
        if informed:
            signal.informed.add(*informed)
        for photo in report.photos:
            SignalPhoto.objects.create(
                signal=signal, image=photo, width=photo.width, height=photo.height
            )
        events = [
            SignalEvent(signal=signal, actor=reporter, kind=Kind.REPORTED, to_status=Status.NEW)
        ]
        if rule is not None:
            events.append(
                SignalEvent(
                    signal=signal,
                    kind=Kind.ROUTED,
                    to_status=Status.NEW,
                    organisation=rule.responsible,
                )
            )
        SignalEvent.objects.bulk_create(events)
        if rule is None:
            _tell_administrators(signal, key=str(len(events)))
        else:
            _tell_organisation(signal, rule.responsible, key=str(len(events)))
            routed = events[-1]
            webhooks.tell(rule.responsible, webhooks.RECEIVED, signal, routed, role="responsible")
            for organisation in informed:
                webhooks.tell(organisation, webhooks.RECEIVED, signal, routed, role="informed")
    return signal


def signal_act(
    *,
    signal: Signal,
    action: str,
    actor: User,
    text: str = "",
    organisation: PartnerOrganisation | None = None,
    assignee: User | None = None,
    outside_area: bool = False,
    original: Signal | None = None,
) -> Signal:
    """Move a signal along the transition table; every move is an event.

    Only the table's moves, by the role the table names: the responsible organisation
    acknowledges, assigns, starts, asks, forwards (with a reason), resolves (with feedback
    for the team) or rejects as not theirs (back to the regional queue); the reporter
    answers a question; a regional administrator routes what sits in the queue. Sending a
    signal to an organisation that does not work in its neighbourhood needs `outside_area`:
    the person confirmed they mean it. Closing as a duplicate names the `original`: an open or
    recently resolved signal of the same organisation, never the signal itself or one that
    leads back to it.
    """
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown action."), code="unknown")
    text = text.strip()
    with transaction.atomic():
        signal = Signal.objects.select_for_update().select_related("category").get(pk=signal.pk)
        roles = Roles(actor)
        if transition.by not in signal_roles(roles, signal):
            if transition.by == workflow.ADMIN and roles.is_admin and signal.responsible_id:
                # Another administrator routed it a moment ago.
                raise ValidationError(_("This signal is not in the regional queue."), code="routed")
            raise PermissionDenied
        if signal.status not in transition.sources:
            raise ValidationError(
                _("This is not possible while the signal is %(status)s.")
                % {"status": signal.get_status_display()},
                code="not_allowed",
            )
        if transition.needs_text and not text:
            raise ValidationError(_("Please write a text."), code="text_required")
        if transition.needs_organisation and (
            organisation is None or organisation.pk == signal.responsible_id
        ):
            raise ValidationError(_("Choose another organisation."), code="organisation")
        if (
            transition.needs_organisation
            and organisation is not None
            and routing.outside_area([organisation], signal.neighbourhood_id)
            and not outside_area
        ):
            raise ValidationError(
                _(
                    "%(organisation)s does not work in this neighbourhood. Choose another"
                    " organisation, or confirm that you send it there anyway."
                )
                % {"organisation": organisation.name},
                code="outside_area",
            )
        if transition.needs_assignee and not _works_for(assignee, signal.responsible_id):
            raise ValidationError(
                _("Choose a colleague of the responsible organisation."), code="assignee"
            )
        if transition.needs_original:
            # As it stands now, not as the form read it.
            original = Signal.objects.filter(pk=original.pk).first() if original else None
            _check_original(signal, original)
            text = _("This was reported before, as signal #%(number)s; it is handled there.") % {
                "number": original.pk if original else ""
            }
        before, previous = signal.status, signal.responsible
        _apply(signal, action, text=text, organisation=organisation, assignee=assignee)
        if action == Kind.DUPLICATE:
            signal.duplicate_of = original
        if transition.target is not None:
            signal.status = transition.target
        signal.save()
        event = SignalEvent.objects.create(
            signal=signal,
            actor=actor,
            kind=action,
            from_status=before,
            to_status=signal.status,
            organisation=organisation,
            text=assignee.get_full_name() if action == Kind.ASSIGN and assignee else text,
        )
        _tell_about(signal, action, text=text, actor=actor)
        _tell_systems(signal, action, event, previous=previous)
    return signal


def _tell_systems(
    signal: Signal, action: str, event: SignalEvent, *, previous: PartnerOrganisation | None
) -> None:
    """The organisations' own systems hear of a move through their webhooks."""
    if action in (Kind.FORWARD, Kind.ROUTED):
        webhooks.tell(signal.responsible, webhooks.RECEIVED, signal, event, role="responsible")
    if action == Kind.FORWARD and signal.responsible is not None:
        to = webhooks.organisation_data(signal.responsible)
        webhooks.tell(previous, webhooks.FORWARDED, signal, event, to=to)
    elif action == Kind.REJECT:
        webhooks.tell(previous, webhooks.RETURNED, signal, event)
    elif action == Kind.ANSWER:
        webhooks.tell(signal.responsible, webhooks.ANSWERED, signal, event)
    elif action == Kind.MESSAGE and event.organisation_id is None:
        webhooks.tell(signal.responsible, webhooks.MESSAGE, signal, event)


def signal_message(*, signal: Signal, actor: User, text: str) -> SignalEvent:
    """A message in the conversation on a signal, from the partner or the reporting team
    (permissions.talk_side), while the signal is open and for 14 days after it was resolved.
    It is an event on the signal's timeline and goes to the other side (`_audience`)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message first."), code="text_required")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("A message can be at most %(limit_value)d characters; this one has %(show_value)d.")
            % {"limit_value": MESSAGE_MAX_LENGTH, "show_value": len(text)},
            code="too_long",
        )
    with transaction.atomic():
        # Locked: the messages' keys count the signal's events (see _tell_about).
        signal = (
            Signal.objects.select_for_update(of=("self",))
            .select_related("category", "responsible", "team", "reporter", "assignee")
            .get(pk=signal.pk)
        )
        side = talk_side(Roles(actor), signal)
        if side is None:
            raise PermissionDenied
        if not talk_is_open(signal):
            raise ValidationError(
                _("Messages were possible until 14 days after the signal was resolved."),
                code="closed",
            )
        event = SignalEvent.objects.create(
            signal=signal,
            actor=actor,
            kind=Kind.MESSAGE,
            from_status=signal.status,
            to_status=signal.status,
            # The partner speaks as its organisation, also after the signal moved on.
            organisation=signal.responsible if side == PARTNER_SIDE else None,
            text=text,
        )
        _tell_about(signal, Kind.MESSAGE, text=text, actor=actor)
        _tell_systems(signal, Kind.MESSAGE, event, previous=signal.responsible)
    return event


def signal_act_many(
    *,
    signals: list[Signal],
    action: str,
    actor: User,
    text: str = "",
    organisation: PartnerOrganisation | None = None,
    assignee: User | None = None,
    outside_area: bool = False,
) -> list[Signal]:
    """The same move on several signals at once, all or nothing: each its own `signal_act`
    (its own event and messages), in one transaction. When one of them may not make the
    move, none changes, and the error names that signal."""
    if action not in workflow.BULK:
        raise ValidationError(_("This cannot be done for several signals at once."), code="bulk")
    if not signals:
        raise ValidationError(_("Choose one or more signals."), code="none_chosen")
    moved = []
    with transaction.atomic():
        for signal in signals:
            try:
                moved.append(
                    signal_act(
                        signal=signal,
                        action=action,
                        actor=actor,
                        text=text,
                        organisation=organisation,
                        assignee=assignee,
                        outside_area=outside_area,
                    )
                )
            except PermissionDenied:
                raise _refused(signal, _("you may not do this with it.")) from None
            except ValidationError as error:
                raise _refused(signal, " ".join(error.messages)) from None
    return moved


def _refused(signal: Signal, problem: str) -> ValidationError:
    return ValidationError(
        _("Nothing has been changed. Signal #%(number)s: %(problem)s")
        % {"number": signal.pk, "problem": problem},
        code="refused",
    )


def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Save the inbox's filters under a name of the user's own."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")}, code="required")
    if len(name) > SavedFilter._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": _("Keep the name short (at most 60 characters).")})
    if SavedFilter.objects.filter(user=user, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("You already have a filter called %(name)s.") % {"name": name}},
            code="unique",
        )
    return SavedFilter.objects.create(user=user, name=name, query=query)


def saved_filter_delete(*, saved: SavedFilter) -> None:
    saved.delete()


def _works_for(user: User | None, organisation_id: int | None) -> bool:
    return (
        user is not None
        and organisation_id is not None
        and PartnerMembership.objects.current()
        .filter(user=user, organisation_id=organisation_id)
        .exists()
    )


def _apply(signal: Signal, action: str, *, text: str, organisation, assignee) -> None:
    now = timezone.now()
    if action == Kind.ACKNOWLEDGE or (action == Kind.START and signal.acknowledged_at is None):
        signal.acknowledged_at = now
    elif action == Kind.ASSIGN:
        signal.assignee = assignee
    elif action in (Kind.FORWARD, Kind.ROUTED):
        signal.responsible = organisation
        signal.assignee = None
        signal.acknowledged_at = None
        # The new organisation gets the category's full time to act.
        signal.acknowledge_deadline, signal.resolve_deadline = deadlines(signal.category, now)
    elif action == Kind.REJECT:
        signal.responsible = None
        signal.assignee = None
        signal.acknowledged_at = None
    elif action in (Kind.RESOLVE, Kind.DUPLICATE):
        signal.feedback = text
        signal.resolved_at = now
    elif action == Kind.REOPEN:
        signal.resolved_at = None
        signal.duplicate_of = None


# How long after it was resolved a signal can still be the original of a duplicate.
RECENT_ORIGINAL = datetime.timedelta(days=30)


def _check_original(signal: Signal, original: Signal | None) -> None:
    """The signal a duplicate points to: the same organisation's, open or recent, and not
    the signal itself or one that (through its own originals) points back to it."""
    if original is None or original.responsible_id != signal.responsible_id:
        raise ValidationError(
            _("Give the number of an earlier signal of your organisation."), code="original"
        )
    if original.pk == signal.pk:
        raise ValidationError(_("A signal cannot repeat itself."), code="original_self")
    recent = original.resolved_at is not None and (
        original.resolved_at >= timezone.now() - RECENT_ORIGINAL
    )
    if not (original.is_open or recent):
        raise ValidationError(
            _("Choose a signal that is open or was resolved in the last 30 days."),
            code="original_old",
        )
    seen = {original.pk}
    next_pk = original.duplicate_of_id
    while next_pk is not None and next_pk not in seen:
        if next_pk == signal.pk:
            raise ValidationError(
                _("Signal #%(number)s was closed as a repeat of this one.")
                % {"number": original.pk},
                code="original_cycle",
            )
        seen.add(next_pk)
        next_pk = Signal.objects.filter(pk=next_pk).values_list("duplicate_of", flat=True).first()


def signal_add_observation(
    *,
    signal: Signal,
    actor: User,
    description: str,
    features: tuple[str, ...] = (),
    confirmed_personal_data: bool = False,
    confirmed_facts: bool = False,
) -> SignalEvent:
    """A volunteer saw what was reported already and adds their observation, with the same
    description rules as a report (report_rules); the responsible organisation is told, and
    the volunteer hears the outcome with the reporter."""
    review = report_rules.review(
        category=signal.category,
        description=description,
        features=features,
        confirmed_personal_data=confirmed_personal_data,
        confirmed_facts=confirmed_facts,
    )
    errors: dict[str, list[ValidationError]] = {}
    for problem in review.problems:
        errors.setdefault(problem.field, []).append(
            ValidationError(problem.message, code=problem.code)
        )
    if not description.strip():
        errors.setdefault("description", []).append(
            ValidationError(_("Please write a text."), code="text_required")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        signal = (
            Signal.objects.select_for_update(of=("self",))
            .select_related("category", "responsible", "assignee")
            .get(pk=signal.pk)
        )
        if not may_add_observation(Roles(actor), signal):
            raise PermissionDenied
        text = report_rules.with_features(description, features)
        event = SignalEvent.objects.create(signal=signal, actor=actor, kind=Kind.ADDED, text=text)
        signal.save(update_fields=["updated_at"])
        _tell_about(signal, Kind.ADDED, text=text, actor=actor)
    return event


def observation_confirmation(signal: Signal, *, actor: User) -> str:
    done = _("Your observation has been added to signal #%(number)s.") % {"number": signal.pk}
    return _told(signal, Kind.ADDED, done, actor=actor)


def _adders(signal: Signal, *, actor: User) -> list[User]:
    """The volunteers who added an observation and may still read the signal in full (for
    a care signal: only its reporter does), so the outcome never reaches anyone else."""
    adders = {
        event.actor.pk: event.actor
        for event in signal.events.filter(kind=Kind.ADDED, actor__is_active=True)
        .exclude(actor=actor)
        .select_related("actor")
        if event.actor is not None
    }
    return [
        person
        for person in adders.values()
        if person.pk != signal.reporter_id and access_to(Roles(person), signal) == Access.FULL
    ]


def _organisation_users(
    organisation: PartnerOrganisation | None, *, leads_only: bool = False
) -> list[User]:
    """The active users of the organisation; nobody when a signal has none."""
    if organisation is None:
        return []
    memberships = PartnerMembership.objects.current().filter(
        organisation=organisation, user__is_active=True
    )
    if leads_only:
        memberships = memberships.filter(is_lead=True)
    return [m.user for m in memberships.select_related("user")]


def _administrators() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


def _send(signal: Signal, event: str, people, *, key: str, **context) -> None:
    notify_many(
        event=event,
        recipients=people,
        dedup_key=f"{event}:{signal.pk}:{key}",
        context={"signal": signal, **context},
        link=signal.get_absolute_url(),
    )


def _tell_organisation(signal: Signal, organisation: PartnerOrganisation, *, key: str) -> None:
    """`key` tells this routing from earlier ones: the signal's number of events. A care
    signal is its own event: people choose about it apart, and its push names nothing."""
    _send(
        signal,
        "signal_routed_care" if signal.is_care else "signal_routed",
        _organisation_users(organisation),
        key=f"{organisation.pk}:{key}",
    )


def _tell_administrators(signal: Signal, *, key: str) -> None:
    _send(signal, "signal_unrouted", _administrators(), key=key)


@dataclass(frozen=True)
class Message:
    """One kind of message a move sends, and to whom."""

    event: str
    people: list[User]
    context: dict = field(default_factory=dict)
    # Who they are, in the confirmation's words.
    who: str = ""


def _audience(signal: Signal, action: str, *, text: str, actor: User) -> list[Message]:
    """Who hears of a move, and how: the one answer for sending and for the confirmation."""
    reporter, to_reporter = _reporting_team(signal, actor, with_coordinators=False)
    if action in (Kind.FORWARD, Kind.ROUTED):
        organisation = signal.responsible
        assert organisation is not None  # forwarding and routing name the organisation
        routed = "signal_routed_care" if signal.is_care else "signal_routed"
        return [
            Message(routed, _organisation_users(organisation), who=organisation.name),
            Message("signal_status_changed", reporter, who=to_reporter),
        ]
    if action == Kind.REJECT:
        return [
            Message("signal_unrouted", _administrators(), who=_("the regional administrators")),
            Message("signal_status_changed", reporter, who=to_reporter),
        ]
    if action == Kind.ANSWER:
        people, who = _handlers(signal, actor)
        return [Message("signal_answered", people, who=who)]
    if action == Kind.MESSAGE:
        return [_message_audience(signal, text=text, actor=actor)]
    if action == Kind.ASSIGN:
        assignee = signal.assignee
        if assignee is None or assignee == actor:
            return []
        return [Message("signal_assigned", [assignee], who=assignee.get_full_name())]
    if action == Kind.ASK:
        return [Message("signal_question", reporter, {"question": text}, who=to_reporter)]
    if action == Kind.ADDED:
        if signal.responsible is None:
            return [
                Message(
                    "signal_observation_added",
                    _administrators(),
                    who=_("the regional administrators"),
                )
            ]
        people, who = _handlers(signal, actor)
        return [Message("signal_observation_added", people, who=who)]
    if action in (Kind.RESOLVE, Kind.DUPLICATE):
        # A duplicate is closed for its reporter alone; a resolve also tells the coordinators.
        people, who = _reporting_team(signal, actor, with_coordinators=action == Kind.RESOLVE)
        told = {person.pk for person in people}
        added = [p for p in _adders(signal, actor=actor) if p.pk not in told]
        return [
            Message("signal_resolved", people, who=who),
            Message("signal_resolved", added, who=_("the volunteers who added an observation")),
        ]
    return [Message("signal_status_changed", reporter, who=to_reporter)]


def _handlers(signal: Signal, actor: User) -> tuple[list[User], str]:
    """Who handles the signal at its organisation: the assigned colleague, or everyone there
    while nobody is assigned; and who they are, in the confirmation's words."""
    assignee = signal.assignee
    if assignee is not None:
        return ([assignee] if assignee != actor else []), assignee.get_full_name()
    people = [p for p in _organisation_users(signal.responsible) if p != actor]
    return people, signal.responsible.name if signal.responsible else ""


def _reporting_team(
    signal: Signal, actor: User, *, with_coordinators: bool
) -> tuple[list[User], str]:
    """The reporter and, when asked, the team's coordinators (never the one who acts); and
    who they are, in the confirmation's words."""
    reporter = [signal.reporter] if signal.reporter and signal.reporter != actor else []
    if not with_coordinators:
        return reporter, _("the reporter")
    coordinators = team_coordinators(signal.team, exclude=actor) if signal.team else []
    audience = {person.pk: person for person in [*reporter, *coordinators]}
    if not reporter:
        return list(audience.values()), _("the team's coordinators")
    if not coordinators:
        return list(audience.values()), _("the reporter")
    return list(audience.values()), _("the reporter and the team's coordinators")


def _message_audience(signal: Signal, *, text: str, actor: User) -> Message:
    """A message goes to the other side of the conversation: from the partner to the
    reporter and the team's coordinators (for a care signal the reporter only), from the team
    to whoever handles it at the organisation. The e-mail of a care signal carries neither
    the message nor its sender."""
    if talk_side(Roles(actor), signal) == PARTNER_SIDE:
        people, who = _reporting_team(signal, actor, with_coordinators=not signal.is_care)
        sender = signal.responsible.name if signal.responsible else ""
    else:
        people, who = _handlers(signal, actor)
        sender = actor.first_name
    # A care signal's message never reaches the templates, whatever they say.
    context = {} if signal.is_care else {"message": text, "sender": sender}
    return Message("signal_message", people, context, who=who)


def _tell_about(signal: Signal, action: str, *, text: str, actor: User) -> None:
    key = str(signal.events.count())
    for message in _audience(signal, action, text=text, actor=actor):
        # A routing's key names the organisation (see _tell_organisation).
        routing = message.event.startswith("signal_routed")
        _send(
            signal,
            message.event,
            message.people,
            key=f"{signal.responsible_id}:{key}" if routing else key,
            **message.context,
        )


def confirmation(signal: Signal, action: str, *, actor: User) -> str:
    """What a person reads after a move: what happened, and who was told."""
    return _told(signal, action, str(workflow.DONE[action]), actor=actor)


def _told(signal: Signal, action: str, done: str, *, actor: User) -> str:
    told = [m.who for m in _audience(signal, action, text="", actor=actor) if m.people and m.who]
    if not told:
        return done
    return " ".join([done, _("A message went to %(who)s.") % {"who": _and(told)}])


def confirmation_many(signals: list[Signal], action: str, actor: User) -> str:
    """What a person reads after a bulk move: how many moved, and who was told."""
    done = workflow.DONE_MANY[action]
    told: dict[str, None] = {}
    for signal in signals:
        for message in _audience(signal, action, text="", actor=actor):
            if message.people and message.who:
                told[str(message.who)] = None
    said = str(done % {"count": len(signals)})
    if not told:
        return said
    return " ".join([said, _("A message went to %(who)s.") % {"who": _and(list(told))}])


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass(frozen=True)
class DeadlineWatch:
    """One deadline of a signal and the messages about it: a warning while it is near, a
    message when it has passed, and a day after that an escalation to the organisation's
    leads and the regional administrators."""

    field: str
    statuses: tuple[str, ...]
    warn_before: datetime.timedelta
    near: str
    passed: str
    escalated: str


DEADLINE_WATCHES = (
    DeadlineWatch(
        "acknowledge_deadline",
        (Status.NEW,),
        datetime.timedelta(hours=4),
        "signal_deadline_near",
        "signal_deadline_passed",
        "signal_escalated",
    ),
    # Once received, the resolve deadline is the one that matters (see Signal.next_deadline).
    DeadlineWatch(
        "resolve_deadline",
        (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING),
        datetime.timedelta(days=1),
        "signal_resolve_near",
        "signal_resolve_passed",
        "signal_resolve_escalated",
    ),
)


def signal_deadline_reminders(*, now: datetime.datetime) -> int:
    """Both deadlines of every open signal with an organisation: each stage's message once
    per signal, organisation and deadline (a forward starts new deadlines, and so new
    messages); nothing for a deadline more than a week past."""
    sent = 0
    escalate_after = datetime.timedelta(hours=24)
    for watch in DEADLINE_WATCHES:
        signals = Signal.objects.filter(
            status__in=watch.statuses,
            responsible__isnull=False,
            **{
                f"{watch.field}__lte": now + watch.warn_before,
                f"{watch.field}__gte": now - datetime.timedelta(days=7),
            },
        ).select_related("responsible", "category__parent", "neighbourhood")
        for signal in signals:
            deadline: datetime.datetime = getattr(signal, watch.field)
            if deadline > now:
                stage, people = watch.near, _organisation_users(signal.responsible)
            elif deadline > now - escalate_after:
                stage, people = watch.passed, _organisation_users(signal.responsible)
            else:
                stage = watch.escalated
                leads = _organisation_users(signal.responsible, leads_only=True)
                people = leads + _administrators()
            sent += notify_many(
                event=stage,
                recipients=people,
                dedup_key=f"{stage}:{signal.pk}:{signal.responsible_id}:{deadline:%Y%m%d%H%M}",
                context={"signal": signal, "deadline": deadline},
                link=signal.get_absolute_url(),
            )
    return sent


# How many signals an export reads from the database, and logs, at a time.
EXPORT_CHUNK = 500


def signals_logged(
    entry: AccessLogEntry, signals: QuerySet[Signal], *, chunk_size: int | None = None
) -> Iterator[Signal]:
    """The signals of an export, read `chunk_size` at a time from a database cursor, each
    chunk's numbers written to the access log entry before its signals are handed on.

    What the log guarantees: every signal whose row left the server is named in the entry's
    parts (`AccessLogIds`), because a part is written (and committed) before its rows are
    made. When the download is cut off (the reader leaves, the connection drops, the worker
    is stopped), the rows after that point are never read and never logged; the last part
    may name up to `chunk_size` signals whose rows did not reach the reader. So the log
    names at least what was sent, and at most one chunk more.

    One insert per chunk; memory holds one chunk, whatever the number of signals."""
    chunk_size = chunk_size or EXPORT_CHUNK
    chunk: list[Signal] = []
    for signal in signals.iterator(chunk_size=chunk_size):
        chunk.append(signal)
        if len(chunk) == chunk_size:
            access_log_ids_add(entry, [s.pk for s in chunk])
            yield from chunk
            chunk = []
    access_log_ids_add(entry, [s.pk for s in chunk])
    yield from chunk


@dataclass(frozen=True)
class Handoff:
    """What a partner fills in to hand a signal to someone outside the application.
    Category and neighbourhood are always shown; the reporter never."""

    email: str
    note: str
    days: int
    share_description: bool = False
    share_street: bool = False
    share_photos: bool = False


def handoff_create(*, signal: Signal, actor: User, handoff: Handoff) -> ExternalHandoff:
    """Hand an open normal signal to an e-mail address outside the application.

    The link's token is random and only its hash is stored. The e-mail is written to the
    outbox with the link as a secret: the queued message holds a marker, the link itself
    waits in the row's secrets until the e-mail has gone and is then erased."""
    email = handoff.email.strip()
    note = handoff.note.strip()
    with transaction.atomic():
        signal = (
            Signal.objects.select_for_update(of=("self",))
            .select_related("category__parent", "neighbourhood", "responsible")
            .get(pk=signal.pk)
        )
        if signal.is_care or not may_hand_off(Roles(actor), signal):
            raise PermissionDenied
        errors = {}
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
        if not note:
            errors["note"] = _("Please write a text.")
        if not 1 <= handoff.days <= HANDOFF_MAX_DAYS:
            errors["days"] = _("Choose between 1 and %(max)s days.") % {"max": HANDOFF_MAX_DAYS}
        if errors:
            raise ValidationError(errors)
        token = Invitation.new_token()
        now = timezone.now()
        organisation = signal.responsible
        assert organisation is not None  # may_hand_off: the actor works for it
        created = ExternalHandoff.objects.create(
            signal=signal,
            organisation=organisation,
            created_by=actor,
            email=email,
            note=note,
            share_description=handoff.share_description,
            share_street=handoff.share_street,
            share_photos=handoff.share_photos and signal.category.photos_allowed,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + datetime.timedelta(days=handoff.days),
        )
        SignalEvent.objects.create(
            signal=signal, actor=actor, kind=Kind.HANDOFF, organisation=organisation, text=note
        )
        notify(
            event="signal_handoff",
            dedup_key=f"handoff:{created.pk}",
            email=email,
            context={"handoff": created, "signal": signal, "organisation": organisation},
            # The link opens the signal without an account: not kept once the e-mail has gone.
            secrets={"url": handoff_url(token)},
            inbox=False,
        )
    return created


def handoff_url(token: str) -> str:
    return settings.SITE_URL + reverse("signalen:external_handoff", args=[token])


def handoff_find(token: str) -> ExternalHandoff | None:
    """The hand-off of a link's token, usable or not (the page tells which)."""
    return (
        ExternalHandoff.objects.select_related(
            "signal__category__parent", "signal__neighbourhood", "organisation"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def handoff_viewed(*, handoff: ExternalHandoff, what: str = ExternalHandoffView.What.PAGE) -> None:
    """Every opening of a usable link is recorded: when, and what was opened."""
    ExternalHandoffView.objects.create(handoff=handoff, what=what)


def handoff_answer(*, handoff: ExternalHandoff, text: str) -> ExternalHandoff:
    """The external party's one answer: on the signal's timeline, and told to the
    organisation that handed it off."""
    text = text.strip()
    if not text:
        raise ValidationError({"answer": _("Please write a text.")})
    with transaction.atomic():
        handoff = (
            ExternalHandoff.objects.select_for_update(of=("self",))
            .select_related("signal__category__parent", "signal__neighbourhood", "organisation")
            .get(pk=handoff.pk)
        )
        if not handoff.is_usable:
            raise ValidationError(_("This link is no longer valid."), code="gone")
        if handoff.answered_at is not None:
            raise ValidationError(
                _("An answer was already sent through this link. It can be used once."),
                code="answered",
            )
        handoff.answer = text
        handoff.answered_at = timezone.now()
        handoff.save(update_fields=["answer", "answered_at"])
        signal = handoff.signal
        SignalEvent.objects.create(
            signal=signal, kind=Kind.HANDOFF_ANSWER, organisation=handoff.organisation, text=text
        )
        _send(
            signal,
            "signal_handoff_answered",
            _organisation_users(handoff.organisation),
            key=str(handoff.pk),
            handoff=handoff,
        )
    return handoff


def handoff_revoke(*, handoff: ExternalHandoff, actor: User) -> ExternalHandoff:
    """Take a link back: from now on it shows nothing of the signal."""
    if not may_revoke_handoff(Roles(actor), handoff):
        raise PermissionDenied
    if handoff.revoked_at is None:
        handoff.revoked_at = timezone.now()
        handoff.save(update_fields=["revoked_at"])
    return handoff
