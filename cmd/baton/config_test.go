package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/cli"
)

func TestConfigFilePrecedence(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baton.yaml")
	if err := os.WriteFile(path, []byte("id: from-file\nbatch-max-txs: 8\nallow-empty-batches: true\nwait-timeout: 3s\nnats: nats://file:4222\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BATON_NATS", "nats://env:4222")
	fs := flag.NewFlagSet("sequencer", flag.ContinueOnError)
	f := bindSequencerFlags(fs)
	if err := cli.ParseFlags(fs, []string{"--config", path, "--batch-max-txs", "16"}); err != nil {
		t.Fatal(err)
	}
	c := f.cfg
	switch {
	case c.ID != "from-file":
		t.Errorf("id %q: the file's value should apply", c.ID)
	case c.Batcher.MaxTxs != 16:
		t.Errorf("batch-max-txs %d: the command line wins over the file", c.Batcher.MaxTxs)
	case !c.Batcher.AllowEmpty || c.WaitTimeout != 3*time.Second:
		t.Errorf("booleans and durations from the file: %v %v", c.Batcher.AllowEmpty, c.WaitTimeout)
	case f.nats.Config.URL != "nats://env:4222":
		t.Errorf("nats %q: the environment wins over the file", f.nats.Config.URL)
	}

	// Values are the file's text, parsed by the flag as on the command
	// line: no YAML 1.1 octal or yes/no booleans, no float rounding.
	if err := os.WriteFile(path, []byte("id: 0777\ntoken: no\nnonce-window: 9007199254740993\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs = flag.NewFlagSet("sequencer", flag.ContinueOnError)
	f = bindSequencerFlags(fs)
	if err := cli.ParseFlags(fs, []string{"--config", path}); err != nil {
		t.Fatal(err)
	}
	if f.cfg.ID != "0777" || f.cfg.Token != "no" || f.cfg.NonceWindow != 1<<53+1 {
		t.Errorf("scalars not taken as written: id %q, token %q, nonce-window %d", f.cfg.ID, f.cfg.Token, f.cfg.NonceWindow)
	}

	// A name no flag has is refused, and so is a bad value, a name given
	// twice, a value that is not a scalar, and an empty value.
	for _, bad := range []string{"batch-max-tx: 8\n", "batch-max-txs: many\n", "- a list\n",
		"id: a\nid: b\n", "id: [a, b]\n", "id:\n", "{\"id\": {\"x\": 1}}", "id: a\n---\nid: b\n"} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		fs := flag.NewFlagSet("sequencer", flag.ContinueOnError)
		bindSequencerFlags(fs)
		err := cli.ParseFlags(fs, []string{"--config", path})
		if err == nil || !strings.Contains(err.Error(), "--config") {
			t.Errorf("config %q: error %v, want one naming --config", bad, err)
		}
	}
}

// TestConfigMaxUnprovenBatches: the flag reaches cluster.Config, its
// default is the bound derived from the farm's pace, -1 turns it off, and
// anything below does not validate.
func TestConfigMaxUnprovenBatches(t *testing.T) {
	fs := flag.NewFlagSet("sequencer", flag.ContinueOnError)
	f := bindSequencerFlags(fs)
	if err := cli.ParseFlags(fs, nil); err != nil {
		t.Fatal(err)
	}
	if f.cfg.MaxUnprovenBatches != 0 {
		t.Errorf("default max-unproven-batches %d, want 0 (derived)", f.cfg.MaxUnprovenBatches)
	}
	for _, tc := range []struct {
		arg   string
		valid bool
	}{{"12", true}, {"-1", true}, {"-2", false}} {
		fs := flag.NewFlagSet("sequencer", flag.ContinueOnError)
		f := bindSequencerFlags(fs)
		if err := cli.ParseFlags(fs, []string{"--id", "s0", "--data-dir", t.TempDir(), "--token", "t", "--max-unproven-batches", tc.arg}); err != nil {
			t.Fatal(err)
		}
		cfg, err := f.resolve(io.Discard)
		if tc.arg == "12" && cfg.MaxUnprovenBatches != 12 {
			t.Errorf("max-unproven-batches %d, want 12", cfg.MaxUnprovenBatches)
		}
		if (err == nil) != tc.valid || (!tc.valid && !strings.Contains(err.Error(), "max unproven batches")) {
			t.Errorf("max-unproven-batches %s: %v", tc.arg, err)
		}
	}
}
