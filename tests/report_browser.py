#!/usr/bin/env python3
# tests/report_browser.py: open leontief's HTML pages in headless Chromium
# and check what a reader would see: the page renders without a single
# console message (errors, CSP violations, failed loads), every section
# and chart is in the rendered DOM, no script element exists (a product
# named <script>alert(1)</script> is text), and a screenshot is saved in
# the build folder for a person to look at.
#
#   report_browser.py BUILD_DIR PAGE.html[:id,id,...] ...
#
# Each PAGE is checked for the ids after the colon (section and chart
# ids; docs/REPORT.md). Exit 77 (skipped, with the reason) when Chromium
# is missing (bash scripts/deps.sh --tests installs it; a test downloads
# nothing).
# SPDX-License-Identifier: MIT
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Dom(html.parser.HTMLParser):
    """The ids, the script elements and the text of a dumped DOM."""

    def __init__(self):
        super().__init__()
        self.ids, self.scripts, self.text = set(), 0, []
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)
            if k.startswith("on"):
                self.handlers.append((tag, k))
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def chromium(exe, args, page):
    with tempfile.TemporaryDirectory(prefix="lca-chromium-") as profile:
        cmd = [exe] + FLAGS + ["--user-data-dir=" + profile] + args + [
            "file://" + os.path.abspath(page)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=180,
                           check=False)
    return r


def check(exe, build, spec):
    page, _, ids = spec.partition(":")
    want = [i for i in ids.split(",") if i]
    name = os.path.splitext(os.path.basename(page))[0]
    bad = []
    r = chromium(exe, ["--dump-dom"], page)
    if r.returncode != 0:
        return [f"{page}: chromium exited {r.returncode}: {r.stderr[-400:]}"]
    console = [l for l in r.stderr.splitlines() if ":CONSOLE" in l]
    bad += [f"{page}: console: {l}" for l in console]
    dom = Dom()
    dom.feed(r.stdout)
    bad += [f"{page}: no element with id {i}" for i in want
            if i not in dom.ids]
    if dom.scripts:
        bad.append(f"{page}: {dom.scripts} script element(s) in the DOM")
    if dom.handlers:
        bad.append(f"{page}: event handler attributes {dom.handlers[:3]}")
    text = "".join(dom.text)
    if "<script>alert(1)</script>" in r.stdout:
        bad.append(f"{page}: the hostile name is markup, not text")
    shot = os.path.join(build, f"report-screenshot-{name}.png")
    r = chromium(exe, ["--window-size=1280,7000",
                       "--screenshot=" + shot], page)
    if r.returncode != 0 or not os.path.exists(shot) or \
            os.path.getsize(shot) < 10000:
        bad.append(f"{page}: no screenshot ({r.stderr[-300:]})")
    elif not bad:
        print(f"{page}: {len(want)} ids present, no console message, "
              f"{len(text)} characters of text; screenshot {shot}")
    return bad


def main():
    if len(sys.argv) < 3:
        print("usage: report_browser.py BUILD_DIR PAGE.html[:ids] ...")
        return 2
    exe = find_chromium()
    if exe is None:
        print("skipped: chromium is not installed "
              "(bash scripts/deps.sh --tests installs it)")
        return 77
    bad = []
    for spec in sys.argv[2:]:
        bad += check(exe, sys.argv[1], spec)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
