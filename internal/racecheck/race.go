//go:build race

package racecheck

// Enabled reports whether the race detector is on. Tests that run Groth16
// setups and proofs skip under it: gnark's parallel arithmetic runs more
// than ten times slower there, and `make test` runs them again without it.
const Enabled = true
