"""One demo login per role, each with the jurisdiction a real user of that role has.

The password and the second factor's key are published (README): the accounts are
made only on a demo machine (settings.DEMO, which ./scripts/start sets, or DEBUG on
a developer's machine), so a production site never gets a superuser anyone can log
in as; a database loaded with the demo and then run without DEMO refuses them at
login (their profiles are flagged `demo`: electionadmin/access/backends.py). Demo
users whose role needs the second factor get a confirmed authenticator app with the
published key: add it to an app, or print the current code with `manage.py
demo_code`.
"""

import base64
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from electionadmin.access.backends import demo_logins_allowed
from electionadmin.access.models import Profile
from electionadmin.access.roles import SECOND_FACTOR_ROLES, needs_second_factor
from electionadmin.setup.models import AdminUnit, Election, ElectoralUnit, VotingArea

PASSWORD = "bauCu2021!demo"
# The demo's TOTP key (hex), published like the password.
TOTP_KEY = "6261756375323032312164656d6f2d686f2d6368692d6d696e68"
DEVICE_NAME = "Ứng dụng xác thực (dữ liệu mẫu)"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    target: str = ""  # admin unit code, QH unit number "QH#2" or area "26734/1"
    where: str = ""  # the jurisdiction, as the login table shows it


CITY = "TP. Hồ Chí Minh (79)"
DEMO_USERS = [
    DemoUser("admin", Profile.Role.SYSADMIN, "", "toàn hệ thống"),
    DemoUser("thanhpho", Profile.Role.CITY_COMMITTEE, "79", CITY),
    DemoUser("nhaplieu", Profile.Role.CITY_COMMITTEE, "79", CITY),
    DemoUser("quan1", Profile.Role.DISTRICT_COMMITTEE, "760", "Quận 1 (760)"),
    DemoUser("tandinh", Profile.Role.COMMUNE_COMMITTEE, "26734", "P. Tân Định (26734)"),
    DemoUser("banqh2", Profile.Role.ELECTORAL_BOARD, "QH#2", "đơn vị bầu cử ĐBQH số 2"),
    DemoUser("to26734-1", Profile.Role.ELECTION_TEAM, "26734/1", "khu vực 26734/1"),
    DemoUser("taphuan", Profile.Role.TRAINER, "79", CITY),
    DemoUser("xem", Profile.Role.VIEWER, "79", CITY),
]
# The rehearsal election's (demo/rehearsal.py) ward committee, for trainers to show
# list changes with.
REHEARSAL_USERS = [
    DemoUser(
        "dientap",
        Profile.Role.COMMUNE_COMMITTEE,
        "26740",
        "P. Sài Gòn (26740), cuộc bầu cử diễn tập",
    ),
]


def jurisdiction(election: Election, demo: DemoUser) -> dict:
    """The Profile fields that place this user: a unit, an electoral unit or an area."""
    if demo.role == Profile.Role.SYSADMIN:
        return {}
    if demo.role == Profile.Role.ELECTORAL_BOARD:
        kind, number = demo.target.split("#")
        unit = ElectoralUnit.objects.get(
            contest__election=election, contest__kind=kind, number=int(number)
        )
        return {"electoral_unit": unit}
    if demo.role == Profile.Role.ELECTION_TEAM:
        commune, number = demo.target.split("/")
        area = VotingArea.objects.get(
            election=election, commune__code=commune, number=int(number)
        )
        return {"voting_area": area}
    unit = AdminUnit.objects.get(unit_set=election.unit_set_id, code=demo.target)
    return {"admin_unit": unit}


def refuse_unless_demo() -> None:
    """The published password only on a demo machine (DEMO, or DEBUG, on): where
    the login backend lets the demo's accounts in."""
    if not demo_logins_allowed():
        raise ImproperlyConfigured(
            "Không tạo các tài khoản dùng thử (có tài khoản quản trị 'admin') với mật "
            f"khẩu công khai '{PASSWORD}' khi chưa bật DEMO: dữ liệu mẫu chỉ dành cho "
            "máy chạy thử (DEMO=true, như ./scripts/start). Trên máy thật, tạo quản "
            "trị bằng: manage.py createsuperuser."
        )


@transaction.atomic
def ensure_users(election: Election, users=None) -> list[tuple[DemoUser, bool]]:
    """Create what is missing; a second run changes nothing. -> (user, created)."""
    refuse_unless_demo()
    return [(demo, _ensure(election, demo)) for demo in users or DEMO_USERS]


def demo_code() -> str:
    """The code an app holding the demo key shows now."""
    totp = TOTP(bytes.fromhex(TOTP_KEY))
    return f"{totp.token():06d}"


def demo_secret() -> str:
    """The demo key as an app takes it typed in (base32)."""
    return base64.b32encode(bytes.fromhex(TOTP_KEY)).decode().rstrip("=")


def _ensure(election: Election, demo: DemoUser) -> bool:
    user, created = get_user_model().objects.get_or_create(
        username=demo.username,
        defaults={"first_name": "Dùng thử", "last_name": demo.username},
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    wanted = {
        "demo": True,  # refused at login when DEMO is off (access/backends.py)
        "role": demo.role,
        "admin_unit": None,
        "electoral_unit": None,
        "voting_area": None,
    } | jurisdiction(election, demo)
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    if profile.pk is None or any(
        getattr(profile, field) != value for field, value in wanted.items()
    ):
        for field, value in wanted.items():
            setattr(profile, field, value)
        profile.full_clean()
        profile.save()  # the post_save signal gives the role's group
        user.refresh_from_db()
    if needs_second_factor(user):
        TOTPDevice.objects.get_or_create(
            user=user,
            name=DEVICE_NAME,
            defaults={"key": TOTP_KEY, "confirmed": True},
        )
    return created


def login_table() -> list[str]:
    header = "Tên đăng nhập"
    everyone = DEMO_USERS + REHEARSAL_USERS
    width = max(len(header), *(len(d.username) for d in everyone))
    lines = [f"{header:<{width + 2}}Vai trò: phạm vi"]
    for demo in everyone:
        role = Profile.Role(demo.role).label
        lines.append(f"{demo.username:<{width + 2}}{role}: {demo.where}")
    lines.append(f"Mật khẩu chung: {PASSWORD}")
    second = ", ".join(d.username for d in everyone if d.role in SECOND_FACTOR_ROLES)
    lines.append(
        f"Xác thực hai bước ({second}): khóa {demo_secret()} (thêm vào ứng dụng "
        "xác thực), hoặc mã hiện tại: .venv/bin/python manage.py demo_code"
    )
    return lines
