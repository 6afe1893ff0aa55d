"""Kit endpoints: import a kit, read a role as a kit, publish a draft. Recruiters only.

Bad input is a 400 whose keys are places in the kit (``questions[3].options``), through the
project's exception handler; a kit problem never becomes a 500.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import is_recruiter
from rubrics.kits.services import export_kit, import_kit, publish_role
from rubrics.kits.validation import MAX_KIT_BYTES
from rubrics.models import Role


class IsRecruiter(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_recruiter(request.user)


class KitImportInput(serializers.Serializer):
    kit = serializers.CharField(trim_whitespace=False, max_length=MAX_KIT_BYTES,
                                help_text="The kit file's YAML text (docs/kit-format.md).")
    replace = serializers.BooleanField(default=False, help_text="Overwrite the draft of a role with the same key.")
    publish = serializers.BooleanField(default=False, help_text="Publish the imported draft as a new version.")


class RoleOutput(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["id", "key", "title", "version", "published_at"]


class KitImportOutput(serializers.Serializer):
    role = RoleOutput()
    created = serializers.BooleanField()
    version = RoleOutput(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField(),
                                  help_text="How a kit of the previous format was converted (else empty).")


class KitOutput(serializers.Serializer):
    role = RoleOutput()
    kit = serializers.CharField(help_text="The role as kit YAML text.")


ERRORS = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="Field errors: each key is a place in the kit (e.g. questions[3].options), each value a list of "
                "problems; or 'file' / 'non_field_errors' for the kit as a whole.",
)
DENIED = OpenApiResponse(description="Not logged in, or not a recruiter.")
MISSING = OpenApiResponse(description="No such role (publish: no such draft).")


@extend_schema(request=KitImportInput, responses={201: KitImportOutput, 400: ERRORS, 401: DENIED, 403: DENIED},
               summary="Import a kit", tags=["kits"])
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated, IsRecruiter])
def kit_import(request: Request) -> Response:
    data = KitImportInput(data=request.data)
    data.is_valid(raise_exception=True)
    result = import_kit(text=data.validated_data["kit"], by=request.user,
                        replace=data.validated_data["replace"], publish=data.validated_data["publish"])
    output = KitImportOutput({"role": result.role, "created": result.created, "version": result.version,
                              "notes": result.notes})
    return Response(output.data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: KitOutput, 401: DENIED, 403: DENIED, 404: MISSING},
               summary="Read a role (draft or version) as a kit", tags=["kits"])
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated, IsRecruiter])
def kit_detail(request: Request, pk: int) -> Response:
    role = get_object_or_404(Role, pk=pk)
    return Response(KitOutput({"role": role, "kit": export_kit(role=role)}).data)


@extend_schema(request=None, responses={201: RoleOutput, 400: ERRORS, 401: DENIED, 403: DENIED, 404: MISSING},
               summary="Publish a draft as its next version", tags=["kits"])
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated, IsRecruiter])
def kit_publish(request: Request, pk: int) -> Response:
    role = get_object_or_404(Role.objects.drafts(), pk=pk, published_from__isnull=True)
    version = publish_role(role=role, by=request.user)
    return Response(RoleOutput(version).data, status=status.HTTP_201_CREATED)
