"""Issue a key for the turnout submission API (shown once; only its digest is kept).

Usage: manage.py turnout_token USERNAME [--name LABEL]
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from electionadmin.polling.models import ApiToken


class Command(BaseCommand):
    help = "Cấp khóa gửi số liệu tiến độ qua giao diện lập trình."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{options['username']}'.")
        _, key = ApiToken.issue(user, options["name"])
        self.stdout.write(key)
