"""A drill election in a real chromium: the banner on its screens, then the city
committee wipes it from the elections list through the Vietnamese confirmation.

Run with: .venv/bin/pytest -m browser tests/test_browser_rehearsal.py
Screenshots: /tmp/rehearsal_banner.png, /tmp/rehearsal_wipe_confirm.png.
"""

import pytest

from electionadmin.audit.models import AuditEntry
from electionadmin.setup.models import Election
from electionadmin.voters.models import VoterEntry
from importers.voters import import_voters

from .browser import MARKS, new_page, sign_in
from .factories import SmallElectionMixin
from .test_voters_import import DATA

pytestmark = MARKS
BANNER = "BẦU CỬ DIỄN TẬP — không phải số liệu thật"


class Data(SmallElectionMixin):
    pass


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Data.setUpTestData()
    import_voters(DATA / "ok.csv", Data.election)
    Election.objects.filter(pk=Data.election.pk).update(is_rehearsal=True)
    with new_page() as page:
        yield page


def test_the_city_committee_sees_the_banner_and_wipes_the_drill(page, live_server):
    base = live_server.url
    election = Data.election
    page.goto(f"{base}/django-admin/")
    sign_in(page, "thanhpho")
    page.wait_for_url(f"{base}/django-admin/")
    page.goto(f"{base}/django-admin/ket-qua/uy-ban/{Data.qh.pk}/")
    banner = page.locator(".rehearsal-banner")
    assert BANNER in banner.inner_text()
    assert banner.is_visible()
    page.screenshot(path="/tmp/rehearsal_banner.png")
    page.goto(f"{base}/django-admin/setup/election/")
    page.check(f"input[name=_selected_action][value='{election.pk}']")
    page.select_option("select[name=action]", "wipe_rehearsal")
    page.click("button[name=index]")
    page.wait_for_selector("text=Xác nhận xóa bầu cử diễn tập")
    assert page.locator(".rehearsal-banner").is_visible()
    page.fill("#ly_do", "Đã xong buổi tập dượt")
    page.screenshot(path="/tmp/rehearsal_wipe_confirm.png", full_page=True)
    page.click("input[type=submit][value^='Tôi hiểu']")
    page.wait_for_selector("text=Đã xóa bầu cử diễn tập")
    assert not Election.objects.filter(pk=election.pk).exists()
    assert not VoterEntry.objects.exists()
    entry = AuditEntry.objects.get(election_code=election.code, action="delete")
    assert entry.reason == "Đã xong buổi tập dượt"
