package prover

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCountConstraints prints the circuit's size per slot for the sizes in
// $BATON_COUNT_SLOTS (e.g. "16,64") at depth $BATON_COUNT_DEPTH (24 by
// default); it is skipped without them, since compiling large circuits
// takes minutes.
func TestCountConstraints(t *testing.T) {
	sizes := os.Getenv("BATON_COUNT_SLOTS")
	if sizes == "" {
		t.Skip("set BATON_COUNT_SLOTS=16,64 to measure")
	}
	depth := 24
	if d, err := strconv.Atoi(os.Getenv("BATON_COUNT_DEPTH")); err == nil {
		depth = d
	}
	for _, s := range strings.Split(sizes, ",") {
		b, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		p := Params{BatchSize: b, Depth: depth, ChainID: 412}
		full, err := CountConstraints(p, true)
		if err != nil {
			t.Fatal(err)
		}
		bare, err := CountConstraints(p, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("depth %d, %d slots: %d constraints, %.0f per slot, commitment %.0f per slot (%.1f %%)",
			depth, b, full, float64(full)/float64(b), float64(full-bare)/float64(b), 100*float64(full-bare)/float64(full))
	}
}
