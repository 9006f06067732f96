#!/usr/bin/env python3
"""Repairs the wasm-split manifest after `cargo leptos build --split` with hashed file names.

cargo-leptos 0.3.5 renames `chunk_58` to `chunk_58.<hash>` in the manifest by plain string
replacement, so `chunk_580` can come out as `chunk_58.<hash>0` (or with two hashes): the
server then preloads, and the browser loads, files that do not exist, and pages that need
those chunks never hydrate. The file names on disk and in the split loader are right; this
rewrites each manifest entry to the file that is really there.

usage: fix-split-manifest.py SITE_PKG_DIR
"""
import json
import pathlib
import re
import sys

HASH = re.compile(r"\.[A-Za-z0-9_-]{22}")  # cargo-leptos: md5, base64url without padding


def main(pkg: pathlib.Path) -> int:
    manifests = sorted(pkg.glob("__wasm_split_manifest*.json"))
    if not manifests:
        return 0  # not a split build
    # `chunk_580.<hash>.wasm` -> `chunk_580` -> `chunk_580.<hash>`
    on_disk = {}
    for f in pkg.glob("*.wasm"):
        stem = f.name[: -len(".wasm")]
        on_disk[HASH.sub("", stem)] = stem
    fixed = 0
    for path in manifests:
        manifest = json.loads(path.read_text())
        for key, modules in manifest.items():
            repaired = []
            for name in modules:
                if (pkg / f"{name}.wasm").exists():
                    repaired.append(name)
                    continue
                original = HASH.sub("", name)
                if original not in on_disk:
                    print(f"fix-split-manifest: no file for {name} ({original})", file=sys.stderr)
                    return 1
                repaired.append(on_disk[original])
                fixed += 1
            manifest[key] = repaired
        path.write_text(json.dumps(manifest, indent=2))
    print(f"fix-split-manifest: {fixed} chunk names repaired")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
