"""English and Simplified Chinese: the zh-hans catalogue is complete, compiled and sound, and the pages and charts
speak Chinese once the language is switched.

After adding or changing a translatable string: `manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var
--ignore=staticfiles --ignore=static/vendor`, translate it in locale/zh_Hans/LC_MESSAGES/django.po (no `fuzzy`
flag), then `manage.py compilemessages -l zh_Hans --ignore=.venv`, and commit both the .po and the .mo."""
from __future__ import annotations

import ast
import gettext
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from learners.services import rosters
from learners.selectors.progress import SkillMastery
from portal.charts import student as student_charts
from tests.fixtures import AttemptFactory, SkillFactory

ROOT = Path(settings.BASE_DIR)
MESSAGES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PO, MO = MESSAGES / "django.po", MESSAGES / "django.mo"
# In a python-format message: %-placeholders (named or not, with flags, width and precision) and a literal %%;
# in any message: brace fields (`5^{12}` in an answer hint, `%{x}` in a Plotly hover template). Each must come
# through translation unchanged.
PERCENT_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0+]*\d*(?:\.\d+)?[sdfir]|%%")
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # msgstr is {0: ...}; msgstr[n] is {n: ...}
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path: Path = PO) -> tuple[Entry, list[Entry]]:
    """The header and the live (not obsolete) entries of a .po file, read with the standard library."""
    entries, entry, target = [], None, None

    def finish():
        if entry is not None:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and target is not None and target.startswith("msgstr"):  # the next entry
                finish()
                entry, target = None, None
            if line.startswith("#,"):
                entry = entry or Entry(line=number)
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and target is not None and target.startswith("msgstr"):
            finish()
            entry = None
        if keyword is not None:
            entry = entry or Entry(line=number)
            target = keyword
        text = ast.literal_eval(rest)
        if target == "msgid":
            entry.msgid += text
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        elif target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        else:
            index = int(target[7:-1]) if target.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
    finish()
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    return header, [e for e in entries if e is not header]


def placeholders(text: str, python_format: bool) -> set[str]:
    found = set(BRACE_PLACEHOLDER.findall(text))
    return found | set(PERCENT_PLACEHOLDER.findall(text)) if python_format else found


def describe(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_the_catalogue_has_chinese_plural_rules_and_no_fuzzy_header():
    header, entries = read_po()
    assert entries, "the zh_Hans catalogue is empty"
    assert "fuzzy" not in header.flags, "a fuzzy header is dropped by msgfmt, and with it the charset"
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_message_is_translated_and_none_is_fuzzy():
    _, entries = read_po()
    untranslated = [describe(e) for e in entries if not e.translated]
    fuzzy = [describe(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (compilemessages ignores them): {fuzzy}"
    plural_forms = [describe(e) for e in entries if e.msgid_plural is not None and set(e.msgstr) != {0}]
    assert not plural_forms, f"Chinese has one plural form, msgstr[0] only: {plural_forms}"
    chinese = [e for e in entries if any(HAN.search(s) for s in e.msgstr.values())]
    assert len(chinese) >= 0.9 * len(entries), "most translations should be Chinese, not copies of the English"


def test_every_translation_keeps_the_placeholders_of_its_message():
    _, entries = read_po()
    broken = []
    for e in entries:
        python = "python-format" in e.flags
        expected = placeholders(e.msgid, python) | placeholders(e.msgid_plural or "", python)
        for index, text in e.msgstr.items():
            if placeholders(text, python) != expected:
                broken.append(f"{describe(e)}[{index}]: {sorted(expected)} != {sorted(placeholders(text, python))}")
    assert not broken, broken


def test_the_compiled_catalogue_matches_the_po_file():
    """The .mo is committed next to the .po: it must hold exactly the translated messages, as translated now."""
    assert MO.exists(), "run `manage.py compilemessages -l zh_Hans --ignore=.venv`"
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    _, entries = read_po()
    stale = []
    for e in entries:
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            if catalog.get(key) != e.msgstr[0]:
                stale.append(describe(e))
        elif any(catalog.get((key, i)) != text for i, text in e.msgstr.items()):
            stale.append(describe(e))
    assert not stale, f"the .mo is out of date, run compilemessages: {stale}"
    compiled = {k if isinstance(k, str) else k[0] for k in catalog} - {""}
    assert len(compiled) == len([e for e in entries if e.translated])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_msgfmt_accepts_the_catalogue():
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
                            capture_output=True, text=True, env={"LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
                    reason="GNU gettext is not installed")
def test_every_string_marked_for_translation_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources: a string someone marked but nobody translated fails here."""
    ignored = {".venv", "var", "staticfiles", "locale", "node_modules", ".git", "__pycache__", "media", "vendor"}
    for folder, folders, files in os.walk(ROOT):
        folders[:] = [name for name in folders if name not in ignored and not name.startswith(".")]
        for name in files:
            if Path(name).suffix in {".py", ".html", ".txt"}:
                relative = Path(folder, name).relative_to(ROOT)
                (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ROOT / relative, tmp_path / relative)
    copied = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    copied.mkdir(parents=True)
    shutil.copyfile(PO, copied / "django.po")
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["zh_Hans"], verbosity=0)
    _, extracted = read_po(copied / "django.po")
    _, ours = read_po()
    known = {(e.msgctxt, e.msgid, e.msgid_plural) for e in ours if e.translated and "fuzzy" not in e.flags}
    missing = sorted(f"{e.msgid!r}" for e in extracted if (e.msgctxt, e.msgid, e.msgid_plural) not in known)
    assert not missing, f"run makemessages and translate: {missing}"


# The pages and charts in Chinese.

@pytest.fixture
def chinese(client):
    """A client that has chosen Chinese with the header's language switch."""
    answer = client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("login")})
    assert answer.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    return client


def chinese_of(english: str) -> str:
    with translation.override("zh-hans"):
        chinese = translation.gettext(english)
    assert chinese != english and HAN.search(chinese), f"{english!r} has no Chinese translation"
    return chinese


@pytest.mark.django_db
def test_the_sign_in_page_switches_to_chinese(client, chinese):
    page = chinese.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in page
    for english in ("Sign in", "Username", "Password", "Learning portal"):
        assert chinese_of(english) in page
    assert ">Sign in<" not in page and "Password" not in page
    assert '<option value="en">' in page and '<option value="zh-hans" selected>简体中文</option>' in page


@pytest.mark.django_db
def test_a_browser_asking_for_chinese_gets_chinese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="zh-hans">' in page and chinese_of("Sign in") in page
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english and "Sign in" in english


@pytest.mark.django_db
def test_a_student_plan_page_is_in_chinese(client):
    student = rosters.student_create(username="xiaoming", display_name="Xiao Ming")
    AttemptFactory(student=student, skill=SkillFactory(name="Equivalent Fractions"))
    client.force_login(student.user)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    page = client.get(reverse("my-plan")).content.decode()
    for english in ("My plan", "Practice", "My progress", "Sign out", "Practice so far"):
        assert chinese_of(english) in page
    assert "Equivalent Fractions" in page  # skill names are data, not translated
    for english in ("My plan", "Sign out", "No study plan yet"):
        assert english not in page
    client.post(reverse("set_language"), {"language": "en"})
    assert "Sign out" in client.get(reverse("my-plan")).content.decode()


def test_a_chart_is_titled_and_labelled_in_chinese():
    skills = [SkillMastery(skill=1, name="Fractions", mastery=0.4, low=0.2, high=0.6, attempts=5, is_goal=True),
              SkillMastery(skill=2, name="Angles", mastery=0.9, low=0.8, high=0.95, attempts=3, is_goal=False)]
    with translation.override("zh-hans"):
        chart = student_charts.mastery_chart(skills)
        empty = student_charts.mastery_chart([])
    assert chart.title == "当前各技能掌握度" and empty.title == chart.title
    layout = json.loads(chart.figure_json)["layout"]
    assert layout["title"]["text"] == chart.title
    assert (layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]) == ("答对的概率及其可能范围", "技能")
    assert chart.headers == ["技能", "目标", "作答次数", "掌握度", "可能范围"]
    assert chart.rows[0][:2] == ["Fractions", "是"]
    assert chart.summary.startswith("共 2 项技能。") and "Angles（90%）" in chart.summary
    assert HAN.search(empty.summary)
    with translation.override("en"):
        assert student_charts.mastery_chart(skills).title == "Mastery per skill now"
