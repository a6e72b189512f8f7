//go:build !race

// Package racecheck tells tests whether the race detector is on.
package racecheck

// Enabled reports whether the race detector is on.
const Enabled = false
