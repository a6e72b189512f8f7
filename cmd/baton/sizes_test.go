package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-rollup/baton/fsm"
)

// TestSizesFlag: baton setup and baton prover refuse a --sizes entry that
// is not one of the genesis's circuit sizes, before any setup, compile or
// connection.
func TestSizesFlag(t *testing.T) {
	g := fsm.DevGenesis(fsm.DefaultConfig(), "sizes", 4, 1000, 0)
	g.MaxBatchTxs, g.CircuitSizes = 16, fsm.Sizes{4, 16}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "genesis.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	keys := t.TempDir()
	common := []string{"--genesis", path, "--keys-dir", keys, "--sizes", "4,8"}
	want := "size 8 is not a circuit size of the genesis (circuit_sizes [4 16])"
	if err := runSetup(context.Background(), append([]string{"--log-level", "error"}, common...), io.Discard); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("setup: %v", err)
	}
	if err := runProver(context.Background(), append([]string{"--nats", "nats://127.0.0.1:1"}, common...), io.Discard); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("prover: %v", err)
	}
	if entries, _ := os.ReadDir(keys); len(entries) != 0 {
		t.Errorf("the keys dir has %d entries", len(entries))
	}
}
