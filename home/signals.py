"""Keep the page cache fresh: any change to what a public page can show makes every stored
page out of date (home/page_cache.py explains why everything, and how). A change that only
a news story's own rows make leaves the page fragments of the rest of the site as they are
(home/fragments.py)."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .page_cache import content_changed
from .warming import render_after_commit

# Models whose rows no anonymous visitor ever sees: writing them leaves stored pages as they
# are. Every other model, including those added later, refreshes the cache when written.
UNSEEN_MODELS = {
    "admin.*",
    "auth.*",
    "contenttypes.*",
    "sessions.*",
    "captcha.*",
    "django_tasks_database.*",
    "wagtailadmin.*",
    "wagtailsearch.*",
    "wagtailusers.*",
    "wagtailembeds.Embed",
    "wagtailimages.Rendition",
    "wagtailforms.FormSubmission",
    "wagtailcore.APIToken",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.GroupApprovalTask",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.GroupSitePermission",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.Revision",
    "wagtailcore.Task",
    "wagtailcore.TaskState",
    "wagtailcore.UploadedFile",
    "wagtailcore.Workflow",
    "wagtailcore.WorkflowContentType",
    "wagtailcore.WorkflowPage",
    "wagtailcore.WorkflowState",
    "wagtailcore.WorkflowTask",
    "membership_forms.Application",
    "membership_forms.ApplicationContact",
    "membership_forms.ApplicationDraft",
    "membership_forms.EnquiryEvent",
    "membership_forms.EnquiryReferenceCounter",
    "membership_forms.MembershipEmail",
    "membership_forms.MembershipEmailSettings",
    "membership_forms.MembershipEnquiry",
}
# A page saved with only these fields has a new draft or lock: its live version is unchanged.
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


# Rows that only news listings and stories show: the story itself in the site's main
# language (while its address stays the same: moves, new slugs and deletions change links
# elsewhere), its topics, and the topic names. A translated story changes what the language
# switcher and links in the other language lead to, so it counts as a change to the frame.
NEWS_ONLY_MODELS = {"news.NewsPageTopic", "taggit.Tag"}


def scope_of(instance) -> str:
    label = instance._meta.label
    if label in NEWS_ONLY_MODELS:
        return "news"
    if label == "news.NewsPage" and instance.locale.language_code == settings.LANGUAGE_CODE:
        return "news"
    return "frame"


def is_seen(model) -> bool:
    meta = model._meta
    return f"{meta.app_label}.*" not in UNSEEN_MODELS and meta.label not in UNSEEN_MODELS


def saved(sender, instance, update_fields=None, using=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    content_changed(using, scope_of(instance))


def deleted(sender, instance, using=None, **kwargs):
    content_changed(using, "news" if instance._meta.label in NEWS_ONLY_MODELS else "frame")


def relation_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_") and is_seen(sender):
        content_changed(using)


def page_published_handler(sender, instance, **kwargs):
    content_changed(scope=scope_of(instance))
    render_after_commit(instance)


def page_changed(sender, **kwargs):
    content_changed()


def connect_signal_handlers() -> None:
    # Connected model by model, so that deleting unseen rows (sessions, captchas, enquiries
    # being purged) keeps Django's fast bulk delete.
    for model in apps.get_models():
        if is_seen(model):
            post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-{model._meta.label}")
            post_delete.connect(
                deleted, sender=model, dispatch_uid=f"page-cache-del-{model._meta.label}"
            )
    m2m_changed.connect(relation_changed, dispatch_uid="page-cache-m2m")
    # Publishing saves rows too; moving, and unpublishing a page's descendants, update rows
    # in bulk without saving them.
    page_published.connect(page_published_handler, dispatch_uid="page-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="page-cache-moved")
    page_slug_changed.connect(page_changed, dispatch_uid="page-cache-slug-changed")
