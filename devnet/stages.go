package devnet

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// stageWatch follows batches through their states by polling a replica,
// and keeps when each was first seen proven and finalized.
type stageWatch struct {
	mu      sync.Mutex
	batches map[uint64]*batchStages
	final   uint64 // every batch up to here is finalized
}

type batchStages struct {
	sequenced, proven, finalized time.Time
	ops                          int
}

func newStageWatch() *stageWatch { return &stageWatch{batches: map[uint64]*batchStages{}} }

// run polls every interval until ctx ends.
func (w *stageWatch) run(ctx context.Context, rs *proc.ReplicaSet, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.poll(ctx, rs)
	}
}

// poll reads the batches not yet finalized from the replica that is
// furthest ahead.
func (w *stageWatch) poll(ctx context.Context, rs *proc.ReplicaSet) {
	var c *wire.Client
	var head uint64
	for i, s := range rs.Statuses(ctx) {
		if s != nil && (c == nil || s.LastBatch > head) {
			c, head = rs.Client(i), s.LastBatch
		}
	}
	if c == nil {
		return
	}
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	for b := w.final + 1; b <= head; b++ {
		st := w.batches[b]
		if st != nil && !st.finalized.IsZero() {
			continue
		}
		// Stale: the replica that named the head has the batch; a
		// linearizable read would add a quorum round per batch.
		r, err := c.BatchWith(ctx, b, wire.ReadOptions{Consistency: wire.Stale})
		if err != nil {
			return
		}
		rec := r.BatchRecord
		if st == nil {
			st = &batchStages{sequenced: time.UnixMilli(rec.Header.Timestamp), ops: int(rec.Header.TxCount)}
			w.batches[b] = st
		}
		if rec.State >= fsm.StateProven && st.proven.IsZero() {
			st.proven = now
		}
		if rec.State == fsm.StateFinalized {
			if st.proven.IsZero() {
				st.proven = now
			}
			st.finalized = now
		}
	}
	for w.batches[w.final+1] != nil && !w.batches[w.final+1].finalized.IsZero() {
		w.final++
	}
}

// latencies returns, over finalized batches, sequenced→proven,
// sequenced→finalized and proven→finalized in seconds, sorted, and their
// operations.
func (w *stageWatch) latencies() (proven, final, l1 []float64, ops int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, st := range w.batches {
		if st.finalized.IsZero() {
			continue
		}
		proven = append(proven, st.proven.Sub(st.sequenced).Seconds())
		final = append(final, st.finalized.Sub(st.sequenced).Seconds())
		l1 = append(l1, st.finalized.Sub(st.proven).Seconds())
		ops += st.ops
	}
	slices.Sort(proven)
	slices.Sort(final)
	slices.Sort(l1)
	return proven, final, l1, ops
}

// farmWatch follows the provers from their heartbeats (a job started) and
// results (a proof done), for the progress line.
type farmWatch struct {
	nc      *nats.Conn
	mu      sync.Mutex
	current map[string]uint64 // prover → batch it is proving
	done    map[string]int
	lastMs  map[string]int64
	// queueS and proveS: each result's time waiting in the queue (publish
	// to fetch) and proving, in seconds.
	queueS, proveS []float64
}

func watchFarm(url string, opts ...nats.Option) (*farmWatch, error) {
	nc, err := nats.Connect(url, append(opts, nats.Name("baton-devnet"))...)
	if err != nil {
		return nil, err
	}
	f := &farmWatch{nc: nc, current: map[string]uint64{}, done: map[string]int{}, lastMs: map[string]int64{}}
	// The devnet's processes run with the default prefix.
	subjects := queue.DefaultConfig().Subjects()
	if _, err := nc.Subscribe(subjects.Heartbeats(), func(m *nats.Msg) {
		if h, err := queue.DecodeHeartbeat(m.Data); err == nil {
			f.mu.Lock()
			f.current[h.Prover] = h.Batch
			f.mu.Unlock()
		}
	}); err != nil {
		nc.Close()
		return nil, err
	}
	if _, err := nc.Subscribe(subjects.Results(), func(m *nats.Msg) {
		if r, err := queue.DecodeResult(m.Data); err == nil {
			f.mu.Lock()
			if f.current[r.Prover] == r.Batch {
				delete(f.current, r.Prover)
			}
			f.done[r.Prover]++
			f.lastMs[r.Prover] = r.ProveMs
			f.queueS = append(f.queueS, float64(r.QueueMs)/1000)
			f.proveS = append(f.proveS, float64(r.ProveMs)/1000)
			f.mu.Unlock()
		}
	}); err != nil {
		nc.Close()
		return nil, err
	}
	return f, nil
}

// times are the queue and prove times of every result so far, sorted.
func (f *farmWatch) times() (queueS, proveS []float64) {
	f.mu.Lock()
	q, p := slices.Clone(f.queueS), slices.Clone(f.proveS)
	f.mu.Unlock()
	slices.Sort(q)
	slices.Sort(p)
	return q, p
}
