"""Dutch is the default language: every source string is translated and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/nl/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
APPS = [path.name for path in ROOT.iterdir() if (path / "apps.py").exists()]
SOURCES = ["buurtpreventie", *APPS, "templates", "locale", "manage.py"]


def entries(catalog) -> dict[tuple[str, str], str]:
    return {
        (entry.msgctxt or "", entry.msgid): entry.msgstr or str(entry.msgstr_plural)
        for entry in catalog
        if not entry.obsolete
    }


def test_every_dutch_message_is_translated():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    assert entries(polib.mofile(str(MO))) == {
        key: value for key, value in entries(polib.pofile(str(PO))).items() if key[1]
    }, "run `make messages` and commit locale/nl/LC_MESSAGES/django.mo"


def test_the_catalogue_holds_every_source_string(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        env={"DEBUG": "True", "PATH": "/usr/bin:/bin", "ENV_FILE": ""},
        check=True,
        capture_output=True,
    )
    fresh = set(entries(polib.pofile(str(tmp_path / "locale/nl/LC_MESSAGES/django.po"))))
    committed = set(entries(polib.pofile(str(PO))))
    assert fresh - committed == set(), "new source strings: run `make messages` and translate"
    assert committed - fresh == set(), "strings no longer used: run `make messages`"


def test_djangos_own_messages_keep_djangos_dutch_words():
    """An app's catalog takes precedence over Django's: a library that words one of Django's
    messages differently would change every form of the site (buurtpreventie/wording.py)."""
    import django
    from django.apps import apps
    from django.utils import translation

    def catalog(path: Path) -> dict[str, str]:
        return {e.msgid: e.msgstr for e in polib.mofile(str(path))} if path.exists() else {}

    djangos = catalog(Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.mo")
    changed = {}
    for app in apps.get_app_configs():
        for msgid, words in catalog(Path(app.path) / "locale/nl/LC_MESSAGES/django.mo").items():
            if msgid and msgid in djangos and words != djangos[msgid]:
                with translation.override("nl"):
                    if translation.gettext(msgid) != djangos[msgid]:
                        changed[msgid] = (app.label, translation.gettext(msgid))
    assert changed == {}
