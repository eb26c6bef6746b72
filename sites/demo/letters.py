"""The demo's letters from residents (`letters.yaml`): answered and published replies that keep
every mailbox column current, and letters in every state of their handling on chosen sites
(forwarded to a township and published, awaiting information, drafted, approved, refused, and a
few of 友谊县's left unanswered for weeks, for the oversight pages).

Every step goes through interaction.handling by the demo's accounts, then the step's moment is
set in the past. A letter's number derives from its site, mailbox and title: building again adds
nothing.
"""

import hashlib
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from interaction import clock, handling
from interaction.models import Letter, LetterEvent, LetterPage, MailboxPage
from sites.models import SiteGroup, SiteProfile
from sites.units import unit_pages_q

LETTERS_FILE = Path(__file__).resolve().parent / "letters.yaml"
PUBLISHED_PER_MAILBOX = 2


@cache
def data():
    return yaml.safe_load(LETTERS_FILE.read_text(encoding="utf-8"))


def _number(*parts):
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
    return str(int(digest[:12], 16) % 10**10).zfill(10)


class DemoLetters:
    def __init__(self, now=None, log=None, password=None):
        self.now = timezone.localtime(now or timezone.now())
        self.log = log
        self.password = password
        self.created = 0

    def build(self):
        mailboxes = MailboxPage.objects.order_by("path")
        profiles = SiteProfile.objects.select_related("root_page", "site").order_by("root_page__path")
        with_mailboxes = [p for p in profiles if mailboxes.filter(unit_pages_q(p)).exists()]
        for profile in with_mailboxes:
            self.keep(profile)
        for scenario in data()["scenarios"]:
            self._scenario(scenario)
        if self.log:
            self.log(f"  群众来信：新增 {self.created} 件示例来信")
        return self.created

    # Accounts ---------------------------------------------------------------------------------

    def staff(self, profile, role="editor"):
        """An active member of the unit's group for `role`; the demo's account, or one made for it."""
        group = SiteGroup.objects.get(profile=profile, role=role).group
        user = group.user_set.filter(is_active=True).order_by("pk").first()
        if user is None:
            key = profile.site.hostname.split(".")[0] if profile.site_id else profile.root_page.slug
            user, created = get_user_model().objects.get_or_create(
                username=f"{key}_{role}",
                defaults={"first_name": profile.area_name + group.site_role.get_role_display()},
            )
            if created:
                if self.password:
                    user.set_password(self.password)
                else:
                    user.set_unusable_password()
                user.save()
            user.groups.add(group)
        return user

    # Letters ------------------------------------------------------------------------------------

    def _letter(self, mailbox, profile, text, received_at, **extra):
        number = _number(profile.name, mailbox.column_key, text["title"])
        if Letter.objects.filter(number=number).exists():
            return None
        area = profile.area_name
        letter = Letter.objects.create(
            mailbox=mailbox,
            profile=profile,
            handler=profile,
            number=number,
            query_code_hash=hashlib.sha256(f"demo-{number}".encode()).hexdigest(),
            kind=text["kind"],
            title=text["title"].format(area=area)[:100],
            content=text["content"].format(area=area),
            name=text["name"],
            phone="139" + number[-8:],
            publishable=text.get("publishable", True),
            received_at=received_at,
            accept_due=clock.accept_due(profile, received_at),
            **extra,
        )
        self.created += 1
        return letter

    def _moment(self, days_ago, hour):
        moment = self.now - timedelta(days=days_ago)
        return moment.replace(hour=hour, minute=(days_ago * 7) % 60, second=0, microsecond=0)

    def keep(self, profile):
        """Give each mailbox of the unit its answered, published letters of the last weeks."""
        texts = data()["published"]
        mailboxes = MailboxPage.objects.filter(unit_pages_q(profile)).order_by("path")
        for m, mailbox in enumerate(mailboxes):
            for k in range(PUBLISHED_PER_MAILBOX):
                text = texts[(int(_number(profile.name, mailbox.column_key)) + k) % len(texts)]
                days_ago = 5 + 9 * k + m % 4
                letter = self._letter(mailbox, profile, text, self._moment(days_ago, 9))
                if letter:
                    self._handle(letter, ["accept", "draft", "approve", "publish"], text, days_ago)
                    self._rate(letter, text)

    def _profile(self, key):
        if key == "portal":
            return SiteProfile.objects.get(site__is_default_site=True)
        return SiteProfile.objects.select_related("root_page", "site").get(
            Q(site__hostname=f"{key}.localhost")
            | Q(site__hostname__startswith=f"{key}.")
            | Q(site__isnull=True, root_page__slug=key)
        )

    def _scenario(self, scenario):
        profile = self._profile(scenario["site"])
        mailbox = MailboxPage.objects.filter(unit_pages_q(profile)).get(column_key=scenario["mailbox"])
        letter = self._letter(mailbox, profile, scenario, self._moment(scenario["days_ago"], 10))
        if letter:
            self._handle(letter, scenario["steps"], scenario, scenario["days_ago"])
            self._rate(letter, scenario)

    def _handle(self, letter, steps, text, days_ago):
        """Take the steps, each a few working hours after the previous one, then date them."""
        office = self.staff(letter.profile)
        accepted_at = None
        for i, step in enumerate(steps):
            name, _, unit_key = step.partition(" ")
            unit = self._profile(unit_key) if unit_key else letter.handler
            moment = self._moment(days_ago, 10) + timedelta(hours=3 + 20 * i)
            moment = min(moment, self.now - timedelta(minutes=10))
            if name == "accept":
                handling.accept(letter, office)
                accepted_at = moment
                Letter.objects.filter(pk=letter.pk).update(
                    accepted_at=moment, reply_due=clock.reply_due(letter.profile, letter.kind, moment)
                )
            elif name == "refuse":
                handling.refuse(letter, office, text["refusal"], text["refusal_note"])
            elif name == "forward":
                handling.forward(letter, office, unit)
            elif name == "draft":
                handling.draft_reply(letter, self.staff(unit), text["reply"].format(area=letter.profile.area_name))
            elif name == "approve":
                handling.approve(letter, self.staff(unit, SiteGroup.Role.SECOND_REVIEW))
            elif name == "ask_info":
                handling.ask_info(letter, office, text["ask"])
                Letter.objects.filter(pk=letter.pk).update(paused_at=moment)
            elif name == "publish":
                letter.refresh_from_db()
                handling.publish(letter, office)
                self._date_reply(letter, moment, accepted_at)
            LetterEvent.objects.filter(pk=letter.events.latest("pk").pk).update(at=moment)

    def _date_reply(self, letter, moment, accepted_at):
        letter.refresh_from_db()
        Letter.objects.filter(pk=letter.pk).update(replied_at=moment)
        LetterPage.objects.filter(pk=letter.public_page_id).update(
            received_on=clock.local_date(accepted_at or moment), replied_on=moment.date()
        )
        Page.objects.filter(pk=letter.public_page_id).update(
            first_published_at=moment, last_published_at=moment, latest_revision_created_at=moment
        )

    def _rate(self, letter, text):
        rating = text.get("rating")
        letter.refresh_from_db()
        if not rating or letter.state != Letter.State.ANSWERED:
            return
        rated_at = min(letter.replied_at + timedelta(days=1), self.now - timedelta(minutes=5))
        Letter.objects.filter(pk=letter.pk).update(rating=rating, rated_at=rated_at)
        event = LetterEvent.objects.create(
            letter=letter, action=LetterEvent.Action.RATED, note=Letter.Rating(rating).label
        )
        LetterEvent.objects.filter(pk=event.pk).update(at=rated_at)
