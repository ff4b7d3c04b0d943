"""Every role, in a real browser (Debian's chromium): the login page without a page
asked for lands on Việc của tôi, which names the user's role and jurisdiction, and
one click on its first next step opens the task (no URL typed).

Run with: .venv/bin/pytest -m browser tests/test_browser_homes.py
"""

import pytest

from .browser import MARKS, chromium, signed_in
from .factories import make_user
from .test_guides import add_guide
from .test_results_base import ResultsMixin, counted

pytestmark = MARKS


class Data(ResultsMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("xem", "viewer", admin_unit=cls.city)
        cls.trainer = make_user("taphuan", "trainer", admin_unit=cls.city)
        counted(cls.qh_unit, cls.b1, {1: 5, 2: 3, 3: 1}, status="submitted")
        add_guide("Nhập số cử tri đi bầu", "nhap-so-cu-tri")


@pytest.fixture
def browser(live_server):
    Data.setUpTestData()
    with chromium() as launched:
        yield launched


def login(browser, base: str, username: str):
    """The login page as a new user opens it: no page asked for; the second factor
    where the role needs one (tests/browser.py)."""
    return signed_in(
        browser, base, username, login="/admin/login/", landing="/viec-cua-toi/"
    )


# username, role shown, jurisdiction shown, the first task's button, where it leads,
# a text of the task's page.
ROLES = [
    (
        "toa1",
        "Tổ bầu cử",
        "Khu vực bỏ phiếu số 1, Phường Tân Định",
        "Nhập số cử tri đã đi bỏ phiếu",
        "/bau-cu/TEST-2026/nhap/kvbp/26734/1/",
        "Trường Tiểu học A",
    ),
    (
        "phuonga",
        "Ủy ban bầu cử xã/phường",
        "Phường Tân Định",
        "Nhập danh sách cử tri",
        "/django-admin/importers/voters/",
        "danh sách cử tri",
    ),
    (
        "banqh1",
        "Ban bầu cử",
        "Đơn vị bầu cử số 1, Quốc hội",
        "Chấp nhận biên bản (1 đang chờ)",
        "/django-admin/ket-qua/ban/{qh_unit}/",
        "Phường Sài Gòn",
    ),
    (
        "thanhpho",
        "Ủy ban bầu cử thành phố",
        "Thành phố Hồ Chí Minh",
        "Quốc hội",
        "/django-admin/ket-qua/uy-ban/{qh}/",
        "Quốc hội",
    ),
    (
        "xem",
        "Người theo dõi (chỉ xem)",
        "Thành phố Hồ Chí Minh",
        "Bảng theo dõi tiến độ bầu cử và kiểm phiếu",
        "/bau-cu/TEST-2026/tien-do/79/",
        "Thành phố Hồ Chí Minh",
    ),
    (
        "taphuan",
        "Người soạn hướng dẫn nghiệp vụ",
        "chỉ nội dung hướng dẫn",
        "Soạn và sửa hướng dẫn nghiệp vụ",
        "/admin/pages/",
        "",
    ),
    (
        "quantri",
        "Quản trị hệ thống",
        "Toàn bộ dữ liệu",
        "Kết quả bầu cử",
        "/django-admin/ket-qua/",
        "Quốc hội",
    ),
]


def test_every_role_lands_on_its_home_and_opens_its_first_task(browser, live_server):
    base = live_server.url
    ids = {"qh_unit": Data.qh_unit.pk, "qh": Data.qh.pk}
    for username, role, where, button, target, text in ROLES:
        page = login(browser, base, username)
        assert page.inner_text("#who-role") == role, username
        assert where in page.inner_text("#who-jurisdiction"), username
        page.screenshot(path=f"/tmp/home_{username}.png", full_page=True)
        page.locator("#workspace").get_by_role(
            "link", name=button, exact=True
        ).first.click()
        page.wait_for_load_state()
        assert page.url.startswith(base + target.format(**ids)), (username, page.url)
        body = page.inner_text("body")
        assert "403" not in page.title() and "Không có quyền" not in body, username
        assert text in body, username
        page.context.close()
