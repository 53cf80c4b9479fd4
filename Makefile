# The one test command (README): installs and starts what the tests need,
# then vets (gofmt, go vet, go mod tidy), lints and runs every test with
# the race detector.
GO ?= go
BIN := $(CURDIR)/.bin
STATICCHECK := $(BIN)/staticcheck
STATICCHECK_VERSION := v0.8.2

.PHONY: test vet lint bench run tools peers fuzz

test: tools peers
	$(MAKE) vet lint
	CI=$${CI:-} $(GO) test -race -count=1 -timeout 15m ./...
	$(MAKE) fuzz

# Every fuzz target for a few seconds (FUZZTIME), in CI too.
fuzz:
	scripts/fuzz-all

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum: run go mod tidy"; exit 1; }

lint: tools
	$(STATICCHECK) ./...

tools: $(STATICCHECK)

# The real peers the tests talk to: each script installs and starts (or
# installs for the tests to start) its peer, and does nothing when ready.
peers:
	scripts/ensure-postgres
	scripts/ensure-stripe-mock
	scripts/ensure-telegram-emulator
	scripts/ensure-chromium

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# Benchmarks of the booking core on both stores (figures in issue notes).
bench:
	scripts/ensure-postgres
	$(GO) test -run '^$$' -bench . -benchmem ./adapters/postgres ./adapters/sqlite ./core/

run:
	$(GO) run ./cmd/slotbot
