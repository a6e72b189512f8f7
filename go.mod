module github.com/baton-rollup/baton

go 1.26.8

require github.com/consensys/gnark-crypto v0.20.1

require (
	github.com/bits-and-blooms/bitset v1.24.4 // indirect
	golang.org/x/crypto v0.48.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
)

replace github.com/hashicorp/go-metrics => github.com/hashicorp/go-metrics v0.6.0
