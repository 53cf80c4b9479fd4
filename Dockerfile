# Multi-stage build: a static binary on a distroless base, non-root, with
# time zone data embedded in the binary (time/tzdata in core).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/slotbot ./cmd/slotbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/slotbot /usr/local/bin/slotbot
WORKDIR /data
ENV DATABASE_URL=sqlite:/data/slotbot.db
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/slotbot"]
CMD ["serve"]
