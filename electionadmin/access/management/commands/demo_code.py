"""manage.py demo_code: the current second-factor code of the demo logins.

The demo's key is published (demo/users.py, README), like its password; this
prints what an authenticator app holding that key shows now. Only where the demo
accounts exist: DEMO (or DEBUG) on.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.users import demo_code, refuse_unless_demo


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của các tài khoản dùng thử (DEMO bật)."

    def handle(self, *args, **options):
        try:
            refuse_unless_demo()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(demo_code())
