from django.contrib import admin

from .models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "kind", "centre_type", "parent")
    list_filter = ("kind", "centre_type")
    search_fields = ("code", "name_fa", "name_en")
    readonly_fields = ("path", "depth", "confidential")
    exclude = ("address",)  # a confidential address is not for the system-admin screen
