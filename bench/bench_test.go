package bench

import (
	"bytes"
	"io"
	"testing"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
)

func TestConfigsValidate(t *testing.T) {
	s := DefaultSequencerConfig()
	p, l, w := DefaultProverConfig(), DefaultL1Config(), DefaultWatchdogConfig()
	p.KeysDir, l.KeysDir, w.KeysDir = "keys", "keys", "keys"
	for name, err := range map[string]error{"sequencer": s.Validate(), "prover": p.Validate(), "l1": l.Validate(), "watchdog": w.Validate()} {
		if err != nil {
			t.Errorf("default %s config: %v", name, err)
		}
	}
	s.Accounts, p.Rounds, w.Runs = 1, 0, 0
	l.Sizes = []int{2, 257}
	for name, err := range map[string]error{"sequencer": s.Validate(), "prover": p.Validate(), "l1": l.Validate(), "watchdog": w.Validate()} {
		if err == nil {
			t.Errorf("bad %s config accepted", name)
		}
	}
}

// TestSequencerBatches: the transfers the sequencer benchmark signs cut
// into batches a machine applies, at the configured size and at the one
// the cluster formed, and the fsm baselines measure them.
func TestSequencerBatches(t *testing.T) {
	cfg := DefaultSequencerConfig()
	cfg.Accounts, cfg.TxsPerAccount, cfg.Batch = 6, 3, 4
	fc := fsm.DefaultConfig()
	fc.MaxBatchTxs = cfg.Batch
	b := &sequencerBench{cfg: cfg, progress: io.Discard, genesis: fsm.DevGenesis(fc, "bench", cfg.Accounts+1, 1<<40, 0)}
	if err := b.prepare(); err != nil {
		t.Fatal(err)
	}
	if len(b.all) != 18 || len(b.cmds) != 5 {
		t.Fatalf("%d transfers in %d batches, want 18 in 5", len(b.all), len(b.cmds))
	}
	same, err := b.cut(3)
	if err != nil || len(same) != 6 {
		t.Fatalf("cut at 3: %d batches, %v", len(same), err)
	}
	for _, cmds := range [][][]byte{b.cmds, same} {
		if rate, err := b.fsmBaseline(cmds, 1); err != nil || rate <= 0 {
			t.Fatalf("fsm baseline: %v tx/s, %v", rate, err)
		}
		if rate, err := b.fsmParallel(cmds); err != nil || rate <= 0 {
			t.Fatalf("fsm on all cores: %v tx/s, %v", rate, err)
		}
	}
}

// TestWatchdogSummary: the sentences `baton bench watchdog` prints.
func TestWatchdogSummary(t *testing.T) {
	var res WatchdogResult
	res.summarize(watchdogSamples{with: []float64{900, 700, 800}, offered: []float64{400, 500}, without: []float64{8000}, frozen: []float64{12000}})
	res.LeaseTTLMs, res.CheckMs, res.AckWaitMs, res.CommitStallMs = 3000, 500, 10000, 4000
	var out bytes.Buffer
	res.WriteSummary(&out)
	want := "prover killed mid-proof → job offered again: median 500 ms, max 500 ms; claimed again by a free prover: median 800 ms, max 900 ms over 3 runs (0 busy runs left out; lease TTL 3s, check 500ms)\n" +
		"same with AckWait 10s redelivery alone: median 8000 ms, max 8000 ms over 1 runs (10.0× slower)\n" +
		"frozen batcher → first batch from the new leader: median 12000 ms over 1 runs (commit stall 4s)\n"
	if out.String() != want {
		t.Fatalf("summary\n%s\nwant\n%s", out.String(), want)
	}
}

// TestTransferBytesIsPosted: pubdata_bytes_per_transfer counts what a
// full batch of transfers posts to L1 (no unused wide entries): 16 bytes
// at every size, not the 20 of the full data at 64 slots.
func TestTransferBytesIsPosted(t *testing.T) {
	fc := fsm.DefaultConfig()
	for _, slots := range []int{4, 64, 256} {
		fc.MaxBatchTxs = slots
		got, err := transferBytes(fsm.DevGenesis(fc, devnet.Seed, 64, 1_000_000_000, 0), slots)
		if err != nil || got != fsm.RecordSize {
			t.Errorf("%d slots: %v bytes per transfer (%v), want %d", slots, got, err, fsm.RecordSize)
		}
	}
}
