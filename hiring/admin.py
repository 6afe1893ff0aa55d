from django.contrib import admin

from hiring.models import CalibrationRun, Decision, Packet


@admin.register(CalibrationRun)
class CalibrationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "started_at", "finished_at", "n_ratings", "iterations", "converged", "seconds"]
    list_filter = ["status", "converged"]
    exclude = ["warm_state"]
    readonly_fields = ["status", "finished_at", "error", "n_ratings", "components", "reliability", "iterations",
                       "converged", "seconds"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["application", "outcome", "level", "decided_by", "at"]
    list_filter = ["outcome"]

    def has_add_permission(self, request) -> bool:  # decisions go through record_decision (audited)
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # the decision history is kept whole
        return False


@admin.register(Packet)
class PacketAdmin(admin.ModelAdmin):
    list_display = ["application", "run", "rendered_at", "content_hash"]

    def has_add_permission(self, request) -> bool:
        return False
