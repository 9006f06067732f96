# 连心 Lianxin — the two commands of the contract are `make run` and `make test`.
# Every target installs what it needs once and skips it afterwards.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.5
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
SOURCES := $(shell find app server/src server/migrations frontend style public -type f 2>/dev/null) Cargo.toml Cargo.lock .cargo/config.toml scripts/fix-split-build.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: help run test test-unit test-sqlite test-postgres test-e2e bench tools rust-tools node-tools chromium binaryen wrk clean

help:
	@echo "make run    build and serve Lianxin at http://127.0.0.1:3000 with demo data (data/lianxin.db)"
	@echo "make test   unit, HTTP (SQLite and PostgreSQL) and browser tests"
	@echo "make bench  release build, large data set, load test"

# ---------------------------------------------------------------- tools
tools: rust-tools node-tools

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
	@if ! cargo leptos --version 2>/dev/null | grep -qF "$(CARGO_LEPTOS_VERSION)"; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (once; about 20 minutes on 2 cores)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked --features no_downloads; \
	fi
	@if ! wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)"; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (once; about 10 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

node-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

# Debian's native wasm-opt: a split release build optimizes each of about 1 500 wasm chunks
# with its own call: tens of milliseconds natively; with the npm package's JavaScript port
# about 40 chunks a minute were done here, over half an hour in all.
binaryen:
	@command -v wasm-opt >/dev/null || { apt-get update -qq && apt-get install -y -qq binaryen; }

wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

# ---------------------------------------------------------------- builds
# The release wasm is what a phone downloads first, so it is built smaller than stable
# Rust builds it: the standard library is recompiled with the app (`build-std`), panics
# abort at once instead of formatting a message (`-Cpanic=immediate-abort`) and carry no
# source locations, and `{:?}` formats nothing (the browser shows no Debug output; 4 KB).
# Together about 8 % of the main module, gzipped (322 592 -> 296 835 bytes, then
# 256 318 -> 251 810 with no Debug formatting and no panic hook). These are unstable
# options, enabled on the pinned stable compiler with RUSTC_BOOTSTRAP for this one build
# only; a pinned toolchain cannot change them under us. Debug builds and the server are
# ordinary stable builds. Tried and left out: std's `optimize_for_size` feature (another
# 451 bytes, but the split build then left a wasm-bindgen cast of the forum topic unresolved).
RELEASE_WASM_ENV := RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Ctarget-feature=-reference-types -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"

# The release site is rebuilt only when a source file changed, so a second `make run`
# starts in seconds.
# The server first: every `cargo leptos build` empties the site folder before it builds
# (cargo-leptos 0.3.5, build_proj), so a server build after the front would delete it.
target/.release-built: $(SOURCES) | tools binaryen
	@rm -rf target/site/pkg
	cargo leptos build --release --server-only
	$(RELEASE_WASM_ENV) cargo leptos build --release --precompress --split --frontend-only
	python3 scripts/fix-split-build.py target/site/pkg
	@test -n "$$(ls target/site/pkg/*.wasm 2>/dev/null)" || { echo "make: no wasm in target/site/pkg" >&2; exit 1; }
	@touch $@

# ---------------------------------------------------------------- run
run: target/.release-built
	@mkdir -p data
	LEPTOS_SITE_ROOT=target/site target/release/lianxin serve --seed-demo

# ---------------------------------------------------------------- tests
test: test-unit test-sqlite test-postgres test-e2e
	@echo "make test: all suites passed"

test-unit:
	cargo test -p app --features ssr --lib
	cargo test -p server --lib

test-sqlite:
	LIANXIN_TEST_DB=sqlite cargo test -p server --test api

# Outside CI a missing PostgreSQL skips this suite, loudly; under CI=true it fails.
test-postgres:
	@if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
	  LIANXIN_TEST_DB=postgres LIANXIN_TEST_PG_URL="$(PG_URL)" cargo test -p server --test api; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "FAIL: PostgreSQL is not reachable at 127.0.0.1:5432 and CI=true requires the PostgreSQL suite" >&2; exit 1; \
	else \
	  echo "SKIPPED: PostgreSQL suite (no server at 127.0.0.1:5432); set it up and rerun, CI requires it"; \
	fi

# The browser tests run the server binary that `cargo test` builds (no second server
# build) with the debug wasm from cargo-leptos, in their own site folder so that the
# release site of `make run` stays intact.
test-e2e: tools chromium
	cargo test -p server --no-run
	@rm -rf target/site-dev/pkg
	LEPTOS_SITE_ROOT=target/site-dev cargo leptos build --frontend-only --split
	python3 scripts/fix-split-build.py target/site-dev/pkg
	cd end2end && npx playwright test

# ---------------------------------------------------------------- bench
bench: target/.release-built wrk
	bash bench/run.sh

clean:
	cargo clean
	rm -rf node_modules target/.release-built
