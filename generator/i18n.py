"""Translating what editors and clerks read: every user-facing message goes through `_()`.

Messages are written in English (the msgids) and translated by the gettext catalogue
generator/locale/zh_CN/LC_MESSAGES/bulletin.po (compiled to bulletin.mo, which ships with the
package). The command line chooses the language once, at the start of a command
(`use_language`); until then, and for "en", messages stay as written.

Messages are whole sentences with named placeholders (`_("wrote {count} files").format(count=n)`),
never pieced together; `ngettext` chooses a sentence by number; `N_` marks a message kept in a
constant, translated with `_()` where it is shown (after the language was chosen).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

DOMAIN = "bulletin"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")  # what `--lang` takes
DEFAULT = "zh"  # when neither `--lang` nor site.yaml says

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def use_language(code: str) -> None:
    """Show messages in `code` from now on: Chinese for "zh…", English otherwise."""
    global _current, _language
    _language = "zh" if code.lower().startswith("zh") else "en"
    if _language == "zh":
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
    else:
        _current = gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the reader's language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The sentence for `count` things, in the reader's language."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it (yet): for constants."""
    return message


_LANGUAGE_LINE = re.compile(r"^language[ \t]*[:：][ \t　]*[\"']?([A-Za-z]+)", re.MULTILINE)


def site_language(site_dir: Path) -> str:
    """The language a site's messages are shown in: "zh" or "en", from `language:` in its
    site.yaml, read leniently (the file may be the very thing that is broken): a site.yaml
    that can't be read, or doesn't say, means Chinese."""
    try:
        text = (site_dir / "site.yaml").read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return DEFAULT
    found = _LANGUAGE_LINE.search(text)
    if not found:
        return DEFAULT
    return "zh" if found.group(1).lower().startswith("zh") else "en"


def current_language() -> str:
    """The language messages are shown in now: "zh" or "en"."""
    return _language
