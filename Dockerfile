# Slotbot's container image (docs/deploy.md).
#
#   docker build -t slotbot --build-arg VERSION=$(git describe --always) .
#
# Stage 1 builds one static binary: pure Go (modernc SQLite, lib/pq), no
# cgo, time zone data embedded (time/tzdata in core), migrations embedded.
# Stage 2 is distroless: no shell, no package manager, CA certificates for
# the platforms' HTTPS APIs, and the non-root user 65532.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/slotbot ./cmd/slotbot \
 && /out/slotbot version \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/slotbot /usr/local/bin/slotbot
# /data holds the SQLite file of a one-coach setup; it must belong to the
# non-root user, or the file cannot be created. Mount a volume here.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
USER 65532:65532
ENV DATABASE_URL=sqlite:/data/slotbot.db \
    SLOTBOT_HTTP_ADDR=:8080 \
    SLOTBOT_LOG_FORMAT=json
EXPOSE 8080
VOLUME ["/data"]
# Probes are HTTP: GET /healthz (alive) and GET /readyz (database,
# migrations, platforms); the image has no shell to run a HEALTHCHECK.
ENTRYPOINT ["/usr/local/bin/slotbot"]
# serve never starts the terminal chat, even without a platform token.
CMD ["serve"]
