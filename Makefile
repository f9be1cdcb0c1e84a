# git forge — build, install, test, benchmark.
# Quick start on Debian: `make install` then `make test` (both install the apt packages they need).

PREFIX   ?= /usr/local
SWIFT    ?= swift
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
MANPAGES  = $(wildcard man/*.1)
# The -dev packages after libgit2-dev hold the static archives git-forge links libgit2 with
# (libgit2-dev pulls them in; listed so the link's needs are written down).
APT_PACKAGES = libgit2-dev libdeflate-dev libssh2-1-dev libssl-dev libmbedtls-dev libhttp-parser-dev libpcre2-dev zlib1g-dev libcurl4-openssl-dev libsqlite3-dev pkg-config git groff-base man-db hyperfine python3
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build install uninstall test bench stress deps clean

all: build

# Installs the Debian packages that are missing (Swift itself is expected on PATH).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The Swift runtime is linked statically: a hook starts git-forge inside `git commit`, and
# loading the shared runtime costs 4 ms there.
# -no-pie: with the runtime and Foundation inside, a PIE needs ~100,000 relative relocations at
# every start (docs/architecture.md, "Start-up cost"). Only here: with the shared runtime of a
# debug build, a position-dependent executable makes ld.so warn about protected symbols.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie

build: deps
	$(SWIFT) build $(RELEASE_FLAGS)

install: build
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 .build/release/git-forge $(DESTDIR)$(BINDIR)/git-forge
	install -d $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0644 $(MANPAGES) $(DESTDIR)$(MANDIR)/
	install -m 0644 completions/git-forge.bash $(DESTDIR)$(BASHCOMPDIR)/git-forge
	install -m 0644 completions/_git-forge $(DESTDIR)$(ZSHCOMPDIR)/_git-forge
	install -m 0644 completions/git-forge.fish $(DESTDIR)$(FISHCOMPDIR)/git-forge.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/git-forge
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/,$(notdir $(MANPAGES)))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/git-forge $(DESTDIR)$(ZSHCOMPDIR)/_git-forge $(DESTDIR)$(FISHCOMPDIR)/git-forge.fish

# The whole log is kept in .build/test.log; on failure its failing tests are printed again
# last, so that the tail of a CI log names them. The layout check (docs/architecture.md, "Layout")
# reads the sources only, so it runs first.
test: deps
	@.ci/check-layout
	@mkdir -p .build; set -o pipefail; \
	$(SWIFT) test 2>&1 | tee .build/test.log || { status=$$?; \
	  echo; echo "== failed (from .build/test.log) =="; \
	  grep -E '^✘|^ *↳|^error: |Fatal error' .build/test.log | tail -30; \
	  exit $$status; }

bench: build
	bench/run-all.sh

# The reliability suites repeated, a long load run, and docs/reliability.md refreshed.
stress: deps
	SWIFT=$(SWIFT) Tests/stress/stress.sh

# Offline end-to-end demo against the project's own test forge on 127.0.0.1.
demo: deps
	demo/run.sh

clean:
	rm -rf .build
