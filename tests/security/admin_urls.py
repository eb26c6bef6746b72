"""Every admin URL pattern the resolver knows, and how to fill its arguments with objects that are
not the caller's. Nothing here names a URL: a pattern added later is walked like the others, and
an argument nobody knows how to fill is an error, not a skip."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    Page,
    Revision,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail_localize.models import OverridableSegment, StringSegment, Translation, TranslationSource

from assurance.models import SpotCheck, TamperAlert
from assurance.views.circulars import KINDS
from disclosure.models import Application, ApplicationFile
from disclosure.views.applications import ALL_ACTIONS as APPLICATION_ACTIONS
from interaction.models import ErrorReport, Letter, LetterAttachment
from interaction.views.letters import ACTIONS
from sites.models import SiteProfile
from solicitation.models import Comment, SolicitationPage
from submissions.models import Submission

PARENT = "parent page"  # a page of the other side that takes children
# Argument names that say what they hold.
NAMED = {
    "page_id": Page,
    "page_pk": Page,
    "page_to_move_id": Page,
    "parent_page_id": PARENT,
    "destination_id": PARENT,
    "revision_id": Revision,
    "revision_id_a": Revision,
    "revision_id_b": Revision,
    "task_state_id": TaskState,
    "workflow_state_id": WorkflowState,
    "task_id": Task,
    "workflow_pk": Workflow,
    "collection_id": Collection,
    "image_id": Image,
    "document_id": Document,
    "doc_id": Document,
    "uploaded_file_id": UploadedFile,
    "query_id": Query,
    "redirect_id": Redirect,
    "profile_id": SiteProfile,
    "translation_source_id": TranslationSource,
    "translation_id": Translation,
    "string_segment_id": StringSegment,
    "overridable_segment_id": OverridableSegment,
    "session_id": "wagtailadmin.EditingSession",
    "user_id": settings.AUTH_USER_MODEL,
    "letter_id": Letter,
    "attachment_id": LetterAttachment,
    "report_id": ErrorReport,
    "solicitation_id": SolicitationPage,
    "comment_id": Comment,
    "application_id": Application,
    "file_id": ApplicationFile,
}
# Generic names (pk, object_id) take the model of the view, or of the route's prefix when the view
# does not say (function views, Wagtail's page view router).
PREFIX_MODELS = [
    ("admin/workflows/tasks/", Task),
    ("admin/workflows/", Workflow),
    ("admin/pages/", Page),
    ("admin/submissions/", Submission),
    ("admin/assurance/spot-checks/", SpotCheck),
    ("admin/assurance/tamper/", TamperAlert),
]
GENERIC = ("pk", "object_id", "id")


class Unmapped(Exception):
    """A URL argument this module cannot fill with an object of the other side."""


@dataclass(frozen=True)
class AdminPattern:
    route: str
    name: str
    callback: object
    chain: tuple  # the pattern objects from the root resolver down to this one

    @property
    def kwargs(self):
        names = []
        for pattern in self.chain:
            if isinstance(pattern, RoutePattern):
                names += re.findall(r"<(?:\w+:)?(\w+)>", str(pattern))
            elif isinstance(pattern, RegexPattern):
                names += list(pattern.regex.groupindex)
        return names

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    def __str__(self):
        return self.route


def admin_patterns():
    """Every admin pattern that answers a request: one the project puts in front of Wagtail's at
    the same address (sites.admin_urls, …) shadows Wagtail's, which is left out."""
    found = []
    routes = set()

    def walk(patterns, route, chain):
        for entry in patterns:
            here = (*chain, entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route + str(entry.pattern), here)
            elif route.startswith("admin/") and (full := route + str(entry.pattern)) not in routes:
                routes.add(full)
                found.append(AdminPattern(full, entry.name or "", entry.callback, here))

    walk(get_resolver().url_patterns, "", ())
    return found


def _as_model(model):
    return apps.get_model(model) if isinstance(model, str) else model


def view_model(pattern):
    init = getattr(pattern.callback, "view_initkwargs", None) or {}
    cls = pattern.view_class
    model = init.get("model") or getattr(cls, "model", None)
    queryset = init.get("queryset") or getattr(cls, "queryset", None)
    if model is None and queryset is not None:
        model = getattr(queryset, "model", None)
    if not isinstance(model, (type, str)):  # e.g. a property resolved per request
        model = None
    if model is None:
        model = next((m for prefix, m in PREFIX_MODELS if pattern.route.startswith(prefix)), None)
    return _as_model(model)


def other_object(side_objects, model, what):
    """The other side's object of this model (or of a subclass of it)."""
    model = _as_model(model)
    if model in side_objects:
        return side_objects[model]
    if isinstance(model, type):
        for key, obj in side_objects.items():
            if isinstance(key, type) and isinstance(obj, model):
                return obj
    raise Unmapped(f"{what}: no object of the other side for {getattr(model, '__name__', model)}")


def _models(side_objects):
    seen = []
    for key, obj in side_objects.items():
        if isinstance(key, type) and isinstance(obj, Model) and type(obj) not in seen:
            seen.append(type(obj))
    return seen


def _label(model):
    return model._meta.app_label, model._meta.model_name


def _choices(pattern, name, objects):
    """Values of an argument that holds no id: what the other side's objects or the view allow."""
    page = objects[Page]
    if name == "action_name":
        actions = getattr(pattern.view_class, "actions", None)
        if actions:
            return list(actions)
        task = objects[TaskState].task.specific
        # A superuser is offered every action of any task (a unit's review stage has no fixed groups).
        reviewer = get_user_model()(is_superuser=True, is_active=True)
        return [action for action, *_ in task.get_actions(objects[TaskState].workflow_state.content_object, reviewer)]
    if name == "kind":
        return list(KINDS)
    if name == "year":  # a report's year: the other side's reports stand there
        return [2025]
    if name == "action":  # the handling steps of a letter or an application
        return list(APPLICATION_ACTIONS if pattern.route.startswith("admin/disclosure/") else ACTIONS)
    if name == "mode":
        return [mode for mode, _label in page.specific.preview_modes if mode] or ["default"]
    if name == "filter_spec":
        return ["original", "max-165x165"]
    if name == "uidb64":
        return [urlsafe_base64_encode(force_bytes(objects[get_user_model()].pk))]
    if name == "token":
        return ["forged-token"]
    if name == "content_type_app_name":
        return [page.specific_class._meta.app_label]
    if name == "content_type_model_name":
        return [page.specific_class._meta.model_name]
    raise Unmapped(f"{pattern.route}: no value of the other side for the argument '{name}'")


def fillings(pattern, objects, own=None):
    """[(label, kwargs, subject)]: the pattern's arguments filled with the other side's objects
    (subject: the object the request is about, for ?id=). With own objects, also the variant where
    the first id is the actor's own and the rest are not (a state, revision or segment smuggled in
    under one's own page)."""
    names = ["app_label" if name == "app_name" else name for name in pattern.kwargs]
    if "app_label" in names and "model_name" in names:
        combos = []
        if "action" in names:
            bulk_action_registry._scan_for_bulk_actions()
            for app_label, per_model in bulk_action_registry.actions.items():
                for model_name, actions in per_model.items():
                    model = apps.get_model(app_label, model_name)
                    for action in actions:
                        combos.append((model, {"action": action}))
        else:
            combos = [(model, {}) for model in _models(objects)]
        result = []
        for model, extra in combos:
            subject = other_object(objects, model, f"{pattern.route} ({model.__name__})")
            kwargs = {"app_label": _label(model)[0], "model_name": _label(model)[1], **extra}
            for generic in GENERIC:
                if generic in names:
                    kwargs[generic] = str(subject.pk)
            kwargs.update(_fill(pattern, [n for n in names if n not in kwargs], objects))
            if "app_name" in pattern.kwargs:
                kwargs["app_name"] = kwargs.pop("app_label")
            result.append((f"{model.__name__}{'/' + extra['action'] if extra else ''}", kwargs, subject))
        return result

    model = view_model(pattern)
    subject = None
    ids = [n for n in names if n in NAMED or n in GENERIC]
    if ids:
        first = ids[0]
        subject = _object_for(pattern, first, model, objects)
    elif model is not None:
        subject = other_object(objects, model, pattern.route) if _has(objects, model) else objects[Page]
    else:
        subject = objects[Page]
    result = [("other", _fill(pattern, names, objects, model), subject)]
    # Under one's own page, the other side's ids go in the body (plausible_body) or in the other
    # arguments: a form that takes them by raw id is a hole too.
    if own and ids and (len(ids) > 1 or NAMED.get(ids[0]) in (Page, PARENT)):
        first = ids[0]
        try:
            mine = _object_for(pattern, first, model, own)
        except Unmapped:
            mine = None
        if mine is not None:
            kwargs = dict(result[0][1])
            kwargs[first] = mine.pk
            result.append(("own+other", kwargs, mine))
    return result


def _has(objects, model):
    try:
        other_object(objects, model, "")
    except Unmapped:
        return False
    return True


def _object_for(pattern, name, model, objects):
    if name in NAMED:
        target = NAMED[name]
        if target == PARENT:
            return objects[PARENT]
        return other_object(objects, target, f"{pattern.route}: argument '{name}'")
    if model is None:
        raise Unmapped(f"{pattern.route}: argument '{name}' of a view without a model")
    return other_object(objects, model, f"{pattern.route}: argument '{name}'")


def _fill(pattern, names, objects, model=None):
    kwargs = {}
    for name in names:
        if name in NAMED or name in GENERIC:
            kwargs[name] = _object_for(pattern, name, model, objects).pk
        else:
            kwargs[name] = _choices(pattern, name, objects)
    # One request per value of a multi-valued argument would multiply the requests; every value
    # is tried once, the other arguments fixed at their first value.
    return kwargs


def expand(kwargs):
    """One kwargs dict per value of each multi-valued argument."""
    lists = {k: v for k, v in kwargs.items() if isinstance(v, list)}
    base = {k: (v[0] if isinstance(v, list) else v) for k, v in kwargs.items()}
    if not lists:
        return [base]
    out = []
    for name, values in lists.items():
        for value in values:
            variant = {**base, name: value}
            if variant not in out:
                out.append(variant)
    return out


def build_url(pattern, kwargs):
    """The path of the pattern with these arguments, checked to resolve back to the same view."""
    parts = []
    for piece in pattern.chain:
        if isinstance(piece, RoutePattern):
            text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), str(piece))
        elif isinstance(piece, RegexPattern):
            text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: str(kwargs[m.group(1)]), str(piece))
            text = text.replace(".*", "walls-unknown").replace("\\.", ".").lstrip("^").rstrip("$").replace("\\Z", "")
            if re.search(r"[()\[\]*+?|\\]", text):
                raise Unmapped(f"{pattern.route}: cannot write a path for the regular expression {piece}")
        else:
            raise Unmapped(f"{pattern.route}: unknown pattern type {type(piece).__name__}")
        parts.append(text)
    url = "/" + "".join(parts)
    match = resolve(url)
    if match.func is not pattern.callback:
        raise Unmapped(f"{pattern.route}: {url} resolves to {match.route}, another view (shadowed pattern?)")
    return url
