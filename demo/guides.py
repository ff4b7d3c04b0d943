"""Three guides of the demo, in the guides section, with pictures of the real screens.

The pictures (demo/data/guides/*.png) were taken once with chromium from the demo's
own screens (tests/browser.py's launcher) and are loaded as Wagtail images. Each
guide is written by the trainer `taphuan` and published as the city committee
`thanhpho` would approve it. A guide already there (same slug) is left as it is, so
a trainer's later edits survive a second `load_demo`.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from electionadmin.publishing.models import GuideIndexPage, GuidePage

PICTURES = Path(__file__).parent / "data" / "guides"


def _picture(name: str, title: str):
    Image = get_image_model()
    found = Image.objects.filter(title=title).first()
    if found is not None:
        return found
    with open(PICTURES / name, "rb") as handle:
        return Image.objects.create(title=title, file=ImageFile(handle, name=name))


def _voter_template():
    from importers.templates import voters_template_xlsx

    Document = get_document_model()
    title = "Mẫu danh sách cử tri (tệp .xlsx trống)"
    found = Document.objects.filter(title=title).first()
    if found is not None:
        return found
    return Document.objects.create(
        title=title,
        file=ContentFile(voters_template_xlsx(), name="mau-danh-sach-cu-tri.xlsx"),
    )


def _text(*paragraphs: str) -> tuple[str, str]:
    return ("text", "".join(f"<p>{p}</p>" for p in paragraphs))


def _list(*items: str) -> tuple[str, str]:
    return ("text", "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>")


def voter_import() -> dict:
    return {
        "title": "Nhập danh sách cử tri từ tệp",
        "slug": "nhap-danh-sach-cu-tri",
        "screen": "voters_import",
        "audience": ["commune"],
        "intro": "Ủy ban bầu cử xã/phường đưa danh sách cử tri của các khu vực bỏ "
        "phiếu vào hệ thống từ một tệp theo mẫu.",
        "steps": [
            ("heading", "Bước 1: chuẩn bị tệp theo mẫu"),
            _text(
                "Tải mẫu trống ở cuối trang này (hoặc bấm «Tải mẫu danh sách cử tri "
                "trống» trên màn hình nhập). Mỗi dòng là một cử tri; giữ nguyên tên "
                "các cột.",
                "Số định danh cá nhân phải đủ 12 chữ số: định dạng cột là Văn bản để "
                "bảng tính không làm mất số 0 ở đầu. Ngày sinh ghi ngày/tháng/năm; "
                "nếu chỉ biết năm sinh thì ghi năm.",
                "Tệp có thể là .xlsx, .csv hoặc nén .zip khi quá lớn.",
            ),
            ("heading", "Bước 2: tải tệp lên và kiểm tra"),
            _list(
                "Vào Quản trị dữ liệu bầu cử, mục «Nhập dữ liệu từ bảng tính», chọn "
                "«Nhập danh sách cử tri».",
                "Chọn cuộc bầu cử, chọn tệp, bấm «Tải lên và kiểm tra».",
                "Hệ thống kiểm tra toàn bộ tệp trước, chưa ghi gì vào danh sách.",
            ),
            (
                "picture",
                {
                    "image": "nhap-danh-sach-cu-tri.png",
                    "title": "Màn hình nhập danh sách cử tri",
                    "caption": "Màn hình «Nhập danh sách cử tri»: chọn cuộc bầu cử "
                    "và tệp, rồi bấm «Tải lên và kiểm tra».",
                },
            ),
            ("heading", "Bước 3: đọc kết quả kiểm tra và xác nhận"),
            _text(
                "Thanh tiến độ cho biết việc kiểm tra đang chạy. Khi xong, màn hình "
                "cho biết số cử tri thêm mới, cập nhật, không đổi và từng lỗi với "
                "số dòng và cột.",
                "Có lỗi thì không dòng nào được ghi: sửa tệp theo danh sách lỗi (có "
                "thể tải về) rồi tải lên lại. Không có lỗi thì bấm «Xác nhận nhập».",
                "Chỉ nhập được cử tri của các khu vực bỏ phiếu thuộc xã/phường mình. "
                "Số thứ tự (số thẻ cử tri) do hệ thống đánh và không đổi khi nhập lại.",
            ),
        ],
        "attachments": [
            ("attachment", {"document": "template", "note": "Mẫu để điền"})
        ],
    }


def turnout_entry() -> dict:
    return {
        "title": "Nhập số cử tri đi bỏ phiếu",
        "slug": "nhap-so-cu-tri-di-bo-phieu",
        "screen": "turnout_entry",
        "audience": ["team", "commune"],
        "intro": "Tổ bầu cử báo cáo số cử tri đã bỏ phiếu của khu vực theo từng mốc "
        "giờ trong ngày bầu cử.",
        "steps": [
            ("heading", "Bước 1: mở màn hình nhập của khu vực"),
            _text(
                "Đăng nhập bằng tài khoản của Tổ bầu cử: hệ thống mở thẳng màn hình "
                "nhập của khu vực bỏ phiếu của Tổ. Ủy ban bầu cử xã/phường nhập một "
                "lần cho mọi khu vực của xã/phường trên màn hình nhập của xã/phường."
            ),
            (
                "picture",
                {
                    "image": "nhap-so-cu-tri-di-bo-phieu.png",
                    "title": "Màn hình nhập số cử tri đi bỏ phiếu",
                    "caption": "Mỗi dòng là một mốc báo cáo; cột «Cử tri trong danh "
                    "sách» lấy từ danh sách cử tri của khu vực.",
                },
            ),
            ("heading", "Bước 2: nhập số của mốc giờ và lưu"),
            _list(
                "Ghi tổng số cử tri đã bỏ phiếu tính đến mốc giờ đó (số cộng dồn, "
                "không phải số của riêng khoảng giờ).",
                "Bấm «Lưu». Số lớn hơn số cử tri trong danh sách, hoặc nhỏ hơn số "
                "của mốc trước, bị từ chối kèm lời giải thích.",
                "Nhập sai thì ghi lại số đúng và lưu lại; mọi lần sửa đều được ghi "
                "vào nhật ký.",
            ),
            ("heading", "Bước 3: khi bắt đầu kiểm phiếu"),
            _text(
                "Sau khi kết thúc bỏ phiếu, bấm «Ghi nhận bắt đầu kiểm phiếu» để Ủy "
                "ban bầu cử theo dõi tiến độ kiểm phiếu."
            ),
        ],
        "attachments": [],
    }


def counting_minutes() -> dict:
    return {
        "title": "Nhập biên bản kết quả kiểm phiếu",
        "slug": "nhap-bien-ban-ket-qua-kiem-phieu",
        "screen": "counting_minutes",
        "audience": ["team", "commune", "board"],
        "intro": "Đưa biên bản kết quả kiểm phiếu bằng giấy của Tổ bầu cử vào hệ "
        "thống; mỗi biên bản được nhập hai lần bởi hai người để tránh gõ nhầm.",
        "steps": [
            ("heading", "Bước 1: chọn biên bản cần nhập"),
            _text(
                "Vào «Kết quả bầu cử», chọn «Nhập biên bản». Danh sách có một dòng "
                "cho mỗi khu vực bỏ phiếu và mỗi cuộc bầu cử (Quốc hội, HĐND các "
                "cấp). Bấm «Nhập biên bản» ở dòng cần nhập."
            ),
            (
                "picture",
                {
                    "image": "danh-sach-bien-ban.png",
                    "title": "Danh sách biên bản cần nhập",
                    "caption": "Lọc theo xã/phường, cuộc bầu cử và lần bầu cử.",
                },
            ),
            ("heading", "Bước 2: nhập đúng như bản giấy"),
            _list(
                "Ghi các số: cử tri trong danh sách, cử tri đã bỏ phiếu, phiếu phát "
                "ra, phiếu thu vào, phiếu hợp lệ, phiếu không hợp lệ.",
                "Ghi số phiếu bầu cho từng người ứng cử theo thứ tự trên phiếu bầu, "
                "rồi ý kiến khiếu nại, tố cáo (nếu có). Bấm «Lưu lần nhập».",
                "Số không khớp nhau (ví dụ phiếu hợp lệ cộng không hợp lệ khác số "
                "phiếu thu vào) thì không lưu được: đối chiếu lại bản giấy.",
            ),
            (
                "picture",
                {
                    "image": "nhap-bien-ban.png",
                    "title": "Màn hình nhập biên bản kết quả kiểm phiếu",
                    "caption": "Màn hình nhập có cùng thứ tự mục như biên bản giấy.",
                },
            ),
            ("heading", "Bước 3: lần nhập thứ hai và gửi"),
            _text(
                "Một người khác nhập lại biên bản đó. Hai lần nhập khớp nhau thì "
                "biên bản chuyển sang «Đã nhập»; khác nhau thì người phụ trách so "
                "sánh hai lần nhập và chọn lần đúng hoặc trả về để nhập lại.",
                "Cảnh báo (ví dụ phiếu không hợp lệ trên 3%) cần ghi giải thích trước "
                "khi gửi. Sau khi gửi, Ban bầu cử của đơn vị hoặc Ủy ban bầu cử chấp "
                "nhận biên bản.",
            ),
        ],
        "attachments": [],
    }


GUIDES = (voter_import, turnout_entry, counting_minutes)


def _resolve(spec: dict) -> dict:
    steps = []
    for kind, value in spec["steps"]:
        if kind == "picture":
            value = {
                "image": _picture(value["image"], value["title"]),
                "caption": value["caption"],
            }
        steps.append((kind, value))
    attachments = [
        (kind, {"document": _voter_template(), "note": value["note"]})
        for kind, value in spec["attachments"]
    ]
    return spec | {"steps": steps, "attachments": attachments}


def ensure_guides() -> list[tuple[str, bool]]:
    """-> (slug, created) for each demo guide."""
    index = GuideIndexPage.objects.first()
    if index is None:
        return []
    users = get_user_model().objects
    trainer = users.filter(username="taphuan").first()
    approver = users.filter(username="thanhpho").first()
    done = []
    for make in GUIDES:
        spec = make()
        if GuidePage.objects.filter(slug=spec["slug"]).exists():
            done.append((spec["slug"], False))
            continue
        guide = GuidePage(owner=trainer, **_resolve(spec))
        index.add_child(instance=guide)
        guide.save_revision(user=trainer).publish(user=approver)
        done.append((spec["slug"], True))
    return done
