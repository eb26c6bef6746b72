"""The other side of the wall: objects of 友谊县 (youyi.localhost), of the city, of the portal's
Russian tree and of 市商务局 (a city department keeping a portal column), each carrying a marker that
must never reach a county's staff, the English translator or 市统计局's editor (who keeps portal
columns of their own), and the actors who try to reach them."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Model, Q
from django.test import TestCase
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
    get_page_models,
)
from wagtail.search import index
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from annualreports.models import DisclosureReport
from assurance.models import SpotCheck, TamperAlert
from columns.models import ColumnPage
from content.models import ArticlePage
from disclosure.models import Application, ApplicationFile
from interaction.models import ErrorReport, Letter, LetterAttachment, MailboxPage
from proofreading.models import ProofreadingRule
from search.models import Synonym
from sites.caching import forget_sites
from sites.models import SiteGroup, SiteProfile, Unit
from sites.provisioning import provision_site
from sites.routing import own_pages_q
from solicitation.drafts import publish_draft
from solicitation.models import Comment, SolicitationPage
from submissions.models import Submission
from translations.groups import TRANSLATOR_GROUPS, ensure_translator_groups
from websitereports.models import WebsiteReport
from workdays.models import CalendarDay

from .admin_urls import PARENT

SEARCH_WORD = "ZQSEARCH"  # in every searchable object of the other side, never checked for
OTHER_HOSTNAME = "youyi.localhost"
# Lower-case; a response that contains one of these showed something of the other side.
# The portal's own columns may be named after a county (县域动态 › 友谊县): the site is named in full.
# What the other side keeps to itself: drafts, unpublished files, the city's rules, its staff, groups,
# workflow and stages, its unit and profile. Its live pages are public (their titles, the site's
# name, its hostname) and may be offered for linking, so they carry no marker.
MARKERS = (
    "youyisecret",
    "rusecret",
    "citysecret",
    "机密",
    "友谊县人民政府·",  # its groups
    "·友谊县人民政府",  # its review stages
    "友谊县人民政府三审三校",  # its workflow
    "shangwusecret",  # 市商务局's draft in the portal column it keeps
    "市商务局·",  # its groups
)


# Rewritten by any translator's sync of the source, whatever the language.
SHARED = (TranslationSource, StringSegment, OverridableSegment)


@dataclass
class Side:
    """One actor's view of the cluster: whom they are and what is not theirs."""

    actor: object
    foreign: dict = field(default_factory=dict)  # model -> the other side's object
    own: dict = field(default_factory=dict)  # model -> an object of the actor's own


def _site(hostname):
    return Site.objects.select_related("root_page", "profile").get(hostname=hostname)


def _column(site, key):
    return ColumnPage.objects.filter(own_pages_q(site)).get(column_key=key)


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.cn", "pw")
    user.groups.add(*groups)
    return user


def _role_group(site, role):
    return SiteGroup.objects.get(profile__site=site, role=role).group


def _unit_group(profile, role):
    return SiteGroup.objects.get(profile=profile, role=role).group


def _department(slug, name):
    path = f"homepage/disclosure-catalogue/by-organisation/{slug}"
    return provision_site(parent="localhost", level="department", name=name, path=path).profile


def _kept_item(column, title, slug, editor):
    """An item a keeping unit's editor made in a portal column and submitted for review."""
    item = ArticlePage(title=title, slug=slug, live=False, body="<p>正文</p>")
    column.add_child(instance=item)
    revision = item.save_revision(user=editor)
    state = item.get_workflow().start(item, editor)
    return item, revision, state


def _draft(page, title, user):
    """Save a draft revision under another title, the live row keeping its own."""
    live_title = page.title
    page.title = title
    revision = page.save_revision(user=user, log_action=True)
    page.title = live_title
    return revision


def _media(collection, name, user):
    image = Image.objects.create(
        title=f"机密图片YOUYISECRET {SEARCH_WORD}",
        file=get_test_image_file(filename=f"{name}-image.png"),
        collection=collection,
        uploaded_by_user=user,
    )
    document = Document.objects.create(
        title=f"机密文件YOUYISECRET {SEARCH_WORD}",
        file=ContentFile(b"%PDF-1.4 youyi", name=f"{name}-doc.pdf"),
        collection=collection,
        uploaded_by_user=user,
    )
    uploaded = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(Image),
        file=ContentFile(b"GIF89a", name=f"{name}-upload.gif"),
        uploaded_by_user=user,
    )
    return image, document, uploaded


def _letters(youyi):
    """A resident's letter to 友谊县's 县长信箱, its attachment, and an error report on its site."""
    now = timezone.now()
    letter = Letter.objects.create(
        mailbox=MailboxPage.objects.filter(own_pages_q(youyi)).get(column_key="interaction/mailbox"),
        profile=youyi.profile,
        handler=youyi.profile,
        number="YOUYISECRET01",
        query_code_hash="0" * 64,
        kind="complaint",
        title=f"机密来信YOUYISECRET {SEARCH_WORD}",
        content="来信内容YOUYISECRET",
        name="YOUYISECRET来信人",
        phone="13900000000",
        email="youyisecret@example.cn",
        received_at=now,
        accept_due=now.date(),
    )
    attachment = LetterAttachment.objects.create(
        letter=letter,
        file=ContentFile(b"%PDF-1.4 youyisecret", name="youyisecret.pdf"),
        name="youyisecret.pdf",
        content_type="application/pdf",
        size=20,
    )
    report = ErrorReport.objects.create(
        profile=youyi.profile,
        number="YOUYISECRETE1",
        url="/youyisecret/",
        kind="wrong_info",
        description="纠错YOUYISECRET",
        received_at=now,
        due=now.date(),
    )
    return letter, attachment, report


def _application(youyi):
    """An application to 友谊县人民政府 awaiting its 补正, with the applicant's own paper and a
    drafted 告知书: what a paper 补正, a handling step or a file view could reach."""
    today = timezone.localdate()
    application = Application.objects.create(
        profile=youyi.profile,
        handler=youyi.profile,
        number="YOUYISECRETA1",
        query_code_hash="0" * 64,
        applicant_kind="person",
        name="YOUYISECRET申请人",
        id_type="id_card",
        id_number="230522YOUYISECRET",
        phone="13700000000",
        email="youyisecret-applicant@example.cn",
        description=f"申请公开YOUYISECRET {SEARCH_WORD}",
        medium="electronic",
        delivery="email",
        state=Application.State.CLARIFYING,
        submitted_at=timezone.now(),
        received_on=today,
        clarification_sent_on=today,
        clarification_request="补正要求YOUYISECRET",
        clarification_due=today,
        outcome="withhold.internal",
        decision_basis="YOUYISECRET理由",
        decision_letter="YOUYISECRET申请人：告知书",
    )
    paper = ApplicationFile.objects.create(
        application=application,
        kind=ApplicationFile.Kind.APPLICANT,
        file=ContentFile(b"%PDF-1.4 youyisecret", name="youyisecret-id.pdf"),
        name="youyisecret-id.pdf",
        content_type="application/pdf",
        size=20,
    )
    return application, paper


def build():
    """Everything once, in the caller's transaction; returns {actor key: Side}."""
    jixian, youyi, portal = _site("jixian.localhost"), _site(OTHER_HOSTNAME), _site("localhost")
    english, russian = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="ru")
    youyi_editor = _user("youyisecret_editor", _role_group(youyi, "editor"))

    # 友谊县: a live item with a draft in its 初审, media in its own collection, its records.
    youyi.profile.unit.name = "友谊县YOUYISECRET单位"
    youyi.profile.unit.save()
    Site.objects.filter(pk=youyi.pk).update(site_name="友谊县YOUYISECRET人民政府")
    forget_sites()
    item = ArticlePage(title=f"友谊县公开动态 {SEARCH_WORD}", slug="youyi-live-item", body="<p>正文</p>")
    _column(youyi, "news/local-news").add_child(instance=item)
    item.save_revision(user=youyi_editor).publish(user=youyi_editor, skip_permission_checks=True)
    revision = _draft(item, f"机密草稿YOUYISECRET {SEARCH_WORD}", youyi_editor)
    workflow = item.get_workflow()
    workflow_state = workflow.start(item, youyi_editor)
    task_state = workflow_state.current_task_state
    collection = youyi.profile.collection
    collection.name = "友谊县YOUYISECRET图片库"
    collection.save()
    image, document, uploaded = _media(collection, "youyisecret", youyi_editor)
    PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.PASSWORD, password="x")
    redirect = Redirect.objects.create(old_path="/youyisecret-old", site=youyi, redirect_page=item)
    query = Query.get(f"youyisecret {SEARCH_WORD}")
    SearchPromotion.objects.create(query=query, page=item, description="YOUYISECRET 推荐")
    session = EditingSession.objects.create(
        user=youyi_editor,
        content_type=ContentType.objects.get_for_model(item.__class__),
        object_id=str(item.pk),
        last_seen_at=timezone.now(),
    )
    submission = Submission.objects.create(
        source_page=item,
        title=f"报送YOUYISECRET {SEARCH_WORD}",
        source_url="http://youyi.localhost/youyi-live-item/",
        source_profile=youyi.profile,
        unit=youyi.profile.unit,
        column=_column(portal, "homepage/current-affairs"),
        submitted_by=youyi_editor,
    )
    solicitation = publish_draft(
        _column(youyi, "interaction/opinion-solicitation"),
        "友谊县征求意见公告",
        "",
        youyi.profile.unit,
        timezone.localdate(),
        timezone.localdate(),
        [("第一条", "条款")],
        slug="youyi-solicitation",
    )
    comment = Comment.objects.create(
        page=solicitation,
        content=f"机密意见YOUYISECRET {SEARCH_WORD}",
        name="YOUYISECRET",
        phone="13800000000",
        received_at=timezone.now(),
    )
    rule = ProofreadingRule.objects.create(pattern=f"禁用词CITYSECRET{SEARCH_WORD}", note="CITYSECRET")
    spot_check = SpotCheck.objects.create(year=2026, quarter=4, seed="citysecret", sheet=[])
    tamper_alert = TamperAlert.objects.create(
        page=item,
        profile=youyi.profile,
        title=item.title,
        url=item.full_url,
        platform_hash="0" * 64,
        public_hash="1" * 64,
        diff=f"YOUYISECRET {SEARCH_WORD}",
        detected_at=timezone.now(),
        last_seen=timezone.now(),
    )
    synonym = Synonym.objects.create(term=f"CITYSECRET{SEARCH_WORD}", expansions="CITYSECRET")  # the city's dictionary
    youyi_reviewers = _role_group(youyi, "first_review")
    youyi_task = GroupApprovalTask.objects.filter(groups=youyi_reviewers).first()

    # The portal's Russian tree: the 本市概况 channel translated, with a Russian draft.
    home = portal.root_page
    channel = home.get_children().get(slug="city-profile")
    for page in (home, channel):
        with TestCase.captureOnCommitCallbacks(execute=True):
            translate_object(page.specific, [english, russian])
    ensure_translator_groups()
    ru_channel = channel.get_translation(russian).specific
    ru_revision = _draft(ru_channel, "ЧЕРНОВИК RUSECRET", None)
    en_channel = channel.get_translation(english).specific
    source = TranslationSource.objects.get_for_instance(channel)
    ru_translation = Translation.objects.get(source=source, target_locale=russian)
    en_translation = Translation.objects.get(source=source, target_locale=english)
    segment = StringSegment.objects.filter(source=source).first()
    # No page here has an overridable segment; one is made up on the home page's source, which no
    # request edits (a made-up segment breaks the translation editor of its page).
    home_source = TranslationSource.objects.get_for_instance(home)
    override = OverridableSegment.objects.create(
        source=home_source,
        context=TranslationContext.objects.create(object=home_source.object, path="walls.override", field_path=""),
        order=999,
        data_json='"x"',
    )
    ru_editor = _user("rusecret_translator", Group.objects.get(name=TRANSLATOR_GROUPS["ru"]))

    letter, attachment, error_report = _letters(youyi)
    application, application_file = _application(youyi)
    disclosure_report = DisclosureReport.objects.create(
        profile=youyi.profile, year=2025, overview="机密年报YOUYISECRET", problems="YOUYISECRET", other_matters="无"
    )
    website_report = WebsiteReport.objects.create(
        profile=youyi.profile, year=2025, entered={"head": "YOUYISECRET负责人"}, figures={"info_total": 7}
    )

    for obj in (item, image, document, rule, youyi.profile, youyi.profile.unit):
        if isinstance(obj, index.Indexed):
            index.insert_or_update_object(obj)

    common = {
        Collection: collection,
        Image: image,
        Document: document,
        UploadedFile: uploaded,
        Workflow: workflow,
        Task: youyi_task,
        GroupApprovalTask: youyi_task,
        TaskState: task_state,
        WorkflowState: workflow_state,
        Group: youyi_reviewers,
        get_user_model(): youyi_editor,
        Site: youyi,
        SiteProfile: youyi.profile,
        Unit: youyi.profile.unit,
        ProofreadingRule: rule,
        Synonym: synonym,
        Redirect: redirect,
        Query: query,
        EditingSession: session,
        Submission: submission,
        SpotCheck: spot_check,
        TamperAlert: tamper_alert,
        Locale: russian,
        TranslationSource: source,
        Translation: ru_translation,
        StringSegment: segment,
        OverridableSegment: override,
        PageLogEntry: PageLogEntry.objects.filter(page=item).first(),
        Letter: letter,
        LetterAttachment: attachment,
        Application: application,
        ApplicationFile: application_file,
        ErrorReport: error_report,
        CalendarDay: CalendarDay.objects.order_by("date").first(),  # the city's calendar
        SolicitationPage: solicitation,
        Comment: comment,
        DisclosureReport: disclosure_report,
        WebsiteReport: website_report,
    }
    county_foreign = {**common, Page: item, PARENT: item.get_parent().specific, Revision: revision}
    translator_foreign = {
        **common,
        Page: ru_channel,
        PARENT: ru_channel,
        Revision: ru_revision,
        get_user_model(): ru_editor,
        Group: Group.objects.get(name=TRANSLATOR_GROUPS["ru"]),
    }
    # 市商务局 keeps 招商引资 on the portal; 市统计局 keeps 统计公报 and must not reach 商务局's draft.
    # The departments are provisioned newest-first: 商务局's item exists before 统计局 does.
    shangwu = _department("shangwu", "市商务局")
    shangwu_editor = _user("shangwusecret_editor", _unit_group(shangwu, "editor"))
    trade = _column(portal, "investment/investment-promotion")
    shangwu_item, shangwu_revision, shangwu_state = _kept_item(
        trade, f"机密草稿SHANGWUSECRET {SEARCH_WORD}", "shangwusecret-draft", shangwu_editor
    )
    tongji = _department("tongji", "市统计局")
    tongji_editor = _user("walls_tongji_editor", _unit_group(tongji, "editor"))
    stats = _column(portal, "city-profile/statistical-communiques")
    tongji_item, tongji_revision, _state = _kept_item(stats, "统计局稿件", "tongji-own-item", tongji_editor)
    department_foreign = {
        **common,
        Page: shangwu_item,
        PARENT: trade,
        Revision: shangwu_revision,
        WorkflowState: shangwu_state,
        TaskState: shangwu_state.current_task_state,
        Group: _unit_group(shangwu, "first_review"),
        get_user_model(): shangwu_editor,
        SiteProfile: shangwu,
    }
    department_own = {Page: tongji_item, PARENT: stats, Revision: tongji_revision}

    jixian_item = ArticlePage(title="集贤县动态", slug="own-item", body="<p>正文</p>")
    _column(jixian, "news/local-news").add_child(instance=jixian_item)
    jixian_own = {Page: jixian_item, PARENT: jixian_item.get_parent().specific, Revision: jixian_item.save_revision()}
    translator = _user("walls_en_translator", Group.objects.get(name=TRANSLATOR_GROUPS["en"]))
    return {
        "county-editor": Side(_user("walls_jixian_editor", _role_group(jixian, "editor")), county_foreign, jixian_own),
        "county-reviewer": Side(
            _user("walls_jixian_reviewer", _role_group(jixian, "first_review")), county_foreign, jixian_own
        ),
        "department-editor": Side(tongji_editor, department_foreign, department_own),
        "translator": Side(
            translator,
            translator_foreign,
            {Page: en_channel, PARENT: en_channel, Revision: en_channel.save_revision(), Translation: en_translation},
        ),
    }


def _links():
    """(page model, field) for every page field that links to an image or a document."""
    return [
        (model, link)
        for model in get_page_models()
        for link in model._meta.get_fields(include_parents=False)
        if link.many_to_one and link.concrete and link.related_model in (Image, Document)
    ]


def foreign_links(side):
    """Form data: every such field set to the other side's image or document, by raw id."""
    return {link.name: side.foreign[link.related_model].pk for _model, link in _links()}


def _references(county):
    """Pages (live rows and revisions) that link to the other side's image or document."""
    count = 0
    for model, link in _links():
        target = county[link.related_model]
        count += model._base_manager.filter(**{link.name: target}).count()
        count += Revision.objects.filter(
            Q(**{f"content__{link.name}": target.pk}) | Q(**{f"content__{link.attname}": target.pk})
        ).count()
    return count


def _row(obj, *fields):
    if obj is None:
        return None
    fresh = type(obj)._base_manager.filter(pk=obj.pk).values(*fields).first()
    return fresh


def snapshot(sides):
    """What the other side holds, read fresh: any difference after a request is a write through the wall."""
    county, translator = sides["county-editor"].foreign, sides["translator"].foreign
    department = sides["department-editor"].foreign
    page_fields = (
        "title",
        "slug",
        "live",
        "path",
        "locked",
        "locked_by",
        "live_revision",
        "latest_revision",
        "has_unpublished_changes",
        "last_published_at",
        "alias_of",
        "expire_at",
        "go_live_at",
    )
    state = {
        "youyi item": _row(county[Page], *page_fields),
        "ru channel": _row(translator[Page], *page_fields),
        "shangwu item": _row(department[Page], *page_fields),
        "shangwu task state": _row(department[TaskState], "status", "finished_by"),
        "shangwu group permissions": sorted(department[Group].permissions.values_list("pk", flat=True)),
        "shangwu user groups": sorted(department[get_user_model()].groups.values_list("pk", flat=True)),
        "shangwu column": _row(department[PARENT], *page_fields),
        "ru user": _row(translator[get_user_model()], "username", "password", "is_active", "email"),
        "ru group": sorted(translator[Group].permissions.values_list("pk", flat=True)),
    }
    for model, obj in county.items():
        if isinstance(obj, Model) and model not in SHARED:
            state[getattr(model, "__name__", model)] = type(obj)._base_manager.filter(pk=obj.pk).values().first()
    state["youyi user groups"] = sorted(county[get_user_model()].groups.values_list("pk", flat=True))
    state["youyi group permissions"] = sorted(county[Group].permissions.values_list("pk", flat=True))
    youyi, collection, russian = county[Site], county[Collection], translator[Page].locale
    counts = {
        "youyi pages": Page.objects.filter(path__startswith=youyi.root_page.path),
        "russian pages": Page.objects.filter(locale=russian),
        "youyi images": Image.objects.filter(collection=collection),
        "youyi documents": Document.objects.filter(collection=collection),
        "youyi collections": Collection.objects.filter(path__startswith=collection.path),
        "youyi redirects": Redirect.objects.filter(site=youyi),
        "youyi submissions": Submission.objects.filter(source_profile=youyi.profile),
        "youyi workflow states": WorkflowState.objects.filter(object_id=str(county[Page].pk)),
        "russian translations": Translation.objects.filter(target_locale=russian),
        "view restrictions": PageViewRestriction.objects.all(),
        "youyi applications' events": county[Application].events.all(),
    }
    for model in (
        Workflow,
        Task,
        Group,
        get_user_model(),
        ProofreadingRule,
        Synonym,
        Unit,
        SiteProfile,
        Site,
        SpotCheck,
    ):
        counts[model.__name__] = model._base_manager.all()
    state.update({f"count of {name}": queryset.count() for name, queryset in counts.items()})
    state["pages linking to the other side's media"] = _references(county)
    state["the city's synonyms"] = list(Synonym.objects.order_by("pk").values_list("term", "expansions"))
    state["youyi item revisions"] = list(
        Revision.objects.filter(object_id=str(county[Page].pk)).values_list("pk", flat=True).order_by("pk")
    )
    state["shangwu item revisions"] = list(
        Revision.objects.filter(object_id=str(department[Page].pk)).values_list("pk", flat=True).order_by("pk")
    )
    state["pages below shangwu's column"] = Page.objects.filter(path__startswith=department[PARENT].path).count()
    state["ru channel revisions"] = list(
        Revision.objects.filter(object_id=str(translator[Page].pk)).values_list("pk", flat=True).order_by("pk")
    )
    return state
