"""django_tasks_db's app, named in Vietnamese (its own name, "Tasks Database Backend",
is English and not translatable). Its own module: Django takes the one AppConfig of an
app's apps.py as its default, so this one must not sit beside ImportersConfig."""

from django_tasks_db.apps import TasksAppConfig


class TaskResultsConfig(TasksAppConfig):
    """django_tasks_db (the import jobs' queue when no RQ runs), named in Vietnamese
    on the admin index and the groups' permission list (its own name is English and
    not translatable)."""

    verbose_name = "Tác vụ chạy nền"
