# Thin wrapper over Meson: every target first makes sure the Debian packages
# it needs are there (scripts/setup.sh), then lets Meson and Ninja do the work.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz

.PHONY: all geo setup check check-plain check-asan demo bench fuzz fuzz-run install clean

all: $(BUILD)/build.ninja
	@sh scripts/setup.sh build
	ninja -C $(BUILD)
	@sh scripts/geo.sh || true

# The default country database of `hotline origins`, fetched again.
geo:
	FORCE=1 sh scripts/geo.sh

$(BUILD)/build.ninja:
	@sh scripts/setup.sh build
	meson setup $(BUILD) --prefix=$(PREFIX) --buildtype=debugoptimized

setup:
	sh scripts/setup.sh check

# The suite runs twice: a plain -Werror build, then under ASan and UBSan.
check: check-plain check-asan

# A build tree that `make demo` set up without the test packages gets its
# unit tests once they are installed: -Dtests=enabled makes cmocka required.
check-plain:
	@sh scripts/setup.sh check
	@if [ -f $(BUILD)/build.ninja ]; then \
	    meson setup --reconfigure $(BUILD) -Dtests=enabled >/dev/null; \
	else meson setup $(BUILD) --prefix=$(PREFIX) \
	    --buildtype=debugoptimized -Dtests=enabled; fi
	ninja -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs

check-asan:
	@sh scripts/setup.sh check
	@if [ -f $(ASAN_BUILD)/build.ninja ]; then \
	    meson setup --reconfigure $(ASAN_BUILD) -Dtests=enabled >/dev/null; \
	else meson setup $(ASAN_BUILD) --buildtype=debug -Dtests=enabled \
	    -Db_sanitize=address,undefined -Db_lundef=false; fi
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(ASAN_BUILD) --print-errorlogs

demo: all
	$(BUILD)/hotline demo

bench: $(BUILD)/build.ninja
	@sh scripts/setup.sh bench
	@meson configure $(BUILD) -Dbenchmarks=true >/dev/null
	ninja -C $(BUILD)
	$(BUILD)/bench/bench_envelope
	$(BUILD)/bench/bench_mlog
	$(BUILD)/bench/bench_e2e $(BUILD)/hotline
	$(BUILD)/bench/bench_bundle
	$(BUILD)/bench/bench_origins tests/origins/blocks.mmdb
	$(BUILD)/bench/bench_match $(BUILD)/hotline

fuzz:
	@sh scripts/setup.sh fuzz
	@[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILD) \
	    --buildtype=debugoptimized -Dfuzzers=true -Db_lundef=false
	ninja -C $(FUZZ_BUILD)
	@echo "fuzzers in $(FUZZ_BUILD)/fuzz/; 'make fuzz-run' runs each for FUZZ_SECONDS"

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
# Inputs that hold several envelopes need more than libFuzzer's 4 KB
# default: fuzz/max_len names those targets and their -max_len.
fuzz-run: fuzz
	for f in $(FUZZ_TARGETS); do \
	    len=$$(awk -v t=$$f '$$1 == t { print $$2 }' fuzz/max_len); \
	    seeds=; for d in $$(awk -v t=$$f '$$1 == t { $$1 = ""; print }' \
	        fuzz/shared_seeds); do [ -d ../shared/vectors/$$d ] && \
	        seeds="$$seeds ../shared/vectors/$$d"; done; \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$f && \
	    $(FUZZ_BUILD)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
	        $${len:+-max_len=$$len} \
	        $(FUZZ_BUILD)/corpus/$$f fuzz/corpus/$$f $$seeds || exit 1; \
	done

install: all
	meson configure $(BUILD) -Dprefix=$(PREFIX) >/dev/null
	ninja -C $(BUILD)
	DESTDIR=$(DESTDIR) meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
