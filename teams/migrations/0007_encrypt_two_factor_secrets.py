"""Two-factor secrets stored before they were encrypted (teams.adapters.MFAAdapter) are
encrypted in place, so no plain secret stays in the database. Rows already encrypted are
left alone: running it again changes nothing. Backwards, the secrets are decrypted."""

from allauth.mfa.utils import decrypt, encrypt
from cryptography.fernet import InvalidToken
from django.db import migrations

# Where allauth keeps a secret in an authenticator's data: one value, or a list of them.
SECRET_KEYS = ("secret", "seed", "migrated_codes")


def _is_encrypted(value: str) -> bool:
    try:
        decrypt(value)
    except InvalidToken:
        return False
    return True


def _convert(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for key in SECRET_KEYS:
            if isinstance(data.get(key), str):
                data[key] = change(data[key])
            elif isinstance(data.get(key), list):
                data[key] = [change(value) for value in data[key]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, lambda value: value if _is_encrypted(value) else encrypt(value))


def decrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, lambda value: decrypt(value) if _is_encrypted(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0006_street"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=True)]
