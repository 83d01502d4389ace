"""The static build and the page templates: SGDS is served from static/, pages obey the CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from local.build_static import OUTAGE_PAGE, VENDOR_INTER, VENDOR_SGDS, BuildError, build, build_inter, build_outage_page

ROOT = Path(__file__).resolve().parents[2]
PAGE_TEMPLATES = sorted((ROOT / "templates" / "pages").rglob("*.html"))
OWN_STYLESHEETS = sorted((ROOT / "static" / "css").glob("*.css"))

# The CSP forbids inline styles and scripts; pages must work without JavaScript at all.
INLINE_STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
# Scripts only enhance a page that works without them, and only from static/: never inline.
# Scripts come from static/, or (the card payment page only) from the gateway the settings name.
SCRIPT_ELEMENT = re.compile(r"<script\b(?![^>]*\bsrc=\"\{\{ (?:static\(|gateway_js \}\}))", re.IGNORECASE)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
OTHER_ORIGIN_URL = re.compile(r"url\(\s*['\"]?(?:[a-z][a-z0-9+.-]*:(?!data:)|//)", re.IGNORECASE)


def test_build_puts_sgds_css_in_static_vendor():
    build()
    css = VENDOR_SGDS / "sgds.css"
    assert css.is_file(), "run `make static` (or `python -m local.build_static`)"
    assert css.stat().st_size > 100_000
    assert "--sgds-primary" in css.read_text(encoding="utf-8")


def test_build_is_idempotent():
    build()
    build_inter()
    assert build() == [] and build_inter() == []


def test_build_ships_the_inter_font_sgds_asks_for():
    build_inter()
    css = (VENDOR_INTER / "inter.css").read_text(encoding="utf-8")
    assert "font-family: 'Inter';" in css and "Inter Variable" not in css
    assert not OTHER_ORIGIN_URL.search(css)
    latin = VENDOR_INTER / "files" / "inter-latin-wght-normal.woff2"
    assert latin.is_file() and latin.read_bytes()[:4] == b"wOF2"
    assert "url(./files/inter-latin-wght-normal.woff2)" in css


def test_build_explains_a_missing_node_modules(tmp_path):
    with pytest.raises(BuildError, match="npm ci"):
        build(source_dir=tmp_path / "node_modules" / "@govtechsg" / "sgds" / "css", target_dir=tmp_path / "out")


def _fake_package(tmp_path: Path, css: str) -> Path:
    css_dir = tmp_path / "sgds" / "css"
    css_dir.mkdir(parents=True)
    (css_dir / "sgds.css").write_text(css)
    return css_dir


def test_build_copies_files_the_css_loads_by_relative_url(tmp_path):
    css_dir = _fake_package(tmp_path, "@font-face{src:url('../fonts/inter.woff2?v=1') format('woff2')}"
                                      ".x{background:url(data:image/svg+xml;base64,AAAA)}")
    (tmp_path / "sgds" / "fonts").mkdir()
    (tmp_path / "sgds" / "fonts" / "inter.woff2").write_bytes(b"font")
    target = tmp_path / "out" / "css"
    build(source_dir=css_dir, target_dir=target)
    assert (target / "sgds.css").is_file()
    assert (target / "../fonts/inter.woff2").resolve().read_bytes() == b"font"


def test_build_refuses_css_that_loads_from_another_origin(tmp_path):
    css_dir = _fake_package(tmp_path, "@import url('https://fonts.example.com/inter.css');")
    with pytest.raises(BuildError, match="another origin"):
        build(source_dir=css_dir, target_dir=tmp_path / "out")


def test_there_are_page_templates_to_check():
    assert len(PAGE_TEMPLATES) >= 5


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda p: p.name)
def test_page_template_has_no_inline_style_or_script(template: Path):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_STYLE_ATTRIBUTE.search(text), "style=\"\" attributes break the CSP; use static/css/icms.css"
    assert not STYLE_ELEMENT.search(text), "<style> blocks break the CSP; use static/css/icms.css"
    assert not SCRIPT_ELEMENT.search(text), "the CSP forbids inline scripts; load them from static/"
    assert not EVENT_HANDLER_ATTRIBUTE.search(text), "inline event handlers break the CSP"


@pytest.mark.parametrize("stylesheet", OWN_STYLESHEETS, ids=lambda p: p.name)
def test_own_stylesheets_load_nothing_from_other_origins(stylesheet: Path):
    assert not OTHER_ORIGIN_URL.search(stylesheet.read_text(encoding="utf-8"))


def test_base_page_carries_the_government_masthead_without_javascript():
    base = (ROOT / "templates" / "pages" / "base.html").read_text(encoding="utf-8")
    assert "A Singapore Government Agency Website" in base
    assert "How to identify" in base
    assert re.search(r"<details[^>]*>\s*<summary", base), "the masthead opens with <details>, not a script"


def test_base_page_footer_gives_the_helplines():
    base = (ROOT / "templates" / "pages" / "base.html").read_text(encoding="utf-8")
    for text in ("6 JUSTICE (6587 8423)", "1800 JUSTICE (1800 587 8423)", "6756 3874", "excluding public holidays"):
        assert text in base


def test_the_outage_page_is_built_from_the_templates_and_served_when_the_portal_cannot_answer():
    build_outage_page()
    html = OUTAGE_PAGE.read_text(encoding="utf-8")
    assert "ICMS is not available at the moment" in html and "Your court dates still stand" in html
    assert "6 JUSTICE (6587 8423)" in html and "6756 3874" in html
    assert "Printed from ICMS" not in html  # a static page cannot know when it is read
    assert 'href="/static/css/icms.css"' in html and "<script" not in html
    infra = (ROOT / "infra" / "lambda.yaml").read_text(encoding="utf-8")
    for code in (502, 503, 504):
        assert f"{{ErrorCode: {code}, ResponseCode: 503, ResponsePagePath: /static/outage.html" in infra
