"""Who writes which pages, and the moderation of guides, set with the role groups.

`access.roles.sync_groups()` (run after every `migrate`) calls `grant()`:

- trainers: add and edit pages in the guides section only; they cannot publish, so a
  guide goes through the workflow "Duyệt hướng dẫn nghiệp vụ" (Submit for moderation);
- the city committee approves (or sends back) a submitted guide: it is the one group
  of the workflow's task and has publish rights on the section;
- every committee (city, district, commune) writes and publishes news and
  announcements;
- trainers and committees upload and choose images and documents (pictures of
  screens, forms and templates to attach).

Idempotent: what is there is kept, what is missing is added.
"""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from electionadmin.access import roles

WORKFLOW_NAME = "Duyệt hướng dẫn nghiệp vụ"
TASK_NAME = "Ủy ban bầu cử tỉnh/thành phố duyệt"
COMMITTEES = (roles.CITY_COMMITTEE, roles.DISTRICT_COMMITTEE, roles.COMMUNE_COMMITTEE)
GUIDE_RIGHTS = {
    roles.TRAINER: ("add", "change"),
    roles.CITY_COMMITTEE: ("add", "change", "publish"),
}
NEWS_RIGHTS = dict.fromkeys(COMMITTEES, ("add", "change", "publish"))
MEDIA_RIGHTS = dict.fromkeys((roles.TRAINER, *COMMITTEES), ("add", "change", "choose"))
APPROVERS = (roles.CITY_COMMITTEE,)
# Wagtail's own default workflow and task (on the root page, so on the news too):
# the editor's button reads "Gửi duyệt: <workflow>", so they carry Vietnamese names.
WAGTAIL_DEFAULT = "Moderators approval"
DEFAULT_WORKFLOW_NAME = "Duyệt trang của biên tập viên"
DEFAULT_TASK_NAME = "Biên tập viên duyệt"
# Wagtail's own groups (its first migration makes them), shown on the users and
# groups pages: Vietnamese names too.
WAGTAIL_GROUPS = {"Moderators": "Người duyệt trang", "Editors": "Biên tập viên"}


def _page_permission(kind: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{kind}_page"
    )


def _grant_pages(groups: dict[str, Group], page, rights: dict) -> None:
    for role, kinds in rights.items():
        for kind in kinds:
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=page, permission=_page_permission(kind)
            )


def _grant_media(groups: dict[str, Group]) -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    for role, verbs in MEDIA_RIGHTS.items():
        for app_label, model in (
            ("wagtailimages", "image"),
            ("wagtaildocs", "document"),
        ):
            for verb in verbs:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{verb}_{model}"
                ).first()
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[role], collection=root, permission=permission
                    )


def guide_workflow(groups: dict[str, Group]) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(*(groups[role] for role in APPROVERS))
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def name_wagtail_defaults() -> None:
    Workflow.objects.filter(name=WAGTAIL_DEFAULT).update(name=DEFAULT_WORKFLOW_NAME)
    Task.objects.filter(name=WAGTAIL_DEFAULT).update(name=DEFAULT_TASK_NAME)
    for english, vietnamese in WAGTAIL_GROUPS.items():
        if not Group.objects.filter(name=vietnamese).exists():
            Group.objects.filter(name=english).update(name=vietnamese)


def grant(groups: dict[str, Group]) -> None:
    from .models import GuideIndexPage, NewsIndexPage

    tables = connection.introspection.table_names()
    if NewsIndexPage._meta.db_table not in tables:
        return  # migrated only part of the way
    name_wagtail_defaults()
    _grant_media(groups)
    guides = GuideIndexPage.objects.first()
    if guides is not None:
        _grant_pages(groups, guides, GUIDE_RIGHTS)
        workflow = guide_workflow(groups)
        WorkflowPage.objects.update_or_create(
            page=guides.page_ptr, defaults={"workflow": workflow}
        )
    news = NewsIndexPage.objects.first()
    if news is not None:
        _grant_pages(groups, news, NEWS_RIGHTS)


roles.AFTER_SYNC.append(grant)
