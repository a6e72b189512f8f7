package devnet

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	ok := DefaultRunConfig()
	ok.KeysDir = "keys"
	if err := ok.Validate(); err != nil {
		t.Fatalf("the default run: %v", err)
	}
	if err := SmallConfig("dir", "keys").Validate(); err != nil {
		t.Fatalf("the small devnet: %v", err)
	}
	for _, c := range []struct {
		name string
		tune func(*RunConfig)
		want string
	}{
		{"chaos with one prover", func(c *RunConfig) { c.Chaos, c.Provers = true, 1 }, "chaos needs at least 2 provers"},
		{"65 deposits", func(c *RunConfig) { c.Deposits = 65 }, "65 deposits"},
		{"a 10 ms L1", func(c *RunConfig) { c.L1.BlockTime = 10 * time.Millisecond }, "L1 block time"},
		{"17 provers", func(c *RunConfig) { c.Provers = 17 }, "17 provers"},
		{"8 replicas", func(c *RunConfig) { c.Replicas = 8 }, "8 replicas"},
		{"too few accounts for the load", func(c *RunConfig) { c.Genesis = DevGenesis(ReservedAccounts+2, 4, 10) }, "accounts"},
		{"provers without keys", func(c *RunConfig) { c.KeysDir = "" }, "KeysDir"},
		{"an external L1 without a key", func(c *RunConfig) { c.L1.RPC = "http://l1:8545" }, "keystore"},
		{"a paced max load", func(c *RunConfig) { c.Max, c.Rate = true, 5 }, "takes no Rate"},
		{"a bound below none", func(c *RunConfig) { c.UnprovenBound = -2 }, "unproven bound"},
	} {
		cfg := ok
		c.tune(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// TestDefaultRate: unpaced with Txs, paced for chaos, modest otherwise,
// and what is asked for when it is.
func TestDefaultRate(t *testing.T) {
	for _, c := range []struct {
		rate         float64
		txs, provers int
		chaos        bool
		want         float64
	}{
		{0, 0, 2, false, 1}, {0, 0, 0, false, 20}, {0, 40, 2, false, 0}, {0, 40, 2, true, 1}, {5, 40, 2, true, 5},
	} {
		cfg := DefaultRunConfig()
		cfg.Rate, cfg.Txs, cfg.Provers, cfg.Chaos = c.rate, c.txs, c.provers, c.chaos
		if got := cfg.DefaultRate(); got != c.want {
			t.Errorf("%+v: rate %v, want %v", c, got, c.want)
		}
	}
	maxLoad := DefaultRunConfig()
	maxLoad.Max, maxLoad.Chaos = true, true
	if got := maxLoad.DefaultRate(); got != 0 {
		t.Errorf("a max load is paced at %v", got)
	}
}

// TestLoadMax: `--load max` is a Max load on the replicas' own bound
// (derived from the farm's pace) unless one is given; `--load N` is a
// rate; anything else is refused and changes nothing.
func TestLoadMax(t *testing.T) {
	cfg := DefaultRunConfig()
	if err := cfg.SetLoad("max"); err != nil || !cfg.Max || cfg.Rate != 0 {
		t.Fatalf("--load max: %v %+v", err, cfg.Max)
	}
	if got := cfg.replicaFlags(); slices.Contains(got, "--max-unproven-batches") {
		t.Errorf("max load, no bound given: flags %q", got)
	}
	for _, b := range []int{5, -1} {
		given := cfg
		given.UnprovenBound = b
		if got := given.replicaFlags(); !slices.Contains(got, strconv.Itoa(b)) {
			t.Errorf("bound %d given: flags %q", b, got)
		}
	}
	paced := DefaultRunConfig()
	if err := paced.SetLoad("12.5"); err != nil || paced.Rate != 12.5 || paced.Max {
		t.Fatalf("--load 12.5: %v %+v", err, paced.Rate)
	}
	for _, bad := range []string{"", "maximum", "-3"} {
		c := DefaultRunConfig()
		if err := c.SetLoad(bad); err == nil || c.Max || c.Rate != 0 {
			t.Errorf("--load %q accepted", bad)
		}
	}
}

// TestSummaryKeys: `baton devnet --json` is read by scripts and the L1
// benchmark; its keys do not change, and the audit's nonce-order count
// stays out of it.
func TestSummaryKeys(t *testing.T) {
	sum := Summary{TxsSequenced: 3, RootsIdentical: true, nonceOrder: 1}
	b, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"acked_lost", "batches_finalized", "batches_proven", "batches_sequenced", "data_dir", "deposits",
		"deposits_credited", "duplicates", "duration_s", "finality_p50_s", "finality_p99_s", "gas_commit_per_batch",
		"gas_per_tx", "gas_prove_per_batch", "http_429", "jobs_reoffered", "l1_p50_s", "l1_txs_reverted", "leader_changes", "p50_ms",
		"p99_ms", "proofs_rejected", "prove_p50_s", "proven_p50_s", "provers", "queue_p50_s", "replicas", "roots_identical",
		"state_root", "tx_per_s", "txs_failed", "txs_sequenced", "txs_submitted"}
	if !slices.Equal(keys, want) {
		t.Fatalf("summary keys\n got %v\nwant %v", keys, want)
	}
	got, err := ParseSummary("progress\nmore progress\n" + string(b) + "\n")
	if err != nil || got.TxsSequenced != 3 || !got.RootsIdentical {
		t.Fatalf("parse: %+v %v", got, err)
	}
	if _, err := ParseSummary("no summary here"); err == nil {
		t.Fatal("a line that is not JSON parsed as a summary")
	}
	sum.Chaos = []ChaosEvent{{Event: "kill leader", Target: "s0", RecoveredMs: 1200}}
	sum.ChaosEvents = 1
	b, _ = json.Marshal(sum)
	if !strings.Contains(string(b), `"chaos_events":1,"chaos":[{"event":"kill leader","target":"s0","recovered_ms":1200}]`) {
		t.Fatalf("chaos in the summary: %s", b)
	}
}
