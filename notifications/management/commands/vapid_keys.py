"""Print a new VAPID key pair for Web Push, as lines for the environment (.env)."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Make a VAPID key pair for Web Push and print it as VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY."

    def handle(self, *args, **options) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        public = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        private = key.private_numbers().private_value.to_bytes(32, "big")
        self.stdout.write(f"VAPID_PUBLIC_KEY={_b64url(public)}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={_b64url(private)}")
        self.stderr.write(
            "Keep the private key secret. Changing the keys later makes every device turn push "
            "on again. Set VAPID_SUBJECT too (mailto: or https:)."
        )
