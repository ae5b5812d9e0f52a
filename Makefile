# ext4trace — the two commands of the README, and the rest.
#   make demo    install what is missing, build, and run the main job on a bundled capture
#   make test    the whole test suite
#   make bench   speed and memory against trace-cmd report on ../shared/bench (not a test)

SWIFT ?= swift
BIN = .build/release/ext4trace
DEMO = fixtures/ext4-seq-write-4k

.PHONY: demo build test bench clean

demo:
	scripts/setup
	$(BIN) stats $(DEMO)/trace.txt.zst
	$(BIN) events $(DEMO)/trace.txt.zst --event ext4_da_write_pages_extent

build:
	$(SWIFT) build -c release --product ext4trace

test:
	scripts/test

bench: build
	scripts/bench

clean:
	rm -rf .build
