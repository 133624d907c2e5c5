"""The app shell: everything it needs is precached, the manifest installs, no inline code."""

import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

CLIENT = Path(__file__).resolve().parents[2] / "client_web"
NOT_SHELL = {"__init__.py", "icons/make_icons.py", "css/lead.css"}


def shell_list() -> list[str]:
    source = (CLIENT / "sw.js").read_text()
    block = re.search(r"const SHELL = \[(.*?)\];", source, re.S).group(1)
    return re.findall(r"'([^']+)'", block)


def test_service_worker_precaches_every_shell_file_and_nothing_missing():
    files = {
        "/" + p.relative_to(CLIENT).as_posix()
        for p in CLIENT.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.relative_to(CLIENT).as_posix().startswith("js/lead/")
        and p.relative_to(CLIENT).as_posix() not in NOT_SHELL
        and p.name != "sw.js"
    }
    listed = set(shell_list()) - {"/"}
    assert listed == files
    assert len((CLIENT / "sw.js").read_text().splitlines()) < 100


def test_manifest_installs_standalone_with_192_512_and_maskable_png_icons():
    manifest = json.loads((CLIENT / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    sizes = set()
    for icon in manifest["icons"]:
        data = (CLIENT / icon["src"].lstrip("/")).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.problems.append("inline script")
        if tag == "style" or "style" in names:
            self.problems.append(f"inline style on {tag}")
        if any(name.startswith("on") for name in names):
            self.problems.append(f"inline handler on {tag}")


def test_index_has_no_inline_script_or_style_and_links_the_lead_stylesheet():
    html = (CLIENT / "index.html").read_text()
    parser = _Inline()
    parser.feed(html)
    assert parser.problems == []
    assert '<link rel="stylesheet" href="/css/lead.css">' in html
    assert re.search(r"https?://", html) is None


def test_the_served_worker_carries_a_version_that_changes_with_any_app_file(tmp_path):
    import shutil

    from server.web import shell_version

    copy = tmp_path / "client_web"
    shutil.copytree(CLIENT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = shell_version(copy)
    assert first == shell_version(copy)
    (copy / "js" / "util.js").write_text((copy / "js" / "util.js").read_text() + "\n")
    assert shell_version(copy) != first


def test_sw_js_is_served_with_the_version_filled_in(tmp_path):
    from server import create_app
    from server.web import shell_version

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    answer = app.test_client().get("/sw.js")
    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    assert f"const VERSION = '{shell_version(CLIENT)}';" in answer.get_data(as_text=True)
    assert answer.headers["Cache-Control"] == "no-cache"
