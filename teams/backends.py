"""Regional administrators (staff users) may change everything that configures the region."""

from django.contrib.auth.backends import BaseBackend

# The apps whose data a regional administrator maintains in the Django admin.
REGION_APPS = frozenset(
    {
        "teams",
        "notifications",
        "signalen",
        "trainingen",
        "privacy",
        "account",
        "mfa",
        "usersessions",
    }
)


class RegionalAdministratorBackend(BaseBackend):
    """Grants active staff every permission on the region's apps, so a new administrator
    needs no hand-picked permission list; technical tables (groups, permissions) stay with
    superusers."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return self.has_module_perms(user_obj, perm.split(".", 1)[0])

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return bool(user_obj.is_active and user_obj.is_staff and app_label in REGION_APPS)
