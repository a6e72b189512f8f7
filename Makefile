# baton: everything a fresh clone needs is Go and the module proxy.
GO      ?= go
BIN     := bin/baton
PKGS    := ./...
FUZZTIME ?= 30s

.PHONY: all build test test-deps test-short race bench fuzz devnet chaos lint vet fmt clean contracts e2e-browser

all: build

build:
	$(GO) build -o $(BIN) ./cmd/baton

# Unit, property, fuzz-seed and integration tests (real Raft over loopback,
# separate processes for the SIGKILL tests, embedded nats-server). -race
# where it fits the time: tests that run Groth16 setups and proofs skip
# under it (gnark is >10x slower there) and run in the second pass.
GROTH16_TESTS := TestFarm|TestProveAndVerify|TestDevnetProvesEverything|TestDevnetChaos|TestStatusPageInBrowser|TestAlertsFireOnDevnet|TestVerifier|TestRollup|TestSettle|TestDevnetRebuild|TestLoadVerifier|TestChaosShort
test: test-deps build
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 15m $(PKGS)
	$(GO) test -count=1 -timeout 15m -run '$(GROTH16_TESTS)' ./prover/ ./cluster/ ./cmd/baton/ ./contracts/

# What the tests need beyond Go, checked before the first test runs:
# Chromium for the status page test, installed with apt-get where this
# user may (root or password-less sudo), else a stop naming the command.
test-deps:
	@scripts/need-chromium

# The status page in headless Chromium against a running devnet; writes
# docs/status.png (the README's screenshot). make test runs the same test.
e2e-browser: test-deps build
	BATON_SCREENSHOT=$(CURDIR)/docs/status.png $(GO) test -count=1 -run TestStatusPageInBrowser -v ./cmd/baton/

test-short:
	$(GO) test -short -count=1 $(PKGS)

# Run the main job on embedded defaults: a 3-replica cluster with load.
# Ctrl-C stops it and prints the summary. Pass ARGS, e.g. ARGS="--txs 5000 --json".
devnet: build
	$(BIN) devnet $(ARGS)

# The full chaos run: 100 seeded faults on a cluster of processes, the
# clients' history checked (about 10 minutes; a failure prints its seed).
# `make test` runs a short one (TestChaosShort).
chaos: build
	$(BIN) chaos --faults 100 --json $(ARGS)

# Sequencer benchmark: cluster throughput and latency through the HTTP API
# against raw Raft and the bare fsm measured in the same run, and failover
# under load (20 SIGKILLs of the leader); then the prover farm against a
# bare gnark prove (bench prover); then L1 gas at batch sizes 1, 2, 4, 8
# against verifyProof alone, the verifier against gnark's generated one
# (compiled with the pinned solc: needs node, skipped without), and a
# devnet's sequenced-to-finalized time by stage against a bare L1
# transaction (bench l1); the watchdog's reassignment and leader recovery
# against AckWait alone (bench watchdog); a devnet driven at the most ingress
# allows against bare proving (bench pipeline). About 24 minutes on 2 cores,
# more the first time (Groth16 setups per size).
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 200x ./fsm/
	$(BIN) bench sequencer $(ARGS)
	$(BIN) bench prover
	-cd contracts && npm ci --no-audit --no-fund >/dev/null
	$(BIN) bench l1
	$(BIN) bench watchdog
	$(BIN) bench pipeline

# Longer fuzzing than the seed-corpus runs in `make test`.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeTx -fuzztime $(FUZZTIME) ./fsm/
	$(GO) test -run '^$$' -fuzz FuzzDecodeCommand -fuzztime $(FUZZTIME) ./fsm/
	$(GO) test -run '^$$' -fuzz FuzzApply -fuzztime $(FUZZTIME) ./fsm/
	$(GO) test -run '^$$' -fuzz FuzzRestore -fuzztime $(FUZZTIME) ./fsm/

# Solidity → artifacts (solc pinned in contracts/package.json) → Go
# bindings (abigen pinned to the go-ethereum in go.mod). Needs node and npm;
# the output is committed, so nothing else does.
ABIGEN := $(GO) run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10
contracts:
	cd contracts && npm ci --no-audit --no-fund && node compile.mjs
	for c in Groth16Verifier Rollup; do \
		$(ABIGEN) --v2 --abi contracts/artifacts/$$c.abi --bin contracts/artifacts/$$c.bin \
			--pkg bindings --type $$c --out contracts/bindings/$$(echo $$c | sed 's/\([a-z0-9]\)\([A-Z]\)/\1_\2/g' | tr A-Z a-z).go; \
	done

vet:
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin
