from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class Next2MetConfig(AppConfig):
    name = "next2met"
    verbose_name = "Next2Met"

    def ready(self):
        # The e-mail queue for portal editors, instead of django-post_office's own admin (the
        # admin's modules are loaded by now: its app comes first).
        from django.contrib import admin

        from next2met.mail_admin import mail_admin_register

        mail_admin_register(admin.site)


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (next2met.admin.PortalAdminSite)."""

    default = False
    default_site = "next2met.admin.PortalAdminSite"
