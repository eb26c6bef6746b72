"""Every site's 三审三校 workflow: 初审 → 复审 → 终审, each a GroupApprovalTask bound to the site's own
reviewer group, then the city's 市级审核（敏感信息）, assigned on the site's home page (a township's
workflow on its own home overrides its county's for the township's subtree).

The functions take an `apps` registry so that the data migration can run them on historical models.
"""

from django.apps import apps as global_apps

REVIEW_STAGES = [("first_review", "初审"), ("second_review", "复审"), ("final_review", "终审")]
CITY_GROUP = "市级敏感信息审核"
CITY_TASK = "市级审核（敏感信息）"


def publish_workflow_state(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: the approved revision goes live once its last stage is passed,
    unless 智能校对 finds a blocking error in it (a reviewer may have saved a draft since the
    editor's submission was proofread); then it stays unpublished and the refusal is logged.

    Wagtail's default checks the last approver's publish permission; here the stages are the
    authority (the city's reviewers of sensitive items have no publish right on any site).
    """
    # Imported here: this module is loaded while the apps (and wagtail.models) are still loading.
    from proofreading import checks as proofreading
    from proofreading.forms import BLOCKED, log_findings

    revision = workflow_state.content_object.get_latest_revision()
    if blocking := proofreading.blocking(proofreading.proofread(revision.as_object())):
        log_findings(workflow_state.content_object, BLOCKED, user, blocking, action="approve")
        return
    revision.publish(user=user, skip_permission_checks=True)


def workflow_name(site_name):
    return f"{site_name}三审三校"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def ensure_city_review(apps=global_apps):
    """The city group 市级敏感信息审核 and the one CityReviewTask that every site's workflow shares."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    CityReviewTask = apps.get_model("review", "CityReviewTask")
    group, _ = Group.objects.get_or_create(name=CITY_GROUP)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin is not None:
        group.permissions.add(access_admin)
    task = CityReviewTask.objects.order_by("pk").first()
    if task is None:
        task = CityReviewTask.objects.create(
            name=CITY_TASK, content_type=_content_type(apps, "review", "cityreviewtask"), active=True
        )
    task.groups.add(group)
    return task


def ensure_site_workflow(profile, apps=global_apps):
    """Create what is missing of this site's workflow; editors and 终审 lose publish_page (the last
    approval publishes).

    Idempotent. Tasks another app put into the workflow stay where they are; missing stages are
    inserted after the stage before them.
    """
    SiteGroup = apps.get_model("sites", "SiteGroup")
    Site = apps.get_model("wagtailcore", "Site")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    if hasattr(profile, "root_page_id"):
        home_id, name = profile.root_page_id, profile.name
    else:  # historical models of the migrations before sites 0004
        site = Site.objects.get(pk=profile.site_id)
        home_id, name = site.root_page_id, site.site_name
    groups = {link.role: link.group for link in SiteGroup.objects.filter(profile_id=profile.pk).select_related("group")}
    review_groups = [groups[role] for role, _label in REVIEW_STAGES if role in groups]

    link = WorkflowPage.objects.filter(page_id=home_id).select_related("workflow").first()
    workflow = link.workflow if link else None
    if (
        workflow is None
        or not GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, groups__in=review_groups).exists()
    ):
        # None yet, or someone else's (say Wagtail's "Moderators approval"): the site gets its own.
        workflow = Workflow.objects.create(name=workflow_name(name), active=True)
        WorkflowPage.objects.update_or_create(page_id=home_id, defaults={"workflow": workflow})

    stages = []
    for role, label in REVIEW_STAGES:
        group = groups.get(role)
        if group is None:
            continue
        task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, groups=group).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=f"{label}·{name}",
                content_type=_content_type(apps, "wagtailcore", "groupapprovaltask"),
                active=True,
            )
            task.groups.add(group)
        stages.append(task.pk)
    stages.append(ensure_city_review(apps).pk)

    order = list(
        WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order", "pk").values_list("task_id", flat=True)
    )
    for index, task_id in enumerate(stages):
        if task_id not in order:
            order.insert(order.index(stages[index - 1]) + 1 if index else 0, task_id)
    for sort_order, task_id in enumerate(order):
        WorkflowTask.objects.update_or_create(workflow=workflow, task_id=task_id, defaults={"sort_order": sort_order})

    # Nobody on a site publishes around the workflow: the last approval publishes.
    GroupPagePermission.objects.filter(
        group__in=[groups[role] for role in ("editor", "final_review") if role in groups],
        page_id=home_id,
        permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).delete()
    return workflow


def ensure_all_workflows(apps=global_apps):
    SiteProfile = apps.get_model("sites", "SiteProfile")
    for profile in SiteProfile.objects.order_by("pk"):
        ensure_site_workflow(profile, apps)
