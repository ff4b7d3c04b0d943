"""The project's admin site: every ModelAdmin registered on it, the project's and
those of Django, Wagtail and other libraries alike, reads only its own filters from
the query string (lookups.StrictLookupsMixin).

Installed in place of `django.contrib.admin` (settings.INSTALLED_APPS), so
`admin.site` and `@admin.register` are this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .lookups import StrictLookupsMixin


class ElectionAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, StrictLookupsMixin):
            # A library's admin: also without the (English) "Show counts" toggle.
            admin_class = type(
                admin_class.__name__,
                (StrictLookupsMixin, admin_class),
                {
                    "__module__": admin_class.__module__,
                    "show_facets": admin.ShowFacets.NEVER,
                },
            )
        super().register(model_or_iterable, admin_class, **options)


class ElectionAdminConfig(AdminConfig):
    default_site = "electionadmin.access.site.ElectionAdminSite"
