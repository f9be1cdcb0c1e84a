# git forge — build, install, test, benchmark.
# Quick start on Debian: `make install` then `make test` (both install the apt packages they need).

PREFIX   ?= /usr/local
SWIFT    ?= swift
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man/man1
APT_PACKAGES = libgit2-dev libcurl4-openssl-dev libsqlite3-dev pkg-config git groff-base man-db hyperfine
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build install uninstall test bench deps clean

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
build: deps
	$(SWIFT) build -c release --static-swift-stdlib

install: build
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 .build/release/git-forge $(DESTDIR)$(BINDIR)/git-forge

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/git-forge

test: deps
	$(SWIFT) test

bench: build
	bench/run-all.sh

clean:
	rm -rf .build
