# Shotdesk — the two commands people need are `make run` and `make test`.
# Both first run scripts/system-deps.sh, the one list of system packages
# (GTK/WebKitGTK, libjpeg-turbo, a C compiler; for tests also Xvfb, xdotool,
# Chromium, ImageMagick, unzip): silent when they are there, installed with
# apt-get on Debian/Ubuntu when missing, named on other systems
# (SHOTDESK_SKIP_SYSTEM_DEPS=1 skips it). Everything else a target needs that
# installs without root (the pinned Wails CLI, the frontend's npm packages)
# is installed on first use.

SHELL := /bin/bash
.DEFAULT_GOAL := help

WAILS_VERSION := v2.16.0
GOBIN := $(shell go env GOPATH)/bin
WAILS := $(GOBIN)/wails
# The one version source (scripts/version.sh): X.Y.Z on a release tag vX.Y.Z,
# else 0.0.0-dev+<commit>. It reaches the binary through the linker, never a
# committed file.
VERSION ?= $(shell ./scripts/version.sh 2>/dev/null || echo 0.0.0-dev)
E2E_VERSION := 0.1.0-e2e

# Linux builds against libwebkit2gtk-4.1 and decodes/encodes JPEG with
# libjpeg-turbo (libturbojpeg0-dev); other platforms use the pure-Go JPEG
# path unless TAGS adds turbojpeg.
ifeq ($(shell uname -s),Linux)
  TAGS := webkit2_41,turbojpeg
endif
GOTAGS := $(if $(TAGS),-tags $(TAGS),)
comma := ,
DEV_TAGS := dev$(if $(TAGS),$(comma)$(TAGS))

.PHONY: help run build build-dev system-deps deps wails-cli frontend-deps frontend-build test test-go test-frontend test-e2e dist dist-check lockfile-check bench clean

help:
	@echo "make run    build and open Shotdesk (demo organization when no API key is set)"
	@echo "make test   vet, Go tests, frontend type-check + vitest, end-to-end tests"
	@echo "make build  leave the release binary in build/bin/shotdesk"
	@echo "make dist   release packages in dist/ (Linux: .deb, .tar.gz and the Windows installer + zip; macOS: .dmg)"
	@echo "make dist-check  make dist, then check the packages (part of make test on Linux)"
	@echo "make system-deps  install the system packages (both commands do this first)"
	@echo "make bench  side-by-side timings against vipsthumbnail, curl, zip and cat (ratios)"

run:
	@./scripts/system-deps.sh run
	@$(MAKE) --no-print-directory build
	./build/bin/shotdesk

# The system packages for building, running and testing (make test's profile).
system-deps:
	./scripts/system-deps.sh test

deps: wails-cli frontend-deps

# The Wails CLI, pinned: @latest resolves to an old release that does not build with Go 1.26.
wails-cli:
	@if ! "$(WAILS)" version 2>/dev/null | grep -q "$(WAILS_VERSION)"; then \
		echo "installing Wails CLI $(WAILS_VERSION)"; \
		go install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION); \
	fi

# npm install against the committed lockfile (npm ci fails on this registry
# mirror because it lacks rollup's other-platform packages); the lockfile
# must come out unchanged.
frontend-deps:
	@if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		npm --prefix frontend install --no-audit --no-fund; \
	fi
	@$(MAKE) --no-print-directory lockfile-check

lockfile-check:
	@if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- frontend/package-lock.json; then \
		echo "frontend/package-lock.json changed during npm install; commit the change on purpose or revert it" >&2; exit 1; \
	fi

frontend-build: frontend-deps
	npm --prefix frontend run build

# -trimpath as in make dist, so both share the compiled packages in Go's
# build cache (and no local paths end up in the binary).
build: deps
	"$(WAILS)" build -m -trimpath $(GOTAGS) -ldflags "-X main.version=$(VERSION)"

# The development build serves the UI with working Go bindings on
# 127.0.0.1:34115 for Playwright; built once per test run (dev compiles are slow).
build-dev: frontend-build
	go build -tags $(DEV_TAGS) -ldflags "-X main.version=$(E2E_VERSION)" -o build/bin/shotdesk-dev .

# The release checks run where the packages can be built and inspected:
# Linux (the .deb, the Windows cross-build, Info.plist).
ifeq ($(shell uname -s),Linux)
  TEST_DIST := dist-check
endif

test:
	@./scripts/system-deps.sh test
	@$(MAKE) --no-print-directory deps test-go test-frontend test-e2e $(TEST_DIST)

test-go:
	@# go.mod/go.sum must be what `go mod tidy` makes of them (direct dependencies not marked // indirect).
	@go mod tidy -diff || { echo 'go.mod/go.sum are not tidy: run `go mod tidy` and commit the result' >&2; exit 1; }
	@# internal/ must never depend on Wails: its tests run without a display.
	@if go list -deps ./internal/... | grep -q '^github.com/wailsapp/'; then echo 'internal/ imports Wails' >&2; exit 1; fi
	go vet $(GOTAGS) ./...
	go test $(GOTAGS) -race -count=1 -timeout 20m ./...

test-frontend: frontend-deps
	npm --prefix frontend run check
	npm --prefix frontend test

test-e2e: build build-dev
	SHOTDESK_E2E_VERSION=$(E2E_VERSION) npm --prefix frontend run test:e2e

# Release packages into dist/ (scripts/dist.sh; README "Release"). Built in a
# temporary copy of the project, so the work tree stays as it was.
dist: deps frontend-build
	@./scripts/system-deps.sh dist
	./scripts/dist.sh $(DIST_TARGETS)

# make dist plus the cross-platform release checks (scripts/dist-check.sh):
# Windows and macOS vet, PE subsystems and VERSIONINFO, Info.plist, the .deb
# installed and run, desktop/AppStream/man validation, actionlint.
dist-check: deps frontend-build
	@./scripts/system-deps.sh check
	./scripts/dist-check.sh

# Measurements, not tests: ratios against the tools an admin would script.
# The first run generates ~1,300 sample photos (cached under $TMPDIR).
bench:
	./scripts/bench.sh $(ARGS)

clean:
	rm -rf build/bin artifacts dist
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete
