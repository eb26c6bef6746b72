"""The demo's English and Russian versions: the portal's 外文版 home, every 本市概况 column and
the 招商引资 channel with its investment projects, in Chinese with our own translations.

The Chinese text is written into the source pages, then each page goes through wagtail-localize
as a translator's work would: a TranslationSource, a StringTranslation for every segment, and a
published translation. A segment without a translation stops the build, so no Chinese is left
standing in a foreign page.
"""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from content.models import InvestmentProjectPage
from translations.groups import ensure_translator_groups
from translations.jobs import repair_child_counts
from translations.policy import translatable_q

HERE = Path(__file__).resolve().parent
CITY_PROFILE_FILE = HERE / "city_profile.yaml"
INVESTMENT_FILE = HERE / "investment.yaml"
LANGUAGES = ("en", "ru")
CHANNEL_TITLES = {"city-profile": {"en": "City Profile", "ru": "О городе"}}
PROJECT_FIELDS = ("title", "sector", "location", "total_investment", "cooperation", "contact", "summary")


def _key(text):
    """Segments are matched on their text with all whitespace removed (a <br> reads as nothing)."""
    return "".join(text.split())


def _paragraphs(paragraphs):
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


class ForeignVersions:
    def __init__(self, home, add_item, log):
        self.home = home
        self.add_item = add_item  # DemoBuilder._add: the same slugs and dates as the Chinese items
        self.log = log
        self.locales = [Locale.objects.get(language_code=code) for code in LANGUAGES]
        self.columns = yaml.safe_load(CITY_PROFILE_FILE.read_text(encoding="utf-8"))["columns"]
        investment = yaml.safe_load(INVESTMENT_FILE.read_text(encoding="utf-8"))
        self.intros, self.projects = investment["intros"], investment["projects"]
        self.texts = {}  # page pk -> {segment key: {language: text}}

    def build(self):
        self._write_chinese()
        pages = Page.objects.filter(translatable_q(self.home)).order_by("path").specific()
        translated = 0
        for page in pages:
            translated += self._translate(page)
        # wagtail-localize publishes new translations on commit; recount after those publishes.
        locale_ids = [locale.pk for locale in self.locales]
        transaction.on_commit(lambda: repair_child_counts(self.home.pk, locale_ids))
        ensure_translator_groups()
        self.log(f"  外文版：{len(pages)} 个页面，新译 {translated} 个英文、俄文页面")

    # The Chinese source -----------------------------------------------------------------------

    def _write_chinese(self):
        home = self.home.specific
        landing = self.intros["landing"]
        if not home.foreign_intro:
            home.foreign_intro = "\n".join(landing["zh"])
            home.save_revision().publish()
        self._texts_for(home, title=landing["title"], foreign_intro=landing)

        channels = {c.slug: c.specific for c in self.home.get_children().filter(translatable_q(self.home))}
        profile = channels["city-profile"]
        self._texts_for(profile, title=CHANNEL_TITLES["city-profile"])
        for key, data in self.columns.items():
            self._column(profile, key, data)

        investment = channels["investment"]
        if not investment.intro:
            investment.intro = "\n".join(self.intros["channel"]["zh"])
            investment.save_revision().publish()
        self._texts_for(investment, title=self.intros["channel"]["title"], intro=self.intros["channel"])
        for key in ("investment-promotion", "investment-promotion/english-russian"):
            self._column(investment, key, self.intros[key])

        column = self._descendant(investment, "investment-promotion")
        for project in self.projects:
            zh = project["zh"]
            fields = {name: zh[name] for name in PROJECT_FIELDS if name != "title"}
            page = self.add_item(column, InvestmentProjectPage, zh["title"], body=_paragraphs(zh["body"]), **fields)
            self._texts_for(
                page,
                **{name: {code: project[code][name] for code in LANGUAGES} for name in PROJECT_FIELDS},
                body={"zh": zh["body"], **{code: project[code]["body"] for code in LANGUAGES}},
            )

    def _column(self, channel, key, data):
        column = self._descendant(channel, key)
        if not column.intro:
            column.intro = _paragraphs(data["zh"])
            column.save_revision().publish()
        self._texts_for(column, title=data["title"], intro=data)

    @staticmethod
    def _descendant(channel, key):
        page = channel
        for slug in key.split("/"):
            page = page.get_children().get(slug=slug)
        return page.specific

    def _texts_for(self, page, **fields):
        """Record the translations of a page's fields: {field: {"zh": [...], "en": [...], "ru": [...]}}
        for paragraphs, or {field: {"en": ..., "ru": ...}} for a one-string field."""
        texts = self.texts.setdefault(page.pk, {})
        for name, value in fields.items():
            if "zh" in value:
                # Rich text is a segment per paragraph; a plain-text field is one segment.
                for i, zh in enumerate(value["zh"]):
                    texts[_key(zh)] = {code: value[code][i] for code in LANGUAGES}
                texts[_key("".join(value["zh"]))] = {code: "\n".join(value[code]) for code in LANGUAGES}
            else:
                source = getattr(page, name)
                texts[_key(source)] = {code: value[code] for code in LANGUAGES}

    # The translations ---------------------------------------------------------------------------

    def _translate(self, page):
        """Translate one source page into English and Russian; returns how many pages were new."""
        texts = self.texts.get(page.pk)
        if texts is None:
            raise ValueError(f"外文版演示内容缺少页面「{page.title}」（{page.url_path}）的译文")
        source, created = TranslationSource.get_or_create_from_instance(page)
        if not created:
            source.update_from_db()
        new = 0
        for locale in self.locales:
            for segment in source.stringsegment_set.select_related("string", "context"):
                text = segment.string.as_value().render_text()
                translation = texts.get(_key(text))
                if translation is None:
                    raise ValueError(f"外文版演示内容缺少「{page.title}」的这段译文：{text[:40]}")
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={
                        "data": StringValue.from_plaintext(translation[locale.language_code]).data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    },
                )
            _, created = Translation.objects.get_or_create(source=source, target_locale=locale)
            source.create_or_update_translation(locale, publish=True)
            new += created
        return new
