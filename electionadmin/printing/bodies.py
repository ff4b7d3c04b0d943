"""An election body's members as the forms list them, and the signature blocks."""

from electionadmin.setup.models import BodyMember, ElectionBody

ROLE_ORDER = {"chair": 0, "vice_chair": 1, "secretary": 2, "member": 3}


def committee_body(election, admin_unit) -> ElectionBody | None:
    return (
        ElectionBody.objects.filter(
            election=election, kind="committee", admin_unit=admin_unit
        )
        .prefetch_related("members")
        .first()
    )


def members_of(body: ElectionBody | None) -> list[dict]:
    """The body's members, chair first, each with the title of their role."""
    if body is None:
        return []
    members = sorted(
        body.members.all(), key=lambda m: (ROLE_ORDER[m.role], m.position, m.pk)
    )
    titles = BodyMember.ROLE_TITLES.get(body.kind, {})
    return [
        {
            "name": m.full_name,
            "role": m.role,
            "title": titles.get(m.role, BodyMember.Role(m.role).label),
        }
        for m in members
    ]


def signatures(body: ElectionBody | None, kind: str, seal: bool) -> dict:
    """TM. <body> + the chair (name printed); vice-chairs (or the secretary)."""
    members = members_of(body)
    chair = next((m for m in members if m["role"] == "chair"), None)
    title = BodyMember.ROLE_TITLES[kind]["chair"]
    body_word = dict(ElectionBody.Kind.choices)[kind]
    others = [m for m in members if m["role"] == "vice_chair"]
    other_title = f"CÁC {BodyMember.ROLE_TITLES[kind]['vice_chair'].upper()}"
    if kind == "team":
        others = [m for m in members if m["role"] == "secretary"][:1]
        other_title = "THƯ KÝ"
    return {
        "on_behalf": f"TM. {body_word.upper()}",
        "chair_title": title.upper(),
        "chair_name": chair["name"] if chair else "",
        "how": "(Ký tên, đóng dấu)" if seal else "(Ký, ghi rõ họ tên)",
        "others_title": other_title,
        "others": [m["name"] for m in others],
        "witnesses": kind == "team",
    }
