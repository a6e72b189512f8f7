# baton: one static binary in a small non-root image.
#   docker build -t baton .
# Not built on the development machine (no Docker daemon there); the
# compose file and manifests that use it are checked by
# TestDeployCommandsAreBatons.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: go-ethereum falls back to its pure-Go secp256k1, and the image
# needs no libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/baton ./cmd/baton

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/baton /usr/local/bin/baton
USER nonroot:nonroot
# Keys and data live in volumes mounted here.
WORKDIR /var/lib/baton
ENTRYPOINT ["/usr/local/bin/baton"]
