from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import InquiryLog


@admin.register(InquiryLog)
class InquiryLogAdmin(admin.ModelAdmin):
    list_display = ("started_at", "body", "operation", "mode", "outcome", "attempts", "actor_label")
    list_filter = ("body", "outcome", "mode")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
