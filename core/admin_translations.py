"""Which strings the admin shows untranslated, screen by screen.

Officers work in Vietnamese, but Wagtail's own Vietnamese catalog translates about 130 of its 1,900 admin
messages (and Django's leaves some out): the project ships the rest in a catalog of its own, `locale_wagtail/`
in LOCALE_PATHS, which `makemessages` never rewrites. This module keeps that catalog current. A screen's
strings are the messages looked up while it is rendered: `recording()` notes every one with the view that
asked for it, and `walk()` opens, as a signed-in user, every admin screen reachable from the dashboard by its
links, menus and chooser addresses (each view once or twice, its create and edit forms also sent back empty
to show their error messages). `untranslated()` then sorts the messages into the project's own (Vietnamese
source, translated into English in locale/en) and everyone else's (English source, to be translated into
Vietnamese), and lists those the catalogs of the other language lack. The admin's script strings come from one
catalog, checked whole by `untranslated_scripts()`.
"""
import functools
import re
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import polib
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.models import Page

WAGTAIL_CATALOG = Path(settings.BASE_DIR) / "locale_wagtail"
ADMIN = "/admin/"
ADDRESS = re.compile(r"""["'](/admin/[^"'\s<>\\]*)""")
FORM = re.compile(r"<form\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Create and edit views: sent back empty, they show the messages of a refused form. Not the page editor's:
# its StreamFields cannot be sent empty (tests/test_admin_translations.py sends it an officer's refused pages).
FORM_VIEWS = re.compile(r"^(?!wagtailadmin_pages:).*(^|[:_])(add|create|edit)$")
NEVER = ("/admin/logout/", "/admin/jsi18n/")


class Seen(defaultdict):
    """{message: {view names}}; a message is its msgid (with its context, "context\\x04msgid"), or a pair
    (singular, plural)."""

    def __init__(self):
        super().__init__(set)
        self.screen = "?"


_recording = []


@contextmanager
def recording():
    """Note every message Django translates until the block ends, with the screen being rendered."""
    seen = Seen()
    original_gettext, original_ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        for active in _recording:
            active[message].add(active.screen)
        return original_gettext(self, message)

    def ngettext(self, singular, plural, number):
        for active in _recording:
            active[(singular, plural)].add(active.screen)
        return original_ngettext(self, singular, plural, number)

    _recording.append(seen)
    if len(_recording) == 1:
        trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext = gettext, ngettext
    try:
        yield seen
    finally:
        _recording.remove(seen)
        if not _recording:
            trans_real.DjangoTranslation.gettext = original_gettext
            trans_real.DjangoTranslation.ngettext = original_ngettext


@contextmanager
def screen(seen, name):
    """Messages looked up in the block belong to the screen `name`."""
    previous, seen.screen = seen.screen, name
    try:
        yield
    finally:
        seen.screen = previous


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _addresses(html):
    text = unescape(html)
    for match in ADDRESS.finditer(text):
        url = match.group(1)
        if "{" not in url and "%" not in url.split("?")[0] and not url.startswith(NEVER):
            yield url


def _empty_forms(html):
    """Addresses that the page's POST forms send to, resolved to create and edit views."""
    for tag in FORM.finditer(html):
        attributes = {name.lower(): unescape(first or second) for name, first, second in ATTRIBUTE.findall(tag.group())}
        if attributes.get("method", "").lower() == "post" and attributes.get("action", "").startswith(ADMIN):
            yield attributes["action"]


def start_pages():
    """The dashboard, then the editor of the page of each type edited last (the walk opens an editor once)."""
    latest = {}
    for content_type, pk in Page.objects.filter(depth__gt=1).order_by(
            F("latest_revision_created_at").desc(nulls_last=True)).values_list("content_type", "pk"):
        latest.setdefault(content_type, pk)
    return [ADMIN] + [f"{ADMIN}pages/{pk}/edit/" for pk in latest.values()]


def walk(client, seen, start=(ADMIN,), per_view=1, limit=500):
    """Open, as `client`'s user, `start` and every admin screen reachable from it (redirects followed): at most
    `per_view` addresses of each other view (one per set of query parameters), their create and edit forms also
    posted empty once. Returns the (view name, address, status) of each request."""
    queue, queued, opened, visits, posted = list(start), set(start), defaultdict(set), [], set()
    while queue and len(visits) < limit:
        url = queue.pop(0)
        name = view_name(url)
        if name is None:
            continue
        query = urlsplit(url).query
        kind = tuple(sorted({key for key, _value in parse_qsl(query)}))
        if url not in start and ("export" in kind or kind in opened[name] or len(opened[name]) >= per_view):
            continue
        opened[name].add(kind)
        with screen(seen, name):
            response = client.get(url)
        visits.append((name, url, response.status_code))
        if response.status_code in (301, 302) and response["Location"].startswith(ADMIN):
            found_urls = [response["Location"]]
        elif response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        else:
            html = response.content.decode()
            found_urls = list(_addresses(html))
        for found in found_urls:
            if found not in queued:
                queued.add(found)
                queue.append(found)
        for action in _empty_forms(html) if response.status_code == 200 else ():
            action_name = view_name(action)
            if action_name and FORM_VIEWS.search(action_name) and action_name not in posted:
                posted.add(action_name)
                with screen(seen, action_name):
                    visits.append((action_name, action, client.post(action, {}).status_code))
    return visits


def _catalog_paths(language, domain="django"):
    """The .po files of `language` under the project (its own apps' and locale/), not the Wagtail catalog."""
    base = Path(settings.BASE_DIR)
    folders = [Path(path) for path in settings.LOCALE_PATHS if Path(path) != WAGTAIL_CATALOG]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()
                if Path(config.path).is_relative_to(base) and not Path(config.path).is_relative_to(base / ".venv")]
    return [path for folder in folders if (path := folder / language / "LC_MESSAGES" / f"{domain}.po").exists()]


def project_messages():
    """The project's own messages (Vietnamese source): every msgid of its English catalogs."""
    messages = set()
    for path in _catalog_paths("en"):
        for entry in polib.pofile(str(path)):
            text = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            messages.add((text, entry.msgid_plural) if entry.msgid_plural else text)
    return messages


def _vietnamese(message):
    """A message written in Vietnamese: the project's, even before makemessages has put it in a catalog."""
    text = message[0] if isinstance(message, tuple) else message
    return "đ" in text.lower() or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def _translated(message, catalog):
    key = (message[0], 0) if isinstance(message, tuple) else message
    return catalog.get(key) not in (None, "")


def untranslated(seen):
    """{language: [(message, sorted view names)]} of the messages seen that the other language's catalogs lack:
    English for the project's own messages, Vietnamese for everyone else's."""
    ours = project_messages()
    source = dict(settings.LANGUAGES)
    missing = {}
    for language in source:
        catalog = trans_real.translation(language)._catalog
        wanted = [message for message in seen
                  if (message in ours or _vietnamese(message)) == (language != settings.LANGUAGE_CODE)]
        missing[language] = sorted(((message, sorted(seen[message])) for message in wanted
                                    if not _translated(message, catalog)), key=lambda item: str(item[0]))
    return missing


def untranslated_scripts(language=None):
    """The admin's script messages (Wagtail's `djangojs` catalog, every one of them used by the editor) that the
    Vietnamese script catalog lacks."""
    language = language or settings.LANGUAGE_CODE
    admin_locale = Path(apps.get_app_config("wagtailadmin").path) / "locale"
    with translation.override(language):
        catalog = trans_real.DjangoTranslation(language, domain="djangojs", localedirs=[str(admin_locale)])._catalog
    source = polib.pofile(str(admin_locale / "en" / "LC_MESSAGES" / "djangojs.po"))
    return sorted(((entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid for entry in source
                   if not _translated((entry.msgid, "") if entry.msgid_plural else entry.msgid, catalog)), key=str)


def temporary_user(group):
    """A user in `group` only, to see the admin as its members do (made inside a transaction rolled back)."""
    user = get_user_model().objects.create_user(f"kiem-tra-ban-dich-{group.pk}", is_active=True)
    user.groups.add(group)
    return user


def _entry_key(entry):
    text = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (text, entry.msgid_plural) if entry.msgid_plural else text


def wagtail_catalog(domain="django"):
    """The project's catalog of Vietnamese for Wagtail's and Django's messages (created empty when missing)."""
    path = WAGTAIL_CATALOG / "vi" / "LC_MESSAGES" / f"{domain}.po"
    if path.exists():
        return polib.pofile(str(path), wrapwidth=120)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = polib.POFile(wrapwidth=120)
    catalog.metadata = {"Project-Id-Version": "Khuyến nông Thừa Thiên Huế: Wagtail and Django in Vietnamese",
                        "PO-Revision-Date": "2026-12-06 08:00+0700", "Last-Translator": "Khuyến nông Thừa Thiên Huế",
                        "Language-Team": "Vietnamese", "Language": "vi", "MIME-Version": "1.0",
                        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                        "Plural-Forms": "nplurals=1; plural=0;"}
    catalog.fpath = str(path)
    return catalog


def _new_entry(message, screens=()):
    singular, plural = message if isinstance(message, tuple) else (message, None)
    context, _separator, msgid = singular.rpartition("\x04")
    entry = polib.POEntry(msgid=msgid, msgctxt=context or None, comment=", ".join(list(screens)[:3]) or None)
    if plural:
        entry.msgid_plural = plural.rpartition("\x04")[2]
        entry.msgstr_plural = {0: ""}
    return entry


def write_missing(messages, scripts):
    """Add the untranslated Vietnamese `messages` ([(message, screens)]) and script messages to the catalog,
    each with an empty translation and the screens it was seen on, for a translator. Returns how many."""
    added = 0
    for domain, wanted in (("django", messages), ("djangojs", [(message, ()) for message in scripts])):
        catalog = wagtail_catalog(domain)
        present = {_entry_key(entry) for entry in catalog}
        for message, screens in wanted:
            if message not in present:
                catalog.append(_new_entry(message, screens))
                added += 1
        if wanted:
            catalog.save()
    return added


def source_catalogs():
    """(package path, domain, English source catalog) of Django and of every installed app outside the project."""
    base = Path(settings.BASE_DIR)
    roots = [(Path(trans_real.__file__).parents[2] / "conf", "django.conf")]
    roots += [(Path(config.path), config.name) for config in apps.get_app_configs()
              if not Path(config.path).is_relative_to(base) or Path(config.path).is_relative_to(base / ".venv")]
    for root, name in roots:
        for domain in ("django", "djangojs"):
            path = root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                yield name, domain, polib.pofile(str(path))


def write_upstream(folder):
    """The project's translations of each outside catalog, as `FOLDER/<package>/<domain>.po` (for Wagtail's
    admin: `FOLDER/wagtail.admin/django.po`, which belongs in wagtail/admin/locale/vi/LC_MESSAGES/), leaving
    out entries whose translator comment begins "project wording" (words chosen for this site only).
    Yields (path, number of translations)."""
    ours = {domain: {_entry_key(entry): entry for entry in wagtail_catalog(domain) if entry.translated()
                     and not (entry.tcomment or "").startswith("project wording")}
            for domain in ("django", "djangojs")}
    for name, domain, source in source_catalogs():
        offered = polib.POFile(wrapwidth=120)
        offered.metadata = {**wagtail_catalog(domain).metadata, "Project-Id-Version": name}
        for entry in source:
            mine = ours[domain].get(_entry_key(entry))
            if mine:
                offered.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural,
                                             msgstr=mine.msgstr, msgstr_plural=mine.msgstr_plural,
                                             occurrences=entry.occurrences))
        if len(offered):
            path = Path(folder) / name / f"{domain}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            offered.save(str(path))
            yield path, len(offered)


def shown_in_english(texts, language=None):
    """Of the `texts` a screen shows (its visible words, as a browser reads them), those that are an outside
    message's English source although `language` has a translation for it: English that reached the screen
    without passing through the catalogs (a label Django derived from a field's name, a string translated at
    import), which the look-ups `recording()` notes cannot see."""
    return sorted({text.strip() for text in texts} & _translated_english(language or settings.LANGUAGE_CODE))


@functools.cache
def _translated_english(language):
    catalog = trans_real.translation(language)._catalog
    return {entry.msgid for _name, domain, source in source_catalogs() if domain == "django"
            for entry in source if not entry.msgid_plural and not entry.msgctxt
            and catalog.get(entry.msgid) not in (None, "", entry.msgid)}
