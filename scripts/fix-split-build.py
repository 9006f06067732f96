#!/usr/bin/env python3
"""Repairs what `cargo leptos build --split` (cargo-leptos 0.3.5) gets wrong.

1. The manifest. cargo-leptos 0.3.5 renames `chunk_58` to `chunk_58.<hash>` in the manifest
by plain string replacement, so `chunk_580` can come out as `chunk_58.<hash>0` (or with two
hashes): the server then preloads, and the browser loads, files that do not exist, and
pages that need those chunks never hydrate. The file names on disk and in the split loader
are right; this rewrites each manifest entry to the file that is really there.

2. The release main module. After LTO the splitter keeps a wasm-bindgen describe function
alive (the splitter does not handle wasm-bindgen's intrinsics), so the main module still
imports `__wbindgen_describe` (and `__wbindgen_describe_generic_import`) from
`__wbindgen_placeholder__`, which wasm-bindgen's JS does not provide: instantiation fails
and no page hydrates. Describe functions only run inside wasm-bindgen's build-time
interpreter, never in the browser, so the JS gets no-ops for them (one that logs an error,
see STUB_BODY).

3. A check, not a repair: the splitter puts the whole read-only data segment in the main
module when the chunks' share of it does not fit the segment (see LIANXIN_SPLIT_DATA_SLACK
in frontend/src/lib.rs). The slack block then appears in the main module: stop the build,
since every page's constants would be downloaded on the first visit.

usage: fix-split-build.py SITE_PKG_DIR
"""
import gzip
import json
import pathlib
import re
import sys

HASH = re.compile(r"\.[A-Za-z0-9_-]{22}")  # cargo-leptos: md5, base64url without padding


# A describe import called in the browser means wasm-bindgen left a cast unresolved: the
# split build resolves a closure type only where the main module uses it too, and a
# `Closure` of a type only a lazily loaded page uses comes out `undefined` (the page then
# silently gets no events; forum/pages/topic.rs). Say so where the browser tests look.
STUB_BODY = {
    "__wbindgen_describe_generic_import": 'console.error("lianxin: a wasm-bindgen cast was left unresolved by the split build (use a closure type the main module uses)");',
}


def placeholder_imports(wasm: bytes) -> list:
    """Names imported from `__wbindgen_placeholder__`: in the import section each entry is
    the module name and the field name, each preceded by its length (one byte here)."""
    module = b"__wbindgen_placeholder__"
    names, at = [], 0
    while (at := wasm.find(bytes([len(module)]) + module, at)) >= 0:
        at += 1 + len(module)
        size = wasm[at]
        name = wasm[at + 1 : at + 1 + size].decode("ascii", "replace")
        if re.fullmatch(r"__wbindgen_\w+", name) and name not in names:
            names.append(name)
    return names


def patch_describe_import(pkg: pathlib.Path) -> bool:
    for wasm in pkg.glob("*.wasm"):
        if wasm.name.startswith(("chunk_", "split_")):
            continue
        names = placeholder_imports(wasm.read_bytes())
        if not names:
            continue
        stem = HASH.sub("", wasm.name[: -len(".wasm")])
        for js in pkg.glob(f"{stem}*.js"):
            if HASH.sub("", js.name[: -len(".js")]) != stem:
                continue
            text = js.read_text()
            anchor = f'"./{stem}_bg.js":'
            if '"__wbindgen_placeholder__"' in text:
                continue  # patched by an earlier run
            if text.count(anchor) != 1:
                # A wasm-bindgen whose JS looks different: stop rather than ship a site
                # that cannot hydrate.
                print(f"fix-split-build: no single {anchor} in {js.name}", file=sys.stderr)
                return False
            stubs = ",".join(f"{n}(){{{STUB_BODY.get(n, '')}return 0}}" for n in names)
            text = text.replace(anchor, f'"__wbindgen_placeholder__":{{{stubs}}},' + anchor)
            js.write_text(text)
            # `--precompress` copies hold the old text: write the gzip one again, drop brotli.
            if js.with_name(js.name + ".gz").exists():
                js.with_name(js.name + ".gz").write_bytes(gzip.compress(text.encode(), 9))
            js.with_name(js.name + ".br").unlink(missing_ok=True)
            print(f"fix-split-build: {js.name} provides no-ops for {', '.join(names)}")
            if "__wbindgen_describe_generic_import" in names:
                print(f"fix-split-build: warning: {wasm.name} has wasm-bindgen casts left unresolved; "
                      "a page that makes one logs an error (see STUB_BODY)", file=sys.stderr)
    return True


def data_left_in_main(pkg: pathlib.Path) -> bool:
    marker = b"LXSLACK." * 64
    for wasm in pkg.glob("*.wasm"):
        if not wasm.name.startswith(("chunk_", "split_")) and marker in wasm.read_bytes():
            print(
                f"fix-split-build: {wasm.name} holds the whole read-only data segment: the "
                "splitter ran out of room; make LIANXIN_SPLIT_DATA_SLACK (frontend/src/lib.rs) larger",
                file=sys.stderr,
            )
            return True
    return False


def main(pkg: pathlib.Path) -> int:
    if not patch_describe_import(pkg):
        return 1
    manifests = sorted(pkg.glob("__wasm_split_manifest*.json"))
    if not manifests:
        return 0  # not a split build
    if data_left_in_main(pkg):
        return 1
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
                    print(f"fix-split-build: no file for {name} ({original})", file=sys.stderr)
                    return 1
                repaired.append(on_disk[original])
                fixed += 1
            manifest[key] = repaired
        path.write_text(json.dumps(manifest, indent=2))
        # `--precompress` copies were made from the broken text: drop them.
        for stale in (path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")):
            stale.unlink(missing_ok=True)
    print(f"fix-split-build: {fixed} chunk names repaired")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
