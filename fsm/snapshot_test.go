package fsm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"reflect"
	"testing"
)

// history is a machine with a bit of everything in its log: deposits that
// create accounts, a no-op forced exit, transfers, batches in every state,
// a checkpoint and a cluster member.
type history struct {
	g    Genesis
	keys []PrivateKey
	m    *Machine
	txs  map[TxHash]TxLocation // every committed operation
}

func newHistory(t testing.TB) *history {
	t.Helper()
	keys := testKeys(t, 40, 6)
	g := testGenesis(keys[:4], 500)
	g.CheckpointInterval = 3
	h := &history{g: g, keys: keys, m: newTestMachine(t, g), txs: make(map[TxHash]TxLocation)}
	batches := [][]Tx{
		{
			{Kind: KindDeposit, QueueIndex: 0, PubKey: keys[4].Public(), L1Addr: L1Address{0xb4}, Amount: 70},
			signedTransfer(t, keys[1], g.ChainID, 1, 2, 10, 1, 0),
		},
		{
			{Kind: KindForcedExit, QueueIndex: 1, From: 2, L1Addr: L1Address{0xee}},
			signedTransfer(t, keys[4], g.ChainID, 4, 3, 20, 2, 0),
		},
		{signedTransfer(t, keys[2], g.ChainID, 2, 1, 5, 0, 0)},
		{{Kind: KindDeposit, QueueIndex: 2, PubKey: keys[5].Public(), L1Addr: L1Address{0xb5}, Amount: 9}},
		{signedTransfer(t, keys[3], g.ChainID, 3, 5, 1, 1, 0)},
	}
	for i, txs := range batches {
		h.build(t, txs, int64(100*i))
	}
	for _, c := range []Command{
		{Type: CmdRecordPosted, Number: 1, Ref: Hash{1}},
		{Type: CmdRecordPosted, Number: 2, Ref: Hash{2}},
		{Type: CmdRecordJob, Number: 1, Attempt: 1},
		{Type: CmdRecordJob, Number: 3, Attempt: 2},
		{Type: CmdRecordProof, Number: 1, Prover: "p1", Proof: []byte{1, 2, 3}},
		{Type: CmdRecordProof, Number: 2, Prover: "p2", Proof: []byte{4}},
		{Type: CmdRecordProof, Number: 4, Prover: "p4", Proof: []byte{5}},
		{Type: CmdMarkFinalized, Number: 1, Ref: Hash{9}},
		{Type: CmdSetMember, Member: "node-1", Addr: "10.0.0.1:8080"},
		{Type: CmdSetMember, Member: "node-2", Addr: "10.0.0.2:8080"},
	} {
		if r := h.m.Apply(uint64(100+len(h.txs)), 2, c.Encode()); r.Err != nil {
			t.Fatalf("%s: %v", c.Type, r.Err)
		}
	}
	return h
}

func (h *history) build(t testing.TB, txs []Tx, ts int64) {
	t.Helper()
	res := h.m.Build(txs, ts, false)
	if res.Batch == nil || len(res.Included) != len(txs) {
		t.Fatalf("build: %+v", res)
	}
	h.m.Adopt(res)
	if r := h.m.Apply(res.Batch.Header.Number*10, 1, appendCmd(res.Batch)); r.Err != nil {
		t.Fatal(r.Err)
	}
	for i := range txs {
		h.txs[txs[i].Hash()] = TxLocation{Batch: res.Batch.Header.Number, Pos: uint32(i)}
	}
}

func restoreBytes(t testing.TB, cfg Config, b []byte) *Machine {
	t.Helper()
	m, err := Restore(cfg, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSnapshotRestoreKeepsEverything(t *testing.T) {
	h := newHistory(t)
	snap := snapshotBytes(t, h.m)
	r := restoreBytes(t, h.g.Config, snap)
	if !bytes.Equal(snapshotBytes(t, r), snap) {
		t.Fatal("snapshot of the restored machine differs")
	}
	if r.Root() != h.m.Root() || r.Head() != h.m.Head() || r.NumAccounts() != h.m.NumAccounts() ||
		r.NextPriority() != h.m.NextPriority() || r.LastFinalized() != h.m.LastFinalized() || r.Config() != h.m.Config() ||
		r.Proven() != h.m.Proven() || r.Proven() != 3 {
		t.Fatal("restored machine differs")
	}
	if !reflect.DeepEqual(r.Checkpoints(), h.m.Checkpoints()) || len(r.Checkpoints()) != 1 {
		t.Fatalf("checkpoints %+v, want %+v", r.Checkpoints(), h.m.Checkpoints())
	}
	if !reflect.DeepEqual(r.Unfinished(), h.m.Unfinished()) || !maps.Equal(r.Members(), h.m.Members()) {
		t.Fatal("unfinished batches or members differ")
	}
	for i := range uint32(h.m.NumAccounts()) {
		a, _ := h.m.Account(i)
		b, _ := r.Account(i)
		if !sameAccount(a, b) {
			t.Fatalf("account %d differs", i)
		}
		if j, ok := r.AccountByKey(a.PubKey); !ok || j != i {
			t.Fatalf("AccountByKey(%d) after restore", i)
		}
	}
	for n := range h.m.Head().Number + 1 {
		a, _ := h.m.Batch(n)
		b, _ := r.Batch(n)
		if a.Hash != b.Hash || a.State != b.State || a.Prover != b.Prover || !bytes.Equal(a.Proof, b.Proof) ||
			!reflect.DeepEqual(a.Receipts, b.Receipts) || len(a.Txs) != len(b.Txs) || a.WitnessBytes != b.WitnessBytes ||
			a.RaftIndex != b.RaftIndex || a.RaftTerm != b.RaftTerm || a.PostedRef != b.PostedRef || a.FinalizedRef != b.FinalizedRef ||
			a.Attempt != b.Attempt {
			t.Fatalf("batch %d differs after restore:\n%+v\n%+v", n, a, b)
		}
		if b.WitnessBytes != 0 {
			if _, err := mustWitness(t, r, n).PartialTree(h.g.TreeDepth); err != nil {
				t.Fatalf("batch %d: restored witness: %v", n, err)
			}
		}
	}
}

func TestRestoreKeepsTxLocations(t *testing.T) {
	h := newHistory(t)
	r := restoreBytes(t, h.g.Config, snapshotBytes(t, h.m))
	if len(h.txs) == 0 {
		t.Fatal("no operations")
	}
	for th, want := range h.txs {
		for name, m := range map[string]*Machine{"original": h.m, "restored": r} {
			got, ok := m.TxLocation(th)
			if !ok || got != want {
				t.Errorf("%s: %s at %+v, %v; want %+v", name, th, got, ok, want)
			}
		}
	}
	// Batch 1 is finalized: its operations are pruned but still found.
	if rec, _ := r.Batch(1); rec.Txs != nil || rec.State != StateFinalized {
		t.Fatalf("batch 1: %+v", rec)
	}
	if _, ok := r.TxLocation(TxHash{1}); ok {
		t.Error("unknown hash found")
	}
}

// TestRestoredMachineContinues: a restored replica applies the next batch
// exactly as the original does.
func TestRestoredMachineContinues(t *testing.T) {
	h := newHistory(t)
	r := restoreBytes(t, h.g.Config, snapshotBytes(t, h.m))
	txs := []Tx{
		{Kind: KindDeposit, QueueIndex: 3, PubKey: h.keys[1].Public(), L1Addr: L1Address{1}, Amount: 4},
		signedTransfer(t, h.keys[5], h.g.ChainID, 5, 0, 2, 1, 0),
	}
	res := r.Build(txs, 10_000, false)
	if len(res.Included) != 2 {
		t.Fatalf("build on the restored machine: %+v", res)
	}
	data := appendCmd(res.Batch)
	for name, m := range map[string]*Machine{"original": h.m, "restored": r} {
		if got := m.Apply(1000, 3, data); got.Err != nil || !got.Checkpoint {
			t.Fatalf("%s: %+v", name, got)
		}
	}
	if !bytes.Equal(snapshotBytes(t, h.m), snapshotBytes(t, r)) {
		t.Fatal("original and restored machine differ after the next batch")
	}
	if loc, ok := r.TxLocation(txs[1].Hash()); !ok || loc.Batch != 6 || loc.Pos != 1 {
		t.Fatalf("new operation at %+v", loc)
	}
}

// TestSnapshotIsImmutable: what WriteTo writes is the machine at the time
// Snapshot was called, whatever happened since.
func TestSnapshotIsImmutable(t *testing.T) {
	h := newHistory(t)
	s := mustSnapshot(t, h.m)
	var before bytes.Buffer
	if _, err := s.WriteTo(&before); err != nil {
		t.Fatal(err)
	}
	h.build(t, []Tx{{Kind: KindDeposit, QueueIndex: 3, PubKey: h.keys[1].Public(), Amount: 4}}, 10_000)
	for _, c := range []Command{
		{Type: CmdRecordProof, Number: 3, Prover: "p3", Proof: []byte{3}},
		{Type: CmdRecordPosted, Number: 3, Ref: Hash{3}},
		{Type: CmdMarkFinalized, Number: 2, Ref: Hash{2}},
		{Type: CmdMarkFinalized, Number: 3, Ref: Hash{3}},
		{Type: CmdSetMember, Member: "node-1"},
		{Type: CmdSetMember, Member: "node-3", Addr: "x"},
	} {
		if r := h.m.Apply(2000, 3, c.Encode()); r.Err != nil {
			t.Fatalf("%s: %v", c.Type, r.Err)
		}
	}
	var after bytes.Buffer
	if _, err := s.WriteTo(&after); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Fatal("a snapshot changed after the machine moved on")
	}
	if bytes.Equal(after.Bytes(), snapshotBytes(t, h.m)) {
		t.Fatal("the machine did not move on")
	}
}

func TestRestoreTruncatedSnapshotFails(t *testing.T) {
	h := newHistory(t)
	snap := snapshotBytes(t, h.m)
	// Every prefix near the start and the end, and a stride through the
	// middle, keep this fast under -race.
	for n := 0; n < len(snap); n++ {
		if n > 300 && n < len(snap)-300 && n%13 != 0 {
			continue
		}
		if _, err := Restore(h.g.Config, bytes.NewReader(snap[:n])); err == nil {
			t.Fatalf("snapshot truncated to %d of %d bytes restored", n, len(snap))
		}
	}
}

func TestRestoreWithDifferentConfigFails(t *testing.T) {
	h := newHistory(t)
	snap := snapshotBytes(t, h.m)
	changes := map[string]func(*Config){
		"chain id":            func(c *Config) { c.ChainID++ },
		"tree depth":          func(c *Config) { c.TreeDepth++ },
		"fee account":         func(c *Config) { c.FeeAccount++ },
		"checkpoint interval": func(c *Config) { c.CheckpointInterval++ },
		"max batch txs":       func(c *Config) { c.MaxBatchTxs++ },
	}
	for name, f := range changes {
		cfg := h.g.Config
		f(&cfg)
		if _, err := Restore(cfg, bytes.NewReader(snap)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

func TestRestoreRejectsCorruptSnapshot(t *testing.T) {
	h := newHistory(t)
	snap := snapshotBytes(t, h.m)
	const accounts = 8 + 5*8 + 2*8 // magic, config, cursors
	corrupt := func(name string, want error, f func(b []byte) []byte) {
		t.Helper()
		b := f(bytes.Clone(snap))
		if _, err := Restore(h.g.Config, bytes.NewReader(b)); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	corrupt("magic", ErrMalformed, func(b []byte) []byte { b[0] = 'X'; return b })
	corrupt("empty", ErrMalformed, func(b []byte) []byte { return nil })
	corrupt("account count over capacity", ErrTooLarge, func(b []byte) []byte {
		binary.BigEndian.PutUint64(b[accounts:], 1<<h.g.TreeDepth+1)
		return b
	})
	// The first account's balance: the accounts no longer hash to the
	// head's post-state root.
	corrupt("balance", ErrMalformed, func(b []byte) []byte {
		b[accounts+8+PubKeySize+20+7] ^= 1
		return b
	})
	corrupt("public key", ErrBadPubKey, func(b []byte) []byte {
		copy(b[accounts+8:], bytes.Repeat([]byte{0xff}, PubKeySize))
		return b
	})
	logStart := accounts + 8 + h.m.NumAccounts()*(PubKeySize+20+16)
	corrupt("genesis batch number", ErrMalformed, func(b []byte) []byte {
		b[logStart+8+7] ^= 1 // the first record's header starts with its number
		return b
	})
	corrupt("no log", ErrMalformed, func(b []byte) []byte {
		binary.BigEndian.PutUint64(b[logStart:], 0)
		return b
	})
}
