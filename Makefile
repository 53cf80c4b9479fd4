# The one test command (README): installs and starts what the tests need,
# then vets, lints and runs every test with the race detector.
GO ?= go
BIN := $(CURDIR)/.bin
STATICCHECK := $(BIN)/staticcheck
STATICCHECK_VERSION := v0.8.2

.PHONY: test vet lint unit bench run tools

test: tools
	scripts/ensure-postgres
	$(MAKE) vet lint
	CI=$${CI:-} $(GO) test -race -count=1 -timeout 15m ./...

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...

lint: tools
	$(STATICCHECK) ./...

tools: $(STATICCHECK)

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# Benchmarks of the booking core on both stores (figures in issue notes).
bench:
	scripts/ensure-postgres
	$(GO) test -run '^$$' -bench . -benchmem ./adapters/postgres ./adapters/sqlite ./core/

run:
	$(GO) run ./cmd/slotbot
