"""Copy the Singapore Government Design System's built CSS, and the Inter font it asks for, from
node_modules into static/vendor/.

Run as ``python -m local.build_static`` (``make static``). The portal serves everything from
``static/`` on its own origin, so the page's Content Security Policy can stay at ``'self'`` and
nothing is fetched from a CDN at run time. Files that SGDS's CSS refers to by relative URL are
copied beside it; an absolute URL would break that policy, so the build refuses it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SGDS_CSS_DIR = ROOT / "node_modules" / "@govtechsg" / "sgds" / "css"
VENDOR_SGDS = ROOT / "static" / "vendor" / "sgds"
STYLESHEETS = ("sgds.css", "sgds.css.map")
# SGDS sets its text in "Inter" but does not ship the font; the Fontsource package does, as one
# variable font per script range, so a page in English downloads only the Latin file.
INTER_DIR = ROOT / "node_modules" / "@fontsource-variable" / "inter"
VENDOR_INTER = ROOT / "static" / "vendor" / "inter"
INTER_FAMILY = re.compile(r"""font-family:\s*(['"])Inter Variable\1""")

CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<target>[^'")]+)\1\s*\)""")


class BuildError(Exception):
    pass


def referenced_files(css: str, stylesheet: str = "sgds.css") -> list[str]:
    """Relative paths the stylesheet loads (fonts, images), without query or fragment."""
    paths = []
    for match in CSS_URL.finditer(css):
        target = match.group("target").strip()
        if target.startswith(("data:", "#")):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.IGNORECASE):
            raise BuildError(f"{stylesheet} loads {target} from another origin, which the CSP forbids")
        paths.append(re.split(r"[?#]", target, maxsplit=1)[0])
    return sorted(set(paths))


def copy_if_changed(source: Path, destination: Path) -> bool:
    content = source.read_bytes()
    if destination.exists() and destination.read_bytes() == content:
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(content)
    return True


def build(source_dir: Path = SGDS_CSS_DIR, target_dir: Path = VENDOR_SGDS) -> list[Path]:
    """Copy the stylesheet and what it references; return the files that changed."""
    if not (source_dir / "sgds.css").is_file():
        raise BuildError(
            f"{source_dir / 'sgds.css'} is missing: install the front-end packages first "
            "(`make install`, or `npm ci`)"
        )
    css = (source_dir / "sgds.css").read_text(encoding="utf-8")
    wanted = [name for name in STYLESHEETS if (source_dir / name).is_file()] + referenced_files(css)
    changed = []
    for relative in wanted:
        source = (source_dir / relative).resolve()
        if not source.is_relative_to(source_dir.parent.resolve()):
            raise BuildError(f"sgds.css refers to {relative}, outside the SGDS package")
        if not source.is_file():
            raise BuildError(f"sgds.css refers to {relative}, which the SGDS package does not ship")
        destination = target_dir / relative
        if copy_if_changed(source, destination):
            changed.append(destination)
    return changed


def build_inter(source_dir: Path = INTER_DIR, target_dir: Path = VENDOR_INTER) -> list[Path]:
    """``inter.css`` naming the family "Inter" as SGDS asks for it, and the font files it loads."""
    if not (source_dir / "index.css").is_file():
        raise BuildError(f"{source_dir / 'index.css'} is missing: install the front-end packages first "
                         "(`make install`, or `npm ci`)")
    css = INTER_FAMILY.sub("font-family: 'Inter'", (source_dir / "index.css").read_text(encoding="utf-8"))
    changed = []
    for relative in referenced_files(css, "inter.css"):
        source = (source_dir / relative).resolve()
        if not source.is_relative_to(source_dir.resolve()) or not source.is_file():
            raise BuildError(f"the Inter package's CSS refers to {relative}, which the package does not ship")
        if copy_if_changed(source, target_dir / relative):
            changed.append(target_dir / relative)
    stylesheet = target_dir / "inter.css"
    if not stylesheet.exists() or stylesheet.read_text(encoding="utf-8") != css:
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        stylesheet.write_text(css, encoding="utf-8")
        changed.append(stylesheet)
    return changed


OUTAGE_PAGE = ROOT / "static" / "outage.html"


def build_outage_page(target: Path = OUTAGE_PAGE) -> list[Path]:
    """The page CloudFront shows when the portal cannot answer, rendered from the same templates
    as every other page. It is static: it must not need the portal that is down."""
    from chalicelib.render import render

    html = render("pages/outage.html", principal=None, csrf_token=None)
    if target.exists() and target.read_text(encoding="utf-8") == html:
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return [target]


def main() -> int:
    try:
        changed = build() + build_inter() + build_outage_page()
    except BuildError as error:
        print(f"build_static: {error}", file=sys.stderr)
        return 1
    summary = ", ".join(str(p.relative_to(ROOT)) for p in changed) if changed else "up to date"
    print(f"build_static: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
