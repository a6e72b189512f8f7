package fsm

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// The seed corpora below run as ordinary tests under `go test`; explore
// further with, for example,
//
//	go test ./fsm -run '^$' -fuzz FuzzApply -fuzztime 60s

func FuzzDecodeTx(f *testing.F) {
	r := rand.New(rand.NewPCG(50, 51))
	for _, k := range allKinds {
		tx := randTx(r, k)
		b := tx.Encode(nil)
		f.Add(b)
		f.Add(b[:len(b)-1])
	}
	f.Add([]byte{})
	f.Add([]byte{0xff, 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		tx, err := DecodeTx(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if got := tx.Encode(nil); !bytes.Equal(got, b) {
			t.Fatalf("re-encoding gives %x, want %x", got, b)
		}
		_ = tx.CheckFormat()
		_ = tx.Hash()
	})
}

func FuzzDecodeCommand(f *testing.F) {
	r := rand.New(rand.NewPCG(52, 53))
	for _, c := range randCommands(r, 3) {
		b := c.Encode()
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{byte(CmdAppendBatch), FormatV1})
	f.Add([]byte{9, FormatV1})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeCommand(b, 8)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrUnknownCommand) {
				t.Fatalf("error %v wraps none of the decoding errors", err)
			}
			return
		}
		if got := c.Encode(); !bytes.Equal(got, b) {
			t.Fatalf("re-encoding gives %x, want %x", got, b)
		}
	})
}

// fuzzBase is a machine with a few batches in every state, as snapshot
// bytes, plus valid and nearly valid entries to apply next.
func fuzzBase(f *testing.F) (Config, []byte, [][]byte) {
	h := newHistory(f)
	snap := snapshotBytes(f, h.m)
	next := restoreBytes(f, h.g.Config, snap)
	res := next.Build([]Tx{
		{Kind: KindDeposit, QueueIndex: 3, PubKey: h.keys[0].Public(), L1Addr: L1Address{7}, Amount: 3},
		{Kind: KindForcedExit, QueueIndex: 4, From: 3, L1Addr: L1Address{0xa}},
		signedTransfer(f, h.keys[1], h.g.ChainID, 1, 4, 7, 1, 1),
		signedWithdraw(f, h.keys[2], h.g.ChainID, 2, L1Address{2}, 1, 1, 1),
	}, 99_999, false)
	if len(res.Included) != 4 {
		f.Fatalf("build: %+v", res)
	}
	batch := appendCmd(res.Batch)
	tampered := bytes.Clone(batch)
	tampered[2+8+32*2] ^= 1 // the post-state root
	empty := next.Build(nil, 99_999, true)
	seeds := [][]byte{
		batch,
		tampered,
		batch[:len(batch)-1],
		appendCmd(empty.Batch),
		(&Command{Type: CmdRecordPosted, Number: 3, Ref: Hash{3}}).Encode(),
		(&Command{Type: CmdRecordProof, Number: 3, Prover: "p", Proof: []byte{1}}).Encode(),
		(&Command{Type: CmdRecordProof, Number: 3, Prover: "p"}).Encode(),
		(&Command{Type: CmdMarkFinalized, Number: 2, Ref: Hash{2}}).Encode(),
		(&Command{Type: CmdMarkFinalized, Number: 3, Ref: Hash{2}}).Encode(),
		(&Command{Type: CmdSetMember, Member: "n", Addr: "a"}).Encode(),
		(&Command{Type: CmdRecordJob, Number: 1, Attempt: 2}).Encode(),
		{byte(CmdAppendBatch), 2},
		{},
	}
	return h.g.Config, snap, seeds
}

// FuzzApply: applying arbitrary bytes never panics, a rejected entry leaves
// root, head and snapshot bytes alone, and two replicas agree on the
// outcome.
func FuzzApply(f *testing.F) {
	cfg, snap, seeds := fuzzBase(f)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := restoreBytes(t, cfg, snap)
		before := captureState(t, m)
		res := m.Apply(500, 9, data)
		after := captureState(t, m)
		if res.Err != nil {
			if diff := before.diff(after); diff != "" {
				t.Fatalf("rejected entry (%v) changed the state: %s", res.Err, diff)
			}
			return
		}
		other := restoreBytes(t, cfg, snap)
		res2 := other.Apply(500, 9, data)
		if fmt.Sprint(res) != fmt.Sprint(res2) {
			t.Fatalf("replicas disagree: %+v vs %+v", res, res2)
		}
		if diff := after.diff(captureState(t, other)); diff != "" {
			t.Fatalf("replicas differ after the entry: %s", diff)
		}
		if m.Root() != m.Head().PostRoot {
			t.Fatal("root is not the head's post-state root")
		}
	})
}

// FuzzRestore: arbitrary bytes never make Restore panic; what it accepts
// is self-consistent and survives another snapshot round trip.
func FuzzRestore(f *testing.F) {
	h := newHistory(f)
	snap := snapshotBytes(f, h.m)
	f.Add(snap)
	f.Add(snap[:len(snap)/3])
	flipped := bytes.Clone(snap)
	flipped[len(flipped)/2] ^= 0x10
	f.Add(flipped)
	f.Add([]byte(snapshotMagic))
	f.Add([]byte{})
	cfg := h.g.Config
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Restore(cfg, bytes.NewReader(b))
		if err != nil {
			return
		}
		if m.Root() != m.Head().PostRoot {
			t.Fatal("restored root is not the head's post-state root")
		}
		once := snapshotBytes(t, m)
		again := restoreBytes(t, cfg, once)
		if !bytes.Equal(snapshotBytes(t, again), once) {
			t.Fatal("a restored snapshot does not round-trip")
		}
	})
}
