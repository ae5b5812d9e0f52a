# ext4trace — the two commands of the README, and the rest.
#   make demo    install what is missing, build, and show the main job on a bundled capture:
#                its operations through the buffer_head, iomap and delaymap models beside the kernel
#   make test    the whole test suite
#   make bench   speed and memory against trace-cmd report on ../shared/bench (not a test)

SWIFT ?= swift
BIN = .build/release/ext4trace
DEMO = fixtures/ext4-append-fsync

.PHONY: demo build test bench clean fuzz sanitize

demo:
	scripts/setup
	@scripts/demo $(DEMO)/trace.txt.zst

build:
	$(SWIFT) build -c release --product ext4trace

test:
	scripts/test

bench: build
	scripts/bench

clean:
	rm -rf .build

# Fuzzing (not in CI): `make fuzz FUZZ_SECONDS=300`. Crashing inputs land in fuzz-crashes/;
# copy each into fixtures/fuzz-regressions/ so the tests replay it.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= FuzzText FuzzPrintFormat FuzzTraceDat
fuzz:
	mkdir -p fuzz-crashes fuzz-corpus
	for t in $(FUZZ_TARGETS); do \
	  EXT4TRACE_FUZZ=1 $(SWIFT) build -c release --scratch-path .build-fuzz --product $$t \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library || exit 1; \
	done
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz-corpus/$$t; \
	  seeds=fixtures/fuzz-seeds; [ $$t = FuzzTraceDat ] && seeds=fixtures/fuzz-seeds-dat; \
	  .build-fuzz/release/$$t fuzz-corpus/$$t $$seeds -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=fuzz-crashes/$$t- -timeout=10 -rss_limit_mb=1024 || exit 1; \
	done

# The test suite under AddressSanitizer, then ThreadSanitizer (not in CI: slow). Leak checking
# is off: LeakSanitizer cannot see Swift's tagged String and bridge-object pointers and reports
# the strings they hold as leaked.
sanitize:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan
