#!/usr/bin/env python3
"""Assemble a loadable extension directory for one browser and mode.

    python3 bridge/extension/build.py --browser chromium|firefox --mode development|production --out DIR

The repository directory itself is the Chromium development build (what the tests load).
Production drops the loopback origins from the content-script matches and sets DEVELOPMENT to
false in config.js; Firefox uses firefox/manifest.json. See PROTOCOL.md.
"""

import argparse
import json
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = ["background.js", "config.js", "content.js", "messages.js", "native.js",
          "signing.html", "signing.css", "signing.js", "pin.html", "pin.js", "keypad.js", "popup.js",
          "icon-128.png"]
LOOPBACK = re.compile(r"^http://(127\.0\.0\.1|localhost)/")


def build(browser: str, mode: str, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SHARED:
        shutil.copy2(HERE / name, out / name)
    manifest = json.loads((HERE / ("firefox/manifest.json" if browser == "firefox" else "manifest.json")).read_text("utf-8"))
    if mode == "production":
        for script in manifest["content_scripts"]:
            script["matches"] = [m for m in script["matches"] if not LOOPBACK.match(m)]
        config = (out / "config.js").read_text("utf-8")
        config, count = re.subn(r"export const DEVELOPMENT = true;", "export const DEVELOPMENT = false;", config)
        if count != 1:
            raise SystemExit("config.js: DEVELOPMENT flag not found")
        (out / "config.js").write_text(config, "utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browser", choices=["chromium", "firefox"], required=True)
    parser.add_argument("--mode", choices=["development", "production"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    build(args.browser, args.mode, args.out)
    print(args.out)


if __name__ == "__main__":
    main()
