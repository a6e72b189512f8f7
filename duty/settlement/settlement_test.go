package settlement

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
)

// The duty's traffic with L1 is tested end to end in cluster
// (TestSettleEndToEnd, on an embedded L1); this checks what it refuses
// before sending anything.

func TestCheckRollupRefusesAContractForAnotherChain(t *testing.T) {
	chain := fsm.DefaultConfig()
	chain.TreeDepth, chain.MaxBatchTxs = 8, 16
	sizes := fsm.Sizes{4, 16}
	ok := contracts.RollupParams{TreeDepth: 8, Sizes: []int{4, 16}}
	for _, c := range []struct {
		name  string
		p     contracts.RollupParams
		sizes fsm.Sizes
		want  string
	}{
		{"matching", ok, sizes, ""},
		{"more verifiers than the chain uses", contracts.RollupParams{TreeDepth: 8, Sizes: []int{1, 4, 16, 64}}, sizes, ""},
		{"tree depth", contracts.RollupParams{TreeDepth: 20, Sizes: []int{4, 16}}, sizes, "tree depth"},
		{"no verifier for the largest", contracts.RollupParams{TreeDepth: 8, Sizes: []int{4}}, sizes, "no verifier for 16 slots"},
		{"no verifier for a small one", contracts.RollupParams{TreeDepth: 8, Sizes: []int{16}}, sizes, "no verifier for 4 slots"},
		{"sizes default to max_batch_txs", contracts.RollupParams{TreeDepth: 8, Sizes: []int{4}}, nil, "no verifier for 16 slots"},
	} {
		d := New(Config{}, Deps{Chain: chain, Sizes: c.sizes})
		err := d.checkRollup(c.p)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// machineLog is a Log over a bare state machine, for the settler's
// bookkeeping; nothing here proposes or sends.
type machineLog struct{ m *fsm.Machine }

func (l machineLog) Read(f func(m *fsm.Machine))           { f(l.m) }
func (machineLog) Propose(fsm.Command) (fsm.Result, error) { return fsm.Result{}, nil }
func (machineLog) VerifyLeader(ctx context.Context) error  { return nil }

// TestOutOfGasRaisesOnlyThatCallAndSize: a commit that ran out of gas
// doubles the limit of commits of its batch's circuit size, and no other
// limit; a revert that spent less than its limit changes none.
func TestOutOfGasRaisesOnlyThatCallAndSize(t *testing.T) {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 8, 4
	g := fsm.DevGenesis(cfg, "gas", 4, 1000, 1)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	var txs []fsm.Tx
	for i := range uint64(3) { // 3 operations: the 4-slot circuit
		tx := fsm.Tx{Kind: fsm.KindTransfer, From: 1, To: 2, Amount: 1, Nonce: i}
		if err := tx.Sign(fsm.DevKey("gas", 1), cfg.ChainID); err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	res := m.Build(txs, 2, false)
	if r := m.Apply(1, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		t.Fatal(r.Err)
	}
	d := New(Config{}, Deps{Log: machineLog{m}, Chain: cfg, Sizes: fsm.Sizes{1, 4}})
	s := &settler{d: d, m: d.m, backoff: map[string]time.Time{}, gas: map[string]uint64{
		"commit/1": 100, "commit/4": 100, "prove/1": 100, "prove/4": 100}}
	spent := func(key string, limit, used uint64) contracts.Outcome {
		return contracts.Outcome{Key: key, Gas: limit, Receipt: &types.Receipt{Status: types.ReceiptStatusFailed, GasUsed: used}}
	}
	s.finished(spent("commit/1", 100, 60)) // reverted, gas to spare
	s.finished(spent("commit/1", 100, 100))
	want := map[string]uint64{"commit/1": 100, "commit/4": 200, "prove/1": 100, "prove/4": 100}
	if !maps.Equal(s.gas, want) {
		t.Fatalf("limits %v, want %v", s.gas, want)
	}
}
