"""The partners' API, version 1 (/api/v1/; docs/api.md): an organisation's own system reads
its signals and moves them, with a key of the organisation (teams.api_auth). Every read and
move goes through the same permissions, forms and services as the pages: what a user of the
organisation may see and do on screen, and nothing else. A care signal's contents are only
in its detail, whose every read is logged as on screen."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from privacy.models import AccessLogEntry
from privacy.services import access_log_add
from teams.http import AuthenticatedRequest
from teams.models import PartnerOrganisation
from teams.roles import Roles

from . import services, workflow
from .forms import ActionForm
from .models import Signal, SignalEvent, Status
from .permissions import Access, access_to, available_actions, signals_with_access

Kind = workflow.Kind
# The moves a key may make: those of the organisation's users that need no colleague or
# earlier signal to be named.
API_ACTIONS = [Kind.ACKNOWLEDGE, Kind.START, Kind.ASK, Kind.FORWARD, Kind.RESOLVE, Kind.REJECT]


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerOrganisation
        fields = ["id", "name", "type"]


class SignalSerializer(serializers.ModelSerializer):
    """A signal as a list shows it: never the contents of a care signal."""

    category = CategorySerializer()
    neighbourhood = serializers.CharField(source="neighbourhood.name", allow_null=True)
    responsible = OrganisationSerializer(allow_null=True)
    is_care = serializers.BooleanField()
    overdue = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id", "web_url", "category", "is_care", "status", "neighbourhood", "responsible",
            "created_at", "updated_at", "acknowledge_deadline", "resolve_deadline",
            "acknowledged_at", "resolved_at", "overdue",
        ]  # fmt: skip

    def get_overdue(self, signal: Signal) -> bool:
        return signal.is_overdue()

    def get_web_url(self, signal: Signal) -> str:
        return self.context["request"].build_absolute_uri(signal.get_absolute_url())


class EventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True)

    class Meta:
        model = SignalEvent
        fields = ["kind", "created_at", "from_status", "to_status", "organisation", "by", "text"]

    def get_by(self, event: SignalEvent) -> str | None:
        """A first name, as the signal's page shows it (a key's account: "API: <name>")."""
        return event.actor.first_name if event.actor else None


class SignalDetailSerializer(SignalSerializer):
    """A signal with its contents and history, as its page shows them."""

    events = EventSerializer(many=True, read_only=True)

    class Meta(SignalSerializer.Meta):
        fields = [
            *SignalSerializer.Meta.fields,
            "street", "house_number", "latitude", "longitude", "observed_at", "description",
            "called_112", "called_police_line", "feedback", "events",
        ]  # fmt: skip


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[str(a) for a in API_ACTIONS])
    text = serializers.CharField(
        required=False, allow_blank=True, help_text=str(_("For ask, forward and resolve."))
    )
    organisation = serializers.IntegerField(
        required=False, help_text=str(_("For forward: the organisation's id."))
    )
    outside_area = serializers.BooleanField(
        required=False,
        default=False,
        help_text=str(_("For forward: send it although the organisation does not work there.")),
    )


class SignalCursor(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as error:  # a cursor that was not ours is bad input, not a missing page
            raise ValidationError({"cursor": [error.detail]}) from error


def error_responses(result: dict, generator, request, public) -> dict:
    """Schema hook: the answers every operation may also give, so a client knows them."""
    errors = {
        "401": "No key, or one that does not exist, expired or was revoked.",
        "429": "Too many requests with this key: wait as Retry-After says.",
    }
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            answers = dict(errors)
            if "{" in path:
                answers["404"] = "No such signal, or not one this key may read."
            if operation.get("parameters") or "requestBody" in operation:
                answers["400"] = "Bad input: the reasons, per field."
            if path.endswith("/actions/"):
                answers["403"] = "This move is not possible in the signal's status."
            for code, description in answers.items():
                responses.setdefault(code, {"description": description})
    return result


class SignalQuery(serializers.Serializer):
    """What the list of signals may be asked; anything else in it is refused with a reason."""

    status = serializers.MultipleChoiceField(
        choices=Status.values, required=False, help_text="One or more statuses, comma-separated."
    )
    category = serializers.SlugField(required=False, help_text="A category's code.")
    updated_since = serializers.DateTimeField(
        required=False, help_text="Changed at or after this moment (with its time zone)."
    )
    overdue = serializers.BooleanField(required=False, help_text="Only those past a deadline.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)
    cursor = serializers.CharField(required=False, help_text="From the previous page's `next`.")

    def to_internal_value(self, data):
        data = data.copy()
        empty = [str(name) for name in self.fields if name in data and not data[name].strip()]
        if empty:  # a parameter given without a value is a mistake, not "any"
            raise ValidationError({name: [_("Give a value, or leave it out.")] for name in empty})
        if "status" in data:
            data.setlist("status", data["status"].split(","))
        return super().to_internal_value(data)


@extend_schema(parameters=[SignalQuery])
class SignalList(generics.ListAPIView):
    """The organisation's signals, newest first, a page at a time (follow `next`)."""

    serializer_class = SignalSerializer
    pagination_class = SignalCursor

    def get_queryset(self):
        query = SignalQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        signals = signals_with_access(_roles(self.request)).select_related(
            "category__parent", "neighbourhood", "responsible"
        )
        if asked.get("status"):
            signals = signals.filter(status__in=asked["status"])
        if "category" in asked:
            signals = signals.filter(category__code=asked["category"])
        if "updated_since" in asked:
            signals = signals.filter(updated_at__gte=asked["updated_since"])
        if asked.get("overdue"):
            signals = signals.overdue()
        return signals


def _roles(request: Request) -> Roles:
    """The key's roles, which its authentication put on the request (teams.api_auth)."""
    return cast(AuthenticatedRequest, request._request).roles


def _signal(request, pk: int) -> Signal:
    """The signal with everything its detail shows, when the key's organisation may read
    its contents; a signal it may not read does not exist for it (404)."""
    signal = (
        Signal.objects.select_related("category__parent", "neighbourhood", "responsible")
        .prefetch_related("informed")
        .filter(pk=pk)
        .first()
    )
    if signal is None or access_to(_roles(request), signal) != Access.FULL:
        raise Http404
    return signal


class SignalDetail(APIView):
    @extend_schema(responses=SignalDetailSerializer)
    def get(self, request, pk: int) -> Response:
        """A signal with its contents and history. Reading a care signal is logged."""
        signal = _signal(request, pk)
        if signal.is_care:
            access_log_add(
                request=request._request,
                action=AccessLogEntry.Action.CARE_SIGNAL_READ,
                object_type=AccessLogEntry.Subject.SIGNAL,
                object_id=signal.pk,
            )
        prefetch_related_objects([signal], "events__actor", "events__organisation")
        return Response(SignalDetailSerializer(signal, context={"request": request}).data)


class SignalAction(APIView):
    @extend_schema(
        request=ActionSerializer,
        responses={
            200: SignalSerializer,
            400: inline_serializer("ActionErrors", {"errors": serializers.DictField()}),
        },
    )
    def post(self, request, pk: int) -> Response:
        """Move the signal, as the signal's page does: acknowledge, start, ask (text: the
        question), forward (organisation, text: the reason), resolve (text: the feedback
        for the team) or reject (text: why it is not yours). Recorded as done by the key."""
        signal = _signal(request, pk)
        given = ActionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        action = given.validated_data["action"]
        transition = next(
            (t for t in available_actions(_roles(request), signal) if t.action == action),
            None,
        )
        if transition is None:
            raise ApiPermissionDenied(_("This move is not possible in the signal's status."))
        data = {k: v for k, v in given.validated_data.items() if k != "action"}
        form = ActionForm(data, transition=transition, signal=signal)
        if not form.is_valid():
            return Response({"errors": form.errors}, status=status.HTTP_400_BAD_REQUEST)
        try:
            signal = services.signal_act(
                signal=signal, action=action, actor=request.user, **form.act_kwargs()
            )
        except DjangoValidationError as error:
            return Response({"errors": error.message_dict if hasattr(error, "error_dict")
                             else {"__all__": error.messages}}, status=400)  # fmt: skip
        return Response(SignalSerializer(signal, context={"request": request}).data)


class OrganisationList(generics.ListAPIView):
    """The region's organisations, to forward a signal to."""

    serializer_class = OrganisationSerializer
    pagination_class = None
    queryset = PartnerOrganisation.objects.filter(is_active=True).order_by("name")
