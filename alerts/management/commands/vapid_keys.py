"""Print a new VAPID key pair for Web Push: the private key for WEBPUSH_VAPID_PRIVATE_KEY, and its public key
(what phones subscribe with; the site derives it itself). Give every web server and worker the same key:
phones subscribed under one key cannot be reached with another."""
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management.base import BaseCommand
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode


class Command(BaseCommand):
    help = "Print a new VAPID key pair for WEBPUSH_VAPID_PRIVATE_KEY."

    def handle(self, *args, **options):
        key = Vapid02()
        key.generate_keys()
        private = b64urlencode(key.private_key.private_numbers().private_value.to_bytes(32, "big"))
        public = b64urlencode(key.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}\n# public key (application server key): {public}")
