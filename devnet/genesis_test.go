package devnet

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baton-rollup/baton/fsm"
)

// TestGenesisCommand: `baton genesis` writes a file every process can
// start from, of the size asked; it does not overwrite one without
// --force, and bad input writes nothing.
func TestGenesisCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "genesis.json")
	ctx := context.Background()
	var out bytes.Buffer
	if err := GenesisCommand(ctx, []string{"--out", path, "--accounts", "16", "--batch-size", "2,8", "--tree-depth", "6"}, &out); err != nil {
		t.Fatal(err)
	}
	g, err := fsm.ReadGenesis(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Accounts) != 16 || g.TreeDepth != 6 || g.MaxBatchTxs != 8 || !slices.Equal([]int(g.Sizes()), []int{2, 8}) {
		t.Fatalf("genesis %d accounts, depth %d, max %d, sizes %v", len(g.Accounts), g.TreeDepth, g.MaxBatchTxs, g.Sizes())
	}
	if g.Accounts[3].PubKey != fsm.DevKey(Seed, 3).Public() {
		t.Fatal("account 3 is not the dev seed's key")
	}
	before, _ := os.ReadFile(path)
	if err := GenesisCommand(ctx, []string{"--out", path, "--accounts", "4"}, &out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("overwrote without --force: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused write changed the file")
	}
	if err := GenesisCommand(ctx, []string{"--out", path, "--accounts", "4", "--force"}, &out); err != nil {
		t.Fatal(err)
	}
	if g, err := fsm.ReadGenesis(path); err != nil || len(g.Accounts) != 4 {
		t.Fatalf("--force: %v, %d accounts", err, len(g.Accounts))
	}
	for _, bad := range [][]string{
		{"--accounts", "4"}, // no --out
		{"--out", filepath.Join(dir, "b.json"), "--accounts", "100", "--tree-depth", "4"},
		{"--out", filepath.Join(dir, "b.json"), "--batch-size", "8,2"},
		{"--out", filepath.Join(dir, "b.json"), "--accounts", "0"},
	} {
		if err := GenesisCommand(ctx, bad, &out); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.json")); !os.IsNotExist(err) {
		t.Fatalf("bad input wrote a file: %v", err)
	}
}
