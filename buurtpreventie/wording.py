"""Django's own form messages that an installed library words differently in Dutch.

An app's catalog takes precedence over Django's, so Django REST framework's Dutch ("Dit veld
is vereist.") would replace Django's ("Dit veld is verplicht.") in every form of the site.
Named here, these messages go into the project's catalog (locale/, which wins over every
app's) with Django's own words; tests/test_translations.py finds any new such collision.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
]

# Django's admin words these in English only: its Dutch catalogue has no translation, so the
# project's gives one (the heading of the admin's "add" column, read by screen readers).
UNTRANSLATED_BY_DJANGO = [
    gettext_noop("Add link"),
    # Django's words, curly apostrophes included, or the message is not found.
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),  # noqa: RUF001
]
