package fsm

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// countingStore is an in-memory store that records its calls and can be
// told to fail.
type countingStore struct {
	*MemWitnessStore
	puts, deletes []uint64
	failPut       bool
}

func newCountingStore() *countingStore { return &countingStore{MemWitnessStore: NewMemWitnessStore()} }

func (s *countingStore) Put(n uint64, enc []byte) error {
	s.puts = append(s.puts, n)
	if s.failPut {
		return errors.New("disk full")
	}
	return s.MemWitnessStore.Put(n, enc)
}

func (s *countingStore) Delete(n uint64) error {
	s.deletes = append(s.deletes, n)
	return s.MemWitnessStore.Delete(n)
}

// witnessChain is a machine over store ws with one transfer per batch.
type witnessChain struct {
	g    Genesis
	keys []PrivateKey
	m    *Machine
}

func newWitnessChain(t *testing.T, ws WitnessStore) *witnessChain {
	t.Helper()
	keys := testKeys(t, 9, 3)
	g := testGenesis(keys, 1000)
	m, err := NewWith(g, ws)
	if err != nil {
		t.Fatal(err)
	}
	return &witnessChain{g: g, keys: keys, m: m}
}

// appendBatches appends n one-transfer batches.
func (c *witnessChain) appendBatches(t *testing.T, n int) {
	t.Helper()
	for range n {
		h := c.m.Head().Number
		res := c.m.Build([]Tx{signedTransfer(t, c.keys[1], c.g.ChainID, 1, 2, 1, 0, h)}, int64(h+1), false)
		if r := c.m.Apply(h+1, 1, appendCmd(res.Batch)); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

func (c *witnessChain) apply(t *testing.T, cmd Command) {
	t.Helper()
	if r := c.m.Apply(1000, 1, cmd.Encode()); r.Err != nil || !r.Advanced {
		t.Fatalf("%+v: %+v", cmd, r)
	}
}

func (c *witnessChain) prove(t *testing.T, n uint64) {
	t.Helper()
	c.apply(t, Command{Type: CmdRecordProof, Number: n, Prover: "p", Proof: []byte{1}})
}

func (c *witnessChain) witnessBytes(n uint64) uint64 {
	rec, _ := c.m.Batch(n)
	return uint64(rec.WitnessBytes)
}

// TestWitnessStoreLifecycle: each appended batch Puts its witness and each
// proof (or finalization) Deletes it; UnprovenWitnessBytes and
// OldestUnproven follow exactly.
func TestWitnessStoreLifecycle(t *testing.T) {
	ws := newCountingStore()
	c := newWitnessChain(t, ws)
	if _, ok := c.m.OldestUnproven(); ok || c.m.UnprovenWitnessBytes() != 0 {
		t.Fatal("genesis has an unproven batch")
	}
	c.appendBatches(t, 4)
	if !slices.Equal(ws.puts, []uint64{1, 2, 3, 4}) || ws.Len() != 4 {
		t.Fatalf("puts %v, store holds %d", ws.puts, ws.Len())
	}
	var sum uint64
	for n := uint64(1); n <= 4; n++ {
		enc, _ := ws.Get(n)
		if c.witnessBytes(n) == 0 || c.witnessBytes(n) != uint64(len(enc)) {
			t.Fatalf("batch %d: WitnessBytes %d, stored %d", n, c.witnessBytes(n), len(enc))
		}
		if !bytes.Equal(EncodeWitness(mustWitness(t, c.m, n)), enc) {
			t.Fatalf("batch %d: Witness does not decode what was stored", n)
		}
		sum += c.witnessBytes(n)
	}
	if c.m.UnprovenWitnessBytes() != sum {
		t.Fatalf("UnprovenWitnessBytes %d, want %d", c.m.UnprovenWitnessBytes(), sum)
	}
	oldest := func(want uint64) {
		t.Helper()
		h, ok := c.m.OldestUnproven()
		rec, _ := c.m.Batch(want)
		if want == 0 && ok || want > 0 && (!ok || h != rec.Header) {
			t.Fatalf("OldestUnproven %d (%v), want %d", h.Number, ok, want)
		}
	}
	oldest(1)

	b2 := c.witnessBytes(2)
	c.prove(t, 2)
	if !slices.Equal(ws.deletes, []uint64{2}) || c.m.UnprovenWitnessBytes() != sum-b2 || c.witnessBytes(2) != 0 {
		t.Fatalf("after proving 2: deletes %v, bytes %d, want %d", ws.deletes, c.m.UnprovenWitnessBytes(), sum-b2)
	}
	if _, err := c.m.Witness(2); !errors.Is(err, ErrNoWitness) {
		t.Fatalf("witness of a proven batch: %v", err)
	}
	if _, err := c.m.Witness(9); !errors.Is(err, ErrUnknownBatch) {
		t.Fatalf("witness of an unknown batch: %v", err)
	}
	oldest(1)
	// A second proof advances nothing and deletes nothing.
	if r := c.m.Apply(1000, 1, (&Command{Type: CmdRecordProof, Number: 2, Prover: "q", Proof: []byte{2}}).Encode()); r.Advanced {
		t.Fatal("second proof advanced")
	}
	c.prove(t, 1)
	oldest(3)
	// Finalizing a batch that was never proven here prunes it too.
	c.apply(t, Command{Type: CmdRecordPosted, Number: 1, Ref: Hash{1}})
	c.apply(t, Command{Type: CmdRecordPosted, Number: 2, Ref: Hash{2}})
	c.apply(t, Command{Type: CmdRecordPosted, Number: 3, Ref: Hash{3}})
	c.apply(t, Command{Type: CmdMarkFinalized, Number: 1, Ref: Hash{1}})
	c.apply(t, Command{Type: CmdMarkFinalized, Number: 2, Ref: Hash{2}})
	c.apply(t, Command{Type: CmdMarkFinalized, Number: 3, Ref: Hash{3}})
	oldest(4)
	c.prove(t, 4)
	oldest(0)
	if !slices.Equal(ws.deletes, []uint64{2, 1, 3, 4}) || ws.Len() != 0 || c.m.UnprovenWitnessBytes() != 0 {
		t.Fatalf("deletes %v, store holds %d, bytes %d", ws.deletes, ws.Len(), c.m.UnprovenWitnessBytes())
	}
	if c.m.WitnessStoreFaults() != 0 {
		t.Fatalf("%d faults", c.m.WitnessStoreFaults())
	}
}

// TestWitnessStoreFailureKeepsWitness: a store that refuses a Put loses
// nothing: the witness stays in memory, is served and snapshotted, and the
// fault is counted. Apply's result is the same as with a working store.
func TestWitnessStoreFailureKeepsWitness(t *testing.T) {
	ws := newCountingStore()
	ws.failPut = true
	c := newWitnessChain(t, ws)
	ref := newWitnessChain(t, NewMemWitnessStore())
	c.appendBatches(t, 2)
	ref.appendBatches(t, 2)
	if c.m.WitnessStoreFaults() != 2 || ws.Len() != 0 {
		t.Fatalf("faults %d, store holds %d", c.m.WitnessStoreFaults(), ws.Len())
	}
	if c.m.Root() != ref.m.Root() || c.m.UnprovenWitnessBytes() != ref.m.UnprovenWitnessBytes() {
		t.Fatal("a failing store changed the replicated state")
	}
	for n := uint64(1); n <= 2; n++ {
		if !bytes.Equal(EncodeWitness(mustWitness(t, c.m, n)), EncodeWitness(mustWitness(t, ref.m, n))) {
			t.Fatalf("batch %d: witness differs", n)
		}
	}
	if !bytes.Equal(snapshotBytes(t, c.m), snapshotBytes(t, ref.m)) {
		t.Fatal("snapshot differs")
	}
	c.prove(t, 1)
	if _, err := c.m.Witness(1); !errors.Is(err, ErrNoWitness) {
		t.Fatalf("proven batch still has a witness: %v", err)
	}
	if c.m.UnprovenWitnessBytes() != c.witnessBytes(2) {
		t.Fatal("proof did not release the kept witness's bytes")
	}
}

// TestSnapshotCarriesUnprovenWitnesses: a snapshot holds the witnesses of
// exactly the unproven batches, and restoring it Puts them into the new
// machine's store.
func TestSnapshotCarriesUnprovenWitnesses(t *testing.T) {
	c := newWitnessChain(t, newCountingStore())
	c.appendBatches(t, 5)
	c.prove(t, 1)
	c.prove(t, 3)
	snap := snapshotBytes(t, c.m)
	ws := newCountingStore()
	r, err := RestoreWith(c.g.Config, bytes.NewReader(snap), ws)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ws.puts, []uint64{2, 4, 5}) {
		t.Fatalf("restore put %v, want the unproven 2, 4, 5", ws.puts)
	}
	for n := uint64(1); n <= 5; n++ {
		want, werr := c.m.Witness(n)
		got, gerr := r.Witness(n)
		if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(EncodeWitness(want), EncodeWitness(got)) {
			t.Fatalf("batch %d: witness %v / %v", n, werr, gerr)
		}
	}
	ho, _ := c.m.OldestUnproven()
	hr, ok := r.OldestUnproven()
	if !ok || hr != ho || hr.Number != 2 || r.UnprovenWitnessBytes() != c.m.UnprovenWitnessBytes() {
		t.Fatalf("restored oldest %d, bytes %d; want 2, %d", hr.Number, r.UnprovenWitnessBytes(), c.m.UnprovenWitnessBytes())
	}
	// The restored machine goes on: proving still deletes from its store.
	r.Apply(1000, 1, (&Command{Type: CmdRecordProof, Number: 2, Prover: "p", Proof: []byte{1}}).Encode())
	if !slices.Equal(ws.deletes, []uint64{2}) {
		t.Fatalf("deletes %v", ws.deletes)
	}
}

// TestSnapshotFailsWithoutWitness: a witness the store lost fails the
// snapshot rather than writing one that could never prove the batch.
func TestSnapshotFailsWithoutWitness(t *testing.T) {
	ws := newCountingStore()
	c := newWitnessChain(t, ws)
	c.appendBatches(t, 2)
	_ = ws.MemWitnessStore.Delete(2)
	if _, err := c.m.Snapshot(); !errors.Is(err, ErrNoWitness) {
		t.Fatalf("snapshot without batch 2's witness: %v", err)
	}
}

// TestSnapshotFormatChecks: format 2 is refused by name; a snapshot whose
// witnesses do not match the batches' states, or do not decode, is refused.
func TestSnapshotFormatChecks(t *testing.T) {
	c := newWitnessChain(t, NewMemWitnessStore())
	c.appendBatches(t, 2)
	snap := snapshotBytes(t, c.m)
	v2 := append([]byte("BATONSN2"), snap[8:]...)
	if _, err := Restore(c.g.Config, bytes.NewReader(v2)); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "format 2") {
		t.Fatalf("format 2: %v", err)
	}
	// Batch 2's witness is the last field before the checkpoints and
	// members: flip a byte inside a node value to make it non-canonical.
	enc := EncodeWitness(mustWitness(t, c.m, 2))
	i := bytes.LastIndex(snap, enc)
	if i < 0 {
		t.Fatal("witness not found in the snapshot")
	}
	bad := bytes.Clone(snap)
	copy(bad[i+len(enc)-32:], bytes.Repeat([]byte{0xff}, 32))
	if _, err := Restore(c.g.Config, bytes.NewReader(bad)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("corrupt witness: %v", err)
	}
	// An unproven batch without its witness, a proven one with one.
	c.prove(t, 1)
	for name, edit := range map[string]func(*Snapshot){
		"carries no witness": func(s *Snapshot) { delete(s.witnesses, 2) },
		"carries a witness":  func(s *Snapshot) { s.witnesses[1] = enc },
	} {
		s := mustSnapshot(t, c.m)
		edit(s)
		var buf bytes.Buffer
		if _, err := s.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := Restore(c.g.Config, &buf); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), name) {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func TestWitnessEncodingRoundTrip(t *testing.T) {
	c := newWitnessChain(t, NewMemWitnessStore())
	c.appendBatches(t, 1)
	w := mustWitness(t, c.m, 1)
	enc := EncodeWitness(w)
	for cut := range len(enc) {
		if _, err := DecodeWitness(enc[:cut], c.g.TreeDepth); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated at %d: %v", cut, err)
		}
	}
	if _, err := DecodeWitness(append(enc, 0), c.g.TreeDepth); !errors.Is(err, ErrMalformed) {
		t.Fatal("trailing byte accepted")
	}
	if len(enc) > maxWitnessSize(c.g.TreeDepth) {
		t.Fatal(fmt.Sprint("witness over its bound: ", len(enc)))
	}
}
