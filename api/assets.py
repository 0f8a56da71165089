"""Browser assets the service serves itself, so that no page needs another host.

Two kinds: the project's own files in ``kg/web/static/`` (the presentation layer's
stylesheet, scripts and images, served under ``/static/``), and the vendor bundles,
served under ``/assets/vendor/``: those installed from the npm registry into
``node_modules/`` by ``make`` (``npm ci``, pinned by ``package-lock.json``; :data:`VENDOR`)
and vis-network's script and stylesheet from the copy bundled in the installed pyvis
package (:data:`PACKAGED`, the files a network view file inlines). Only the files named
there are served, never a folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from kg.network.view import VIS_FILES, vis_file
from kg.web.render import STATIC_DIR

__all__ = ["PACKAGED", "STATIC_DIR", "VENDOR", "vendor_body", "vendor_file"]

# URL path under /assets/vendor/ -> file under node_modules/ (package/path)
VENDOR: dict[str, str] = {
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "redoc/redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
    # the SPARQL editor (/editor): YASGUI with its CodeMirror, YASQE and YASR in one bundle
    "yasgui/yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui/yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
}

# URL path under /assets/vendor/ -> the installed file of a Python package
PACKAGED: dict[str, Callable[[], Path]] = {
    f"vis-network/{name}": functools.partial(vis_file, name) for name in VIS_FILES
}


# Outside addresses a bundle would fetch on its own, each replaced by one of this service's
# files when the bundle is served. ReDoc 2 shows its maker's logo from cdn.redoc.ly in the
# sidebar with no option to turn it off (ReDoc 3 does not install from the registry here).
# YASQE's tooltip on a line with a syntax error underlines the expected tokens with a style
# attribute, which the editor page's Content-Security-Policy (no inline style attributes)
# refuses: a class instead, styled in site.css.
REWRITES: dict[str, tuple[tuple[bytes, bytes], ...]] = {
    "redoc/redoc.standalone.js": (
        (b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"/static/img/api-docs.svg"),
    ),
    "yasgui/yasgui.min.js": (
        (b"<strong style='text-decoration:underline'>", b"<strong class='expected'>"),
    ),
}


class AssetMissing(FileNotFoundError):
    """A vendor bundle is not installed (``make`` runs ``npm ci``)."""


def vendor_file(assets_dir: Path, name: str) -> Path:
    """The installed file behind ``/assets/vendor/{name}``; LookupError for an unknown name."""
    if name in PACKAGED:
        return PACKAGED[name]()
    if name not in VENDOR:
        raise LookupError(f"no asset {name!r}")
    path = assets_dir / VENDOR[name]
    if not path.is_file():
        raise AssetMissing(f"{VENDOR[name]} is not installed under {assets_dir}: run `make`")
    return path


def vendor_body(assets_dir: Path, name: str) -> bytes | None:
    """The bytes to serve for an asset whose outside addresses are rewritten (None for the
    others, which are served as the installed file)."""
    if name not in REWRITES:
        return None
    path = vendor_file(assets_dir, name)
    return _rewritten(path, path.stat().st_mtime_ns, REWRITES[name])


@functools.lru_cache(maxsize=8)
def _rewritten(path: Path, _mtime: int, rewrites: tuple[tuple[bytes, bytes], ...]) -> bytes:
    data = path.read_bytes()
    for old, new in rewrites:
        if old not in data:
            raise AssetMissing(f"{path} no longer contains {old!r}: check the rewrite")
        data = data.replace(old, new)
    return data
