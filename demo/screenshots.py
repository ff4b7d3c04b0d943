"""Take the demo guides' pictures of the real screens (run once; PNGs committed).

    ./manage.py runserver 127.0.0.1:8106 &     # on a database with load_demo run
    python -m demo.screenshots http://127.0.0.1:8106 demo/data/guides

Logs in as the demo users with Debian's chromium (tests/browser.py), opens each
screen, and saves a small palette PNG (at most 1000 px wide).
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image

WIDTH = 1000
PASSWORD = "bauCu2021!demo"  # demo/users.py (not imported: it needs Django set up)


def login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/xac-thuc/" in page.url:  # a committee: the demo app's code (demo/users.py)
        from demo.users import demo_code

        page.fill("input[name=code]", demo_code())
        with page.expect_navigation():
            page.click("form.login-form button[type=submit]")


def save(page, folder: Path, name: str, clip_height: int = 700) -> None:
    png = page.screenshot(clip={"x": 0, "y": 0, "width": 1280, "height": clip_height})
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.resize((WIDTH, round(image.height * WIDTH / image.width)))
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(folder / name, optimize=True)


def main(base: str, folder: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from tests.browser import new_page

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    with new_page(viewport={"width": 1280, "height": 900}) as page:
        login(page, base, "tandinh")
        page.goto(f"{base}/django-admin/importers/voters/")
        save(page, out, "nhap-danh-sach-cu-tri.png", 620)

        login(page, base, "to26734-1")
        page.goto(f"{base}/bau-cu/HCM-2021/nhap/kvbp/26734/1/")
        save(page, out, "nhap-so-cu-tri-di-bo-phieu.png", 640)

        page.goto(f"{base}/django-admin/ket-qua/nhap/")
        save(page, out, "danh-sach-bien-ban.png", 420)
        page.locator("#entry-rows input[type=submit]").first.click()
        page.wait_for_load_state()
        entry = page.locator("a[href$='/nhap/']").first
        if entry.count():
            entry.click()
            page.wait_for_load_state()
        save(page, out, "nhap-bien-ban.png", 900)


if __name__ == "__main__":
    main(*sys.argv[1:3])
