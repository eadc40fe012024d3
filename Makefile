# kaohe: make builds kaohed, kaohe and kaohectl; make test runs every test;
# make demo starts a demo office.  make deps installs missing Debian packages.
# make bench runs the benchmarks (BENCH=quick, the default, or BENCH=full).
# make crashtest kills kaohed at random under writing clients (CYCLES=200).
#
#   make SANITIZE=address,undefined test    everything under ASan and UBSan
#   make test FUZZ_SECONDS=60               longer fuzz runs (the decoder's fuzzer
#                                           runs FUZZ_DECODE_SECONDS, at least 60)
#   make fuzz FUZZ_SECONDS=600              only the fuzzers, each that long
#   make soak SOAK_SECONDS=60               200 clients for 10 minutes (or that long)
#   make test JOBS=1                        build one file at a time (default: every core)

CC	?= cc
PKG_CONFIG ?= pkg-config
SANITIZE ?=
FUZZ_SECONDS ?= 10
# The wire decoder faces every peer on the network: make test gives its
# fuzzer longer than the file parsers', and never less than 60 s.
FUZZ_DECODE_SECONDS ?= $(shell s=$(FUZZ_SECONDS); [ "$$s" -gt 60 ] 2>/dev/null && echo $$s || echo 60)
SOAK_SECONDS ?= 600

ifeq ($(SANITIZE),)
BUILD	?= build
OPT	?= -O2
else
BUILD	?= build-$(subst $(comma),-,$(SANITIZE))
OPT	?= -O1 -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
comma	:= ,

# pkg-config name : Debian package
LIBDEPS	= libzmq:libzmq3-dev lmdb:liblmdb-dev msgpack:libmsgpack-dev \
	  libsodium:libsodium-dev ncursesw:libncurses-dev yaml-0.1:libyaml-dev \
	  xlsxwriter:libxlsxwriter-dev inih:libinih-dev
TESTDEPS = cmocka:libcmocka-dev
# command : Debian package
TOOLDEPS = pkg-config:pkg-config tmux:tmux clang:clang locale-gen:locales unzip:unzip \
	   msgfmt:gettext groff:groff-base
# make bench only: PostgreSQL's baseline (pg_ctl and initdb live in
# /usr/lib/postgresql/N/bin on Debian, off the PATH).
BENCHDEPS = pgbench:postgresql-client pg_ctl:postgresql

# xlsxwriter: common/export-xlsx.c is in every program's common objects.
PKGS	= libzmq lmdb msgpack libsodium xlsxwriter
PREFIX	?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
CFLAGS	+= -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_XOPEN_SOURCE_EXTENDED \
	   -Wall -Wextra -Werror -g $(OPT) -I. -DLOCALEDIR='"$(LOCALEDIR)"'
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) ncursesw yaml-0.1 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
YAML_LIBS = $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null)
INIH_LIBS = $(shell $(PKG_CONFIG) --libs inih 2>/dev/null)
LDFLAGS	+= $(if $(SANITIZE),-fsanitize=$(SANITIZE))

COMMON_SRC = $(wildcard common/*.c)
STORE_SRC = server/store.c server/store-space.c server/auth.c server/log-ops.c server/org.c server/doc-ops.c \
	    server/calendar.c server/csv.c server/org-import.c server/plan-store.c server/score-ops.c \
	    server/rubric-ops.c server/rubric-sheets.c server/allowlist.c \
	    server/score-sheets.c server/score-import.c server/ledger-ops.c server/progress.c
SERVER_SRC = server/kaohed.c server/config.c server/server-loop.c server/server-handlers.c \
	     server/server-console.c server/server-reaper.c server/zap.c server/login-guard.c $(STORE_SRC)
CTL_SRC	= server/kaohectl.c server/kaohectl-keys.c server/kaohectl-org.c server/kaohectl-plan.c server/kaohectl-export.c server/kaohectl-gen.c server/gen.c \
	  server/plan-load.c server/ledger-load.c server/yaml-util.c server/kaohectl-ledger.c \
	  server/demo.c server/demo-cycle.c server/demo-scores.c server/demo-ledger.c server/demo-orgs.c \
	  server/kaohectl-backup.c server/kaohectl-help.c server/verify.c server/config.c $(STORE_SRC)
CLIENT_LIB_SRC = $(filter-out client/kaohe.c,$(wildcard client/*.c))
CLIENT_SRC = client/kaohe.c $(CLIENT_LIB_SRC)

obj	= $(patsubst %.c,$(BUILD)/%.o,$(1))
COMMON_OBJ = $(call obj,$(COMMON_SRC))

LINGUAS	= zh_CN
MO	= $(foreach l,$(LINGUAS),$(BUILD)/locale/$(l)/LC_MESSAGES/kaohe.mo)
PROGS	= $(BUILD)/kaohed $(BUILD)/kaohe $(BUILD)/kaohectl
TESTS	= $(BUILD)/tests/test-codec $(BUILD)/tests/test-decode $(BUILD)/tests/test-wire-check \
	  $(BUILD)/tests/test-store $(BUILD)/tests/test-docs $(BUILD)/tests/test-access \
	  $(BUILD)/tests/test-sync $(BUILD)/tests/test-orgs-ui $(BUILD)/tests/test-list $(BUILD)/tests/test-server $(BUILD)/tests/test-domain \
	  $(BUILD)/tests/test-period $(BUILD)/tests/test-import $(BUILD)/tests/test-score $(BUILD)/tests/test-rubric \
	  $(BUILD)/tests/test-plan $(BUILD)/tests/test-scoring $(BUILD)/tests/test-export \
	  $(BUILD)/tests/test-orgs $(BUILD)/tests/test-ledger $(BUILD)/tests/crashtest \
	  $(BUILD)/tests/test-durability $(BUILD)/tests/fail-fsync.so \
	  $(BUILD)/tests/test-security $(BUILD)/tests/test-hostile \
	  $(BUILD)/tests/test-config $(BUILD)/tests/login-probe $(BUILD)/tests/test-draft \
	  $(BUILD)/tests/test-job


.PHONY: all pot deps test test-progs demo fuzz clean check-deps bench bench-deps bench-progs crashtest soak
.DEFAULT_GOAL := all

all: $(PROGS) $(MO)
	@ln -sf $(BUILD)/kaohed kaohed; ln -sf $(BUILD)/kaohe kaohe; ln -sf $(BUILD)/kaohectl kaohectl

# Quiet unless V=1.
Q	= $(if $(V),,@)
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC      $(BUILD)/$*.o")
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

$(BUILD)/kaohed: $(call obj,$(SERVER_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(INIH_LIBS) -lpthread
$(BUILD)/kaohectl: $(call obj,$(CTL_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(INIH_LIBS)
$(BUILD)/kaohe: $(call obj,$(CLIENT_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS)

# ---- messages (common/i18n.h) ----
# English in the source, Chinese in po/zh_CN.po.  The build tree keeps the
# compiled catalogue in BUILD/locale, where the programs look first.
$(BUILD)/locale/%/LC_MESSAGES/kaohe.mo: po/%.po
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  MSGFMT  $@")
	$(Q)msgfmt --check -o $@ $<
# make pot: the template of every message, from the sources.
I18N_SRC = $(sort $(wildcard common/*.c server/*.c client/*.c))
pot:
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	    --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --no-location --sort-output \
	    --package-name=kaohe -o po/kaohe.pot $(I18N_SRC)

# ---- tests ----
test-progs: $(TESTS) $(MO)
CODEC_FIX = $(call obj,tests/codec-fixtures.c)
$(BUILD)/tests/test-codec: $(call obj,tests/test-codec.c) $(CODEC_FIX) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-decode: $(call obj,tests/test-decode.c) $(CODEC_FIX) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-wire-check: $(call obj,tests/test-wire-check.c) $(CODEC_FIX) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-domain: $(call obj,tests/test-domain.c tests/i18n-fixture.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-access: $(call obj,tests/test-access.c tests/harness.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-docs: $(call obj,tests/test-docs.c tests/store-fixture.c tests/office-fixture.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-store: $(call obj,tests/test-store.c tests/store-fixture.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-period: $(call obj,tests/test-period.c tests/i18n-fixture.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-score: $(call obj,tests/test-score.c tests/i18n-fixture.c tests/score-plans.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-rubric: $(call obj,tests/test-rubric.c tests/score-plans.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-import: $(call obj,tests/test-import.c tests/i18n-fixture.c tests/store-fixture.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-plan: $(call obj,tests/test-plan.c tests/store-fixture.c server/plan-load.c server/yaml-util.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-scoring: $(call obj,tests/test-scoring.c tests/i18n-fixture.c tests/store-fixture.c tests/office-fixture.c server/plan-load.c server/yaml-util.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-export: $(call obj,tests/test-export.c tests/i18n-fixture.c tests/store-fixture.c tests/office-fixture.c server/plan-load.c server/yaml-util.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-orgs: $(call obj,tests/test-orgs.c tests/i18n-fixture.c tests/store-fixture.c tests/office-fixture.c server/plan-load.c server/yaml-util.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-ledger: $(call obj,tests/test-ledger.c tests/store-fixture.c tests/office-fixture.c server/ledger-load.c server/yaml-util.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(YAML_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-sync: $(call obj,tests/test-sync.c tests/i18n-fixture.c $(CLIENT_LIB_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
# the client's local drafts (client/client-draft.c) and the fields' text in
# them (client-edit.c, client-area.c): no terminal, no server
$(BUILD)/tests/test-draft: $(call obj,tests/test-draft.c $(CLIENT_LIB_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
# the client's long work behind its progress bar (client/client-job.c)
$(BUILD)/tests/test-job: $(call obj,tests/test-job.c client/client-job.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread
$(BUILD)/tests/test-orgs-ui: $(call obj,tests/test-orgs-ui.c $(CLIENT_LIB_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-list: $(call obj,tests/test-list.c $(CLIENT_LIB_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-security: $(call obj,tests/test-security.c tests/harness.c tests/i18n-fixture.c $(CLIENT_LIB_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CURSES_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/test-server: $(call obj,tests/test-server.c tests/harness.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)

# kaohed's configuration file (server/config.c); login-probe logs in to a
# running kaohed for tests/install.sh.
$(BUILD)/tests/test-config: $(call obj,tests/test-config.c server/config.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(INIH_LIBS) $(CMOCKA_LIBS)
$(BUILD)/tests/login-probe: $(call obj,tests/login-probe.c tests/harness.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS)

$(BUILD)/tests/test-hostile: $(call obj,tests/test-hostile.c tests/harness.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread

$(BUILD)/tests/test-durability: $(call obj,tests/test-durability.c tests/harness.c server/verify.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) $(CMOCKA_LIBS)
# An LD_PRELOAD shim that fails fsync on demand: no sanitizer, no -Werror
# needed beyond the usual, built as a shared object.
$(BUILD)/tests/fail-fsync.so: tests/fail-fsync.c
	@mkdir -p $(dir $@)
	$(if $(V),,@echo "  CC      $@")
	$(Q)$(CC) -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC $< -o $@

# make crashtest: kill kaohed at random moments while eight clients write,
# CYCLES times (tests/crashtest.c); make test runs 50 cycles.
CYCLES	?= 200
CRASHTEST = $(BUILD)/tests/crashtest
$(CRASHTEST): $(call obj,tests/crashtest.c tests/harness.c server/verify.c $(STORE_SRC)) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) -lpthread
crashtest: all $(CRASHTEST)
	KAOHE_BUILD=$(BUILD) $(CRASHTEST) $(CYCLES)

# make soak: 200 clients of mixed work for SOAK_SECONDS (default 600),
# kaohed's RSS flat, nothing refused, nothing lost (tests/soak.c).  Not in
# make test.
SOAK = $(BUILD)/tests/soak
$(SOAK): $(call obj,tests/soak.c tests/harness.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) -lpthread
soak: all $(SOAK)
	KAOHE_BUILD=$(BUILD) $(SOAK) $(SOAK_SECONDS)

# ---- benchmarks (docs/performance.md) ----
# One program per family of targets in tests/bench/; tests/bench/run.sh runs
# them and prints the table.  make bench (or BENCH=quick) takes under three
# minutes; make bench BENCH=full runs longer and steadier.
BENCH	?= quick
BENCH_LIB = $(call obj,tests/bench/bench-lib.c tests/harness.c)
BENCH_PROGS = $(BUILD)/tests/bench/bench-submit $(BUILD)/tests/bench/bench-fanout
$(BUILD)/tests/bench/bench-%: $(BUILD)/tests/bench/bench-%.o $(BENCH_LIB) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS) -lpthread -lm
# bench-rank needs no server; bench-scale starts its own (tests/harness.c)
# on databases made by kaohectl gen.
$(BUILD)/tests/bench/bench-rank: $(call obj,tests/bench/bench-rank.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS)
$(BUILD)/tests/bench/bench-scale: $(call obj,tests/bench/bench-scale.c tests/harness.c) $(COMMON_OBJ)
	$(if $(V),,@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ -o $@ $(PKG_LIBS)
BENCH_PROGS += $(BUILD)/tests/bench/bench-rank $(BUILD)/tests/bench/bench-scale
# bench-client runs the real kaohe in a pty; bench-resync speaks the protocol.
BENCH_PROGS += $(BUILD)/tests/bench/bench-client $(BUILD)/tests/bench/bench-resync
.SECONDARY: $(call obj,$(wildcard tests/bench/*.c))
bench-progs: $(BENCH_PROGS)
bench: deps bench-deps all $(BENCH_PROGS)
	tests/bench/run.sh --build $(BUILD) --mode $(BENCH)

# The fuzzers, one per parser: clang's libFuzzer with ASan and UBSan, their
# own build.  fuzz-decode: wire frames; fuzz-plan: plan files (YAML);
# fuzz-csv: the CSV reader of the organisation and calendar imports;
# fuzz-ledger: ledger files (YAML).
FUZZ_BUILD = build-fuzz
# No parser in net.c, keys.c or the exports: they stay out, and so do libzmq and
# libxlsxwriter.
FUZZ_SRC = $(filter-out common/net.c common/keys.c common/export%,$(COMMON_SRC))
FUZZERS	= $(FUZZ_BUILD)/fuzz-decode $(FUZZ_BUILD)/fuzz-plan $(FUZZ_BUILD)/fuzz-csv \
	  $(FUZZ_BUILD)/fuzz-ledger
FUZZ_CC	= clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -I. \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  $(shell $(PKG_CONFIG) --cflags msgpack lmdb yaml-0.1 2>/dev/null)
FUZZ_DEPS = $(COMMON_SRC) $(wildcard common/*.h server/*.h) schema/kaohe.def
$(FUZZ_BUILD)/fuzz-decode: tests/fuzz-decode.c $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) tests/fuzz-decode.c $(FUZZ_SRC) -o $@ $(shell $(PKG_CONFIG) --libs msgpack)
$(FUZZ_BUILD)/fuzz-plan: tests/fuzz-plan.c server/plan-load.c server/yaml-util.c server/csv.c $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) tests/fuzz-plan.c server/plan-load.c server/yaml-util.c server/csv.c $(FUZZ_SRC) -o $@ \
	    $(shell $(PKG_CONFIG) --libs msgpack yaml-0.1)
$(FUZZ_BUILD)/fuzz-ledger: tests/fuzz-ledger.c server/ledger-load.c server/yaml-util.c server/csv.c $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) tests/fuzz-ledger.c server/ledger-load.c server/yaml-util.c server/csv.c $(FUZZ_SRC) -o $@ \
	    $(shell $(PKG_CONFIG) --libs msgpack yaml-0.1)
$(FUZZ_BUILD)/fuzz-csv: tests/fuzz-csv.c server/csv.c $(FUZZ_DEPS)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) tests/fuzz-csv.c server/csv.c $(FUZZ_SRC) -o $@ $(shell $(PKG_CONFIG) --libs msgpack)

fuzz: deps $(FUZZERS)
	tests/run.sh --fuzz-only --fuzz-dir $(FUZZ_BUILD) --fuzz-seconds $(FUZZ_SECONDS)

# make test: the plain build, then (unless SANITIZE was given, in which case
# that build is the only one) the same suite under ASan and UBSan, then the
# fuzzer.  tests/run.sh prints the one closing line "N passed, N failed".
# make test builds on every core however it was started (CI runs a plain
# make test); JOBS=1 builds one file at a time.
JOBS	?= $(shell nproc 2>/dev/null || echo 2)

test: deps
	$(MAKE) -j$(JOBS) all test-progs
ifeq ($(SANITIZE),)
	$(MAKE) -j$(JOBS) SANITIZE=address,undefined all test-progs
	$(MAKE) -j$(JOBS) $(FUZZERS)
	tests/run.sh --build $(BUILD) --san build-address-undefined \
	    --fuzz-dir $(FUZZ_BUILD) --fuzz-seconds $(FUZZ_SECONDS) \
	    --fuzz-decode-seconds $(FUZZ_DECODE_SECONDS)
else
	tests/run.sh --build $(BUILD)
endif

demo: deps all
	tests/demo.sh $(BUILD)

# ---- install (docs/operations.md, "Installing on a server") ----
# make install copies what make built: it never builds, so that the paths
# compiled in (LOCALEDIR, DATADIR, SYSCONFDIR) are those of the build.  Give
# both the same PREFIX (make install refuses a build made for other paths):
#
#   make PREFIX=/usr && make install PREFIX=/usr DESTDIR=/tmp/kaohe-pkg
#
# tests/install.sh installs into a staging tree and runs what it installed.
# DESTDIR (a staging tree for a package) needs no root.  Daemon and admin
# tool go to sbin (Debian policy: programs for the administrator), the
# client to bin.  Nothing is installed outside DESTDIR, no user is made,
# nothing is started: see dist/README and docs/operations.md.
INSTALL	?= install
BINDIR	?= $(PREFIX)/bin
SBINDIR	?= $(PREFIX)/sbin
DATADIR	?= $(PREFIX)/share/kaohe
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/kaohe
# /etc whatever the prefix: kaohed reads /etc/kaohe/kaohed.conf.
SYSCONFDIR ?= /etc
# systemd's own directory for /usr (/lib/systemd/system on Debian 12),
# PREFIX/lib/systemd/system for another prefix (systemd reads
# /usr/local/lib/systemd/system too).
SYSTEMDUNITDIR ?= $(if $(filter /usr,$(PREFIX)),$(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir \
	systemd 2>/dev/null),/lib/systemd/system),$(PREFIX)/lib/systemd/system)
SYSUSERSDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/sysusers.d,$(PREFIX)/lib/sysusers.d)
$(BUILD)/server/kaohectl.o: CFLAGS += -DDATADIR='"$(DATADIR)"'
$(BUILD)/server/config.o: CFLAGS += -DSYSCONFDIR='"$(SYSCONFDIR)"'
# BUILD/paths holds the paths compiled in.  The objects that use them are
# built again when a make gives other paths (make PREFIX=/usr after a plain
# make), and make install refuses a build made for other paths: its
# programs would look for their messages and data where nothing is.
BUILT_PATHS = LOCALEDIR=$(LOCALEDIR) DATADIR=$(DATADIR) SYSCONFDIR=$(SYSCONFDIR)
$(BUILD)/paths: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = "$(BUILT_PATHS)" ] || echo "$(BUILT_PATHS)" >$@
$(BUILD)/common/i18n.o $(BUILD)/server/kaohectl.o $(BUILD)/server/config.o: $(BUILD)/paths
.PHONY: FORCE

MAN1	= docs/man/kaohe.1
MAN8	= docs/man/kaohed.8 docs/man/kaohectl.8
DOCS	= README.md docs/operations.md docs/guide.md docs/security.md docs/plans.md \
	  docs/ledgers.md docs/protocol.md docs/architecture.md docs/glossary.md

.PHONY: install install-strip uninstall
install:
	@for f in $(PROGS) $(MO); do \
	  [ -e "$$f" ] || { echo "make install: $$f is not built: run make (with the same PREFIX) first" >&2; exit 1; }; \
	done
	@[ "$$(cat $(BUILD)/paths 2>/dev/null)" = "$(BUILT_PATHS)" ] || { \
	  echo "make install: $(BUILD) was built for $$(cat $(BUILD)/paths 2>/dev/null || echo 'unknown paths')," >&2; \
	  echo "  not $(BUILT_PATHS): run make with the same PREFIX first" >&2; exit 1; }
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/plans $(DESTDIR)$(DATADIR)/ledgers \
	    $(DESTDIR)$(DATADIR)/org-example $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/kaohe \
	    $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	$(INSTALL) -m 0755 $(INSTALL_STRIP) $(BUILD)/kaohe $(DESTDIR)$(BINDIR)/kaohe
	$(INSTALL) -m 0755 $(INSTALL_STRIP) $(BUILD)/kaohed $(BUILD)/kaohectl $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	for l in $(LINGUAS); do \
	  $(INSTALL) -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  $(INSTALL) -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/kaohe.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ || exit 1; \
	done
	$(INSTALL) -m 0644 schema/plans/*.yaml $(DESTDIR)$(DATADIR)/plans/
	$(INSTALL) -m 0644 schema/ledgers/*.yaml $(DESTDIR)$(DATADIR)/ledgers/
	$(INSTALL) -m 0644 schema/org-example/*.csv $(DESTDIR)$(DATADIR)/org-example/
	$(INSTALL) -m 0644 schema/calendar-*.csv $(DESTDIR)$(DATADIR)/
	$(INSTALL) -m 0644 $(DOCS) dist/README $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 dist/kaohed.conf $(DESTDIR)$(DOCDIR)/kaohed.conf.example
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/kaohe/kaohed.conf ]; then \
	  echo "make install: kept $(DESTDIR)$(SYSCONFDIR)/kaohe/kaohed.conf; the new example is $(DESTDIR)$(DOCDIR)/kaohed.conf.example"; \
	else \
	  echo "$(INSTALL) -m 0644 dist/kaohed.conf $(DESTDIR)$(SYSCONFDIR)/kaohe/kaohed.conf"; \
	  $(INSTALL) -m 0644 dist/kaohed.conf $(DESTDIR)$(SYSCONFDIR)/kaohe/kaohed.conf; \
	fi
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
	    dist/kaohed.service >$(DESTDIR)$(SYSTEMDUNITDIR)/kaohed.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/kaohed.service
	$(INSTALL) -m 0644 dist/kaohe.sysusers $(DESTDIR)$(SYSUSERSDIR)/kaohe.conf

install-strip:
	$(MAKE) install INSTALL_STRIP=-s

# Leaves the configuration file and the database (/var/lib/kaohe) alone.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kaohe $(DESTDIR)$(SBINDIR)/kaohed $(DESTDIR)$(SBINDIR)/kaohectl
	rm -f $(DESTDIR)$(MANDIR)/man1/kaohe.1 $(DESTDIR)$(MANDIR)/man8/kaohed.8 $(DESTDIR)$(MANDIR)/man8/kaohectl.8
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kaohe.mo; done
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/kaohed.service $(DESTDIR)$(SYSUSERSDIR)/kaohe.conf
	@echo "make uninstall: $(DESTDIR)$(SYSCONFDIR)/kaohe/kaohed.conf and the database are left in place"

# Install what is missing, found through pkg-config and command -v.
deps:
	@missing=""; \
	for d in $(TOOLDEPS); do command -v $${d%%:*} >/dev/null 2>&1 || missing="$$missing $${d#*:}"; done; \
	if command -v pkg-config >/dev/null 2>&1; then \
	  for d in $(LIBDEPS) $(TESTDEPS); do pkg-config --exists $${d%%:*} || missing="$$missing $${d#*:}"; done; \
	else \
	  for d in $(LIBDEPS) $(TESTDEPS); do missing="$$missing $${d#*:}"; done; \
	fi; \
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || missing="$$missing libclang-rt-dev"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi; \
	if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$$'; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "deps: generating the zh_CN.UTF-8 locale"; \
	  $$sudo sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen && $$sudo locale-gen >/dev/null || exit 1; \
	fi

bench-deps:
	@missing=""; \
	for d in $(BENCHDEPS); do \
	  command -v $${d%%:*} >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/$${d%%:*} >/dev/null 2>&1 || \
	    missing="$$missing $${d#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "bench-deps: installing$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

clean:
	rm -rf build build-* kaohed kaohe kaohectl
