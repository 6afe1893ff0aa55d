"""The audit log: who did what to which object; admins only."""

from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, viewsets

from accounts.access import is_admin
from interviews.api.base import IdFilter
from interviews.models import AuditEntry


class IsAdmin(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)


class AuditEntrySerializer(serializers.ModelSerializer):
    target_type = serializers.CharField(source="target_type.model", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "target_type", "target_id", "data"]
        read_only_fields = fields


class AuditFilter(filters.FilterSet):
    action = filters.CharFilter()
    action_prefix = filters.CharFilter(field_name="action", lookup_expr="startswith")
    actor = IdFilter()
    target_type = filters.CharFilter(field_name="target_type__model")
    target_id = IdFilter()
    since = filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")

    class Meta:
        model = AuditEntry
        fields = ["action", "action_prefix", "actor", "target_type", "target_id", "since"]


class AuditEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    filterset_class = AuditFilter
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-pk"]
    lookup_value_regex = "[0-9]+"
    queryset = AuditEntry.objects.select_related("target_type").order_by("-at", "-pk")
