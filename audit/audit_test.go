package audit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// fakeReplica serves a log held in memory; tests tamper with it.
type fakeReplica struct {
	id  string
	log []fsm.BatchRecord
	// moving: Head reports one batch less until this many calls passed
	// (a replica still catching up).
	moving int
}

func (f *fakeReplica) ID() string { return f.id }

func (f *fakeReplica) Head(context.Context) (Head, error) {
	top := f.log[len(f.log)-1]
	if f.moving > 0 {
		f.moving--
		top = f.log[len(f.log)-2]
	}
	return Head{Height: top.Header.Number, StateRoot: top.Header.PostRoot, HeadHash: top.Hash}, nil
}

func (f *fakeReplica) Batch(_ context.Context, n uint64) (fsm.BatchRecord, error) {
	if n >= uint64(len(f.log)) {
		return fsm.BatchRecord{}, fsm.ErrUnknownBatch
	}
	return f.log[n], nil
}

// chain builds batches of transfers on a real machine: each round, every
// sender 1..senders sends one transfer with its next nonce. It returns the
// log and what a client would have been told.
func chain(t *testing.T, batches, senders int) ([]fsm.BatchRecord, map[fsm.TxHash]Ack) {
	t.Helper()
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 8
	g := fsm.DevGenesis(cfg, "audit", senders+2, 1_000_000, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	acked := map[fsm.TxHash]Ack{}
	for b := 1; b <= batches; b++ {
		var txs []fsm.Tx
		for from := uint32(1); from <= uint32(senders); from++ {
			tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: from + 1, Amount: 1, Fee: 1, Nonce: uint64(b - 1)}
			if err := tx.Sign(fsm.DevKey("audit", uint64(from)), g.ChainID); err != nil {
				t.Fatal(err)
			}
			txs = append(txs, tx)
			acked[tx.Hash()] = Ack{Batch: uint64(b), Signed: true, From: from, Nonce: tx.Nonce}
		}
		res := m.Build(txs, int64(b), false)
		if len(res.Included) != len(txs) {
			t.Fatalf("batch %d: %d of %d included: %v", b, len(res.Included), len(txs), res.Rejected)
		}
		m.Adopt(res)
		if r := m.Apply(uint64(b), 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	var log []fsm.BatchRecord
	for n := uint64(0); n <= uint64(batches); n++ {
		rec, ok := m.Batch(n)
		if !ok {
			t.Fatalf("no batch %d", n)
		}
		log = append(log, rec)
	}
	return log, acked
}

func replicas(log []fsm.BatchRecord, n int) []*fakeReplica {
	var out []*fakeReplica
	for i := range n {
		out = append(out, &fakeReplica{id: string(rune('a' + i)), log: clone(log)})
	}
	return out
}

// clone copies the records and the slices a test may change.
func clone(log []fsm.BatchRecord) []fsm.BatchRecord {
	out := make([]fsm.BatchRecord, len(log))
	for i, r := range log {
		r.TxHashes = append([]fsm.TxHash(nil), r.TxHashes...)
		r.Txs = append([]fsm.Tx(nil), r.Txs...)
		out[i] = r
	}
	return out
}

func check(t *testing.T, rs []*fakeReplica, acked map[fsm.TxHash]Ack) Report {
	t.Helper()
	cfg := DefaultConfig()
	cfg.ConvergeTimeout, cfg.Poll = time.Second, time.Millisecond
	var in []Replica
	for _, r := range rs {
		in = append(in, r)
	}
	rep, err := Check(context.Background(), cfg, in, acked)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCleanLog(t *testing.T) {
	log, acked := chain(t, 4, 3)
	rs := replicas(log, 3)
	rs[1].moving = 3 // catches up while the audit waits
	rep := check(t, rs, acked)
	if !rep.OK() || rep.Height != 4 || rep.Err() != nil {
		t.Fatalf("clean log: %+v", rep)
	}
}

// TestFindings tampers with one thing at a time and expects the audit to
// say exactly that.
func TestFindings(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(rs []*fakeReplica, acked map[fsm.TxHash]Ack)
		want   func(Report) bool
		text   string
	}{
		{"fork: another post-state root on one replica", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			rs[2].log[2].Header.PostRoot[0] ^= 1
		}, func(r Report) bool { return r.Fork != "" && strings.HasPrefix(r.Fork, "batch 2:") }, "fork at batch 2"},
		{"fork: another batch hash", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			rs[1].log[3].Hash[0] ^= 1
		}, func(r Report) bool { return strings.HasPrefix(r.Fork, "batch 3:") }, "fork at batch 3"},
		{"chain: a parent that is not the batch before", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			for _, r := range rs {
				r.log[3].Header.Parent[0] ^= 1
			}
		}, func(r Report) bool { return r.Fork == "" && strings.HasPrefix(r.Chain, "batch 3: parent") }, "broken chain"},
		{"chain: a pre-state root that is not the parent's post-state root", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			for _, r := range rs {
				r.log[2].Header.PreRoot[0] ^= 1
			}
		}, func(r Report) bool { return strings.HasPrefix(r.Chain, "batch 2: pre-state root") }, "broken chain"},
		{"lost: acknowledged, not in the log", func(_ []*fakeReplica, acked map[fsm.TxHash]Ack) {
			acked[fsm.TxHash{1}] = Ack{Batch: 2}
		}, func(r Report) bool { return r.Lost == 1 }, "is not in the log"},
		{"lost: in another batch than the API said", func(_ []*fakeReplica, acked map[fsm.TxHash]Ack) {
			for h, a := range acked {
				a.Batch++
				acked[h] = a
				return
			}
		}, func(r Report) bool { return r.Lost == 1 }, "API said batch"},
		{"duplicate: one transaction in two batches", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			for _, r := range rs {
				r.log[3].TxHashes[0] = r.log[1].TxHashes[0]
			}
		}, func(r Report) bool { return r.Duplicates == 1 && r.Lost == 1 }, "appears 2 times"},
		{"nonce order in the log", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			rs[0].log[2].Txs[0].Nonce = 7
		}, func(r Report) bool { return r.NonceOrder == 2 }, "nonce 7 in batch 2 follows nonce 0"},
		{"nonce order in the acknowledgements", func(_ []*fakeReplica, acked map[fsm.TxHash]Ack) {
			for h, a := range acked {
				if a.From == 2 && a.Nonce == 0 {
					a.Nonce = 9
					acked[h] = a
				}
			}
		}, func(r Report) bool { return r.NonceOrder == 1 }, "account 2: nonce"},
		{"a pruned batch says nothing about nonces", func(rs []*fakeReplica, _ map[fsm.TxHash]Ack) {
			rs[0].log[2].Txs = nil
			rs[0].log[3].Txs[0].Nonce = 5 // after a gap: only the next one is checked
		}, func(r Report) bool { return r.NonceOrder == 1 }, "nonce 3 in batch 4 follows nonce 5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			log, acked := chain(t, 4, 3)
			rs := replicas(log, 3)
			c.tamper(rs, acked)
			rep := check(t, rs, acked)
			if !c.want(rep) || rep.OK() || !strings.Contains(rep.Err().Error(), c.text) {
				t.Fatalf("report %+v, want %q", rep, c.text)
			}
		})
	}
}

func TestConvergeTimesOut(t *testing.T) {
	log, acked := chain(t, 2, 1)
	rs := replicas(log, 2)
	rs[1].log = rs[1].log[:2] // one batch behind for good
	cfg := DefaultConfig()
	cfg.ConvergeTimeout, cfg.Poll = 50*time.Millisecond, time.Millisecond
	_, err := Check(context.Background(), cfg, []Replica{rs[0], rs[1]}, acked)
	if err == nil || !strings.Contains(err.Error(), "did not converge") || !strings.Contains(err.Error(), "b: batch 1") {
		t.Fatalf("got %v, want a convergence error naming each head", err)
	}
	if _, err := Check(context.Background(), Config{}, []Replica{rs[0]}, nil); err == nil {
		t.Fatal("a zero config was accepted")
	}
	if _, err := Converge(context.Background(), nil, time.Second, time.Millisecond); err == nil {
		t.Fatal("no replicas converged")
	}
}
