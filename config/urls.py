from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from yavar.api.urls import api
from yavar.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("yavar.accounts.urls")),
    path("orgunits/", include("yavar.orgunits.urls")),
    path("audit/", include("yavar.audit.urls")),
    path("people/", include("yavar.people.urls")),
    path("imports/", include("yavar.imports.urls")),
    path("catalog/", include("yavar.catalog.urls")),
    path("safehouse/", include("yavar.safehouse.urls")),
    path("giving/statements/", include("yavar.giving.reconciliation.urls")),
    path("giving/", include("yavar.giving.urls")),
    path("volunteers/", include("yavar.volunteering.urls")),
    path("system-admin/", admin.site.urls),
    path("", include("yavar.portal.urls")),
]

handler404 = "yavar.core.views.not_found"
handler403 = "yavar.core.views.forbidden"
handler500 = "yavar.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development convenience
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
