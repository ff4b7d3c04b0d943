"""manage.py demo_code: the current second-factor code of the demo logins.

The demo's key is published (demo/users.py, README), like its password; this
prints what an authenticator app holding that key shows now. Only where the demo
accounts exist: DEBUG on.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.users import demo_code, refuse_unless_debug


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của các tài khoản dùng thử (DEBUG bật)."

    def handle(self, *args, **options):
        try:
            refuse_unless_debug()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(demo_code())
