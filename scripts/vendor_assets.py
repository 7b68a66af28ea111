"""Copy the front-end files Yavar serves from node_modules (installed from npm by `make`)
into static/vendor, which git ignores. Nothing is fetched at run time."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

JDP = "@majidh1/jalalidatepicker/dist"
FILES = {
    "bootstrap/dist/css/bootstrap.rtl.min.css": "bootstrap/bootstrap.rtl.min.css",
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    f"{JDP}/jalalidatepicker.min.js": "jalalidatepicker/jalalidatepicker.min.js",
    f"{JDP}/jalalidatepicker.min.css": "jalalidatepicker/jalalidatepicker.min.css",
    "vazirmatn/Vazirmatn-Variable-font-face.css": "vazirmatn/Vazirmatn-Variable-font-face.css",
    "vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2": (
        "vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2"
    ),
    "vazirmatn/OFL.txt": "vazirmatn/OFL.txt",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE / src).is_file()]
    if missing:
        print("missing from node_modules (run npm ci):", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        target = VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    print(f"vendored {len(FILES)} files into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
