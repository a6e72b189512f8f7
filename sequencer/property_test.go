package sequencer

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// TestMempoolAgainstModel runs random streams of Add, Remove, Defer,
// Candidates, Stats and Drain through the mempool and through a naive
// model (one slice in arrival order, sorted on every read) and demands
// the same answers. Queue indices are drawn without repeats: two
// different priority operations claiming one index is L1's to prevent.
func TestMempoolAgainstModel(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 0x5e9))
		cfg := MempoolConfig{MaxTxs: 1 + r.IntN(12), MaxBytes: 100 + r.IntN(1500), MaxDeferrals: r.IntN(4)}
		checkAgainstModel(t, seed, r, cfg)
	}
}

// modelEntry is one pending operation as the model keeps it.
type modelEntry struct {
	tx         fsm.Tx
	h          fsm.TxHash
	arrived    time.Time
	deferrals  int
	deferredAt uint64
}

type mempoolModel struct {
	cfg     MempoolConfig
	entries []*modelEntry // arrival order
}

func (md *mempoolModel) find(h fsm.TxHash) int {
	return slices.IndexFunc(md.entries, func(e *modelEntry) bool { return e.h == h })
}

func (md *mempoolModel) totals() (live, l2, bytes int) {
	for _, e := range md.entries {
		live++
		bytes += e.tx.Kind.EncodedSize()
		if !e.tx.Kind.IsPriority() {
			l2++
		}
	}
	return live, l2, bytes
}

func (md *mempoolModel) add(tx fsm.Tx, now time.Time) (bool, error) {
	h := tx.Hash()
	if md.find(h) >= 0 {
		return false, nil
	}
	_, l2, bytes := md.totals()
	if !tx.Kind.IsPriority() && (l2 >= md.cfg.MaxTxs || bytes+tx.Kind.EncodedSize() > md.cfg.MaxBytes) {
		return false, ErrMempoolFull
	}
	md.entries = append(md.entries, &modelEntry{tx: tx, h: h, arrived: now})
	return true, nil
}

// ordered is the documented batch order: priority operations by queue
// index, then L2 in arrival order.
func (md *mempoolModel) ordered() []*modelEntry {
	var prio, l2 []*modelEntry
	for _, e := range md.entries {
		if e.tx.Kind.IsPriority() {
			prio = append(prio, e)
		} else {
			l2 = append(l2, e)
		}
	}
	slices.SortStableFunc(prio, func(a, b *modelEntry) int { return int(a.tx.QueueIndex) - int(b.tx.QueueIndex) })
	return append(prio, l2...)
}

// candidates takes the ordered entries up to the first that does not fit.
func (md *mempoolModel) candidates(maxTxs, maxBytes int) []fsm.TxHash {
	var out []fsm.TxHash
	size := 0
	for _, e := range md.ordered() {
		if len(out) == maxTxs || size+e.tx.Kind.EncodedSize() > maxBytes {
			break
		}
		out = append(out, e.h)
		size += e.tx.Kind.EncodedSize()
	}
	return out
}

func (md *mempoolModel) defer_(h fsm.TxHash, height uint64) bool {
	i := md.find(h)
	if i < 0 {
		return false
	}
	e := md.entries[i]
	if e.tx.Kind.IsPriority() || (e.deferrals > 0 && height <= e.deferredAt) {
		return false
	}
	e.deferrals++
	e.deferredAt = height
	return e.deferrals > md.cfg.MaxDeferrals
}

func (md *mempoolModel) remove(hs ...fsm.TxHash) {
	md.entries = slices.DeleteFunc(md.entries, func(e *modelEntry) bool { return slices.Contains(hs, e.h) })
}

func (md *mempoolModel) oldest() time.Time {
	var o time.Time
	for _, e := range md.entries {
		if o.IsZero() || e.arrived.Before(o) {
			o = e.arrived
		}
	}
	return o
}

func checkAgainstModel(t *testing.T, seed uint64, r *rand.Rand, cfg MempoolConfig) {
	p, md := NewMempool(cfg), &mempoolModel{cfg: cfg}
	now := epoch
	queue := r.Perm(64) // queue indices, each used once
	var seen []fsm.Tx   // everything ever offered, for repeats
	var height uint64
	for step := range 400 {
		now = now.Add(time.Duration(r.IntN(20)) * time.Millisecond)
		switch op := r.IntN(10); {
		case op < 4: // an L2 transfer: new, or a repeat
			tx := fsm.Tx{Kind: fsm.KindTransfer, From: uint32(r.IntN(5)), To: 1, Amount: uint64(r.IntN(1000)), Nonce: uint64(r.IntN(8))}
			if r.IntN(4) == 0 {
				tx.Kind = fsm.KindWithdraw
			}
			if len(seen) > 0 && r.IntN(5) == 0 {
				tx = seen[r.IntN(len(seen))]
			}
			seen = append(seen, tx)
			gotAdded, gotErr := p.Add(tx, fsm.SigVerified{}, now)
			wantAdded, wantErr := md.add(tx, now)
			if gotAdded != wantAdded || errors.Is(gotErr, ErrMempoolFull) != (wantErr != nil) {
				t.Fatalf("seed %d step %d: Add = %v, %v; model %v, %v", seed, step, gotAdded, gotErr, wantAdded, wantErr)
			}
		case op < 5 && len(queue) > 0: // a priority operation, admitted even when full
			tx := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: uint64(queue[0]), Amount: 1}
			queue = queue[1:]
			gotAdded, gotErr := p.Add(tx, fsm.SigVerified{}, now)
			wantAdded, _ := md.add(tx, now)
			if gotAdded != wantAdded || gotErr != nil {
				t.Fatalf("seed %d step %d: Add(priority) = %v, %v; model %v", seed, step, gotAdded, gotErr, wantAdded)
			}
		case op < 7: // a batch takes some candidates, defers others
			maxTxs, maxBytes := 1+r.IntN(8), 50+r.IntN(800)
			_, got, _ := p.Candidates(maxTxs, maxBytes)
			want := md.candidates(maxTxs, maxBytes)
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d step %d: Candidates(%d, %d) = %x\nmodel %x", seed, step, maxTxs, maxBytes, got, want)
			}
			height += uint64(r.IntN(2))
			var taken []fsm.TxHash
			for _, h := range got {
				switch r.IntN(3) {
				case 0:
					taken = append(taken, h)
				case 1:
					if gd, wd := p.Defer(h, height), md.defer_(h, height); gd != wd {
						t.Fatalf("seed %d step %d: Defer = %v, model %v", seed, step, gd, wd)
					}
				}
			}
			p.Remove(taken...)
			md.remove(taken...)
		case op < 8 && len(seen) > 0: // a rejection, possibly of something long gone
			h := seen[r.IntN(len(seen))].Hash()
			p.Remove(h)
			md.remove(h)
		case op < 9 && r.IntN(8) == 0: // a step-down hands everything over
			got := p.Drain()
			var want []fsm.Tx
			for _, e := range md.ordered() {
				want = append(want, e.tx)
			}
			md.entries = nil
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d step %d: Drain = %v\nmodel %v", seed, step, got, want)
			}
		}
		n, bytes, oldest := p.Stats()
		live, _, wantBytes := md.totals()
		if n != live || bytes != wantBytes || !oldest.Equal(md.oldest()) {
			t.Fatalf("seed %d step %d: Stats = %d, %d, %v; model %d, %d, %v", seed, step, n, bytes, oldest, live, wantBytes, md.oldest())
		}
		for _, tx := range seen {
			if h := tx.Hash(); p.Has(h) != (md.find(h) >= 0) {
				t.Fatalf("seed %d step %d: Has(%x) = %v", seed, step, h, p.Has(h))
			}
		}
	}
}
