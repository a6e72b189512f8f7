package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/hashicorp/raft"
)

// replica adapts fsm.Machine to raft.FSM. It is deliberately thin: decode,
// apply under the lock, then tell whoever waits. The Machine does all
// checking; this layer only adds the lock and the notifications.
type replica struct {
	mu      sync.RWMutex
	m       *fsm.Machine
	cfg     fsm.Config
	log     *slog.Logger
	waiters *waiters
	metrics *Metrics
	sigs    *sigCache
	// checkpoint is signalled (coalesced) when a checkpoint batch applies,
	// so the node can snapshot there.
	checkpoint chan struct{}
	// applied fires after every applied batch, for code that waits for a
	// height.
	applied *broadcaster
	// fsmIndex is the highest log index whose entry this replica's
	// machine has consumed (Apply, StoreConfiguration) or restored from
	// a snapshot. Raft's AppliedIndex runs ahead of it: it counts entries
	// handed to the FSM goroutine, and noops and barriers that never reach
	// Apply. Reads wait on it (reads.covered).
	fsmIndex atomic.Uint64
	// entries fires after every entry consumed, batch or not, and after
	// a restore: what reads wait on.
	entries *broadcaster
	// snaps is the snapshot store Raft restores from, for the index of
	// the snapshot a Restore installed (set before Raft starts).
	snaps raft.SnapshotStore
	// confIndex is the highest index of a committed Raft configuration
	// entry handed to this replica (StoreConfiguration); see
	// Node.configIndex.
	confIndex atomic.Uint64
	// stages: when this replica saw recent batches reach each state.
	stages *stageTimes
	// wdir is m's witness store; gens makes the next machine's. Both
	// change only with m, under mu.
	wdir *witnessDir
	gens *witnessGens
}

var (
	_ raft.FSM                = (*replica)(nil)
	_ raft.ConfigurationStore = (*replica)(nil)
)

// newReplica starts from genesis g, with its witnesses in a fresh directory
// of gens.
func newReplica(g fsm.Genesis, gens *witnessGens, log *slog.Logger, w *waiters, met *Metrics, sigs *sigCache) (*replica, error) {
	wd, err := gens.fresh()
	if err != nil {
		return nil, err
	}
	m, err := fsm.NewWith(g, wd)
	if err != nil {
		return nil, err
	}
	m.SetSigCache(sigs)
	return &replica{m: m, cfg: m.Config(), log: log, waiters: w, metrics: met, sigs: sigs,
		checkpoint: make(chan struct{}, 1), applied: newBroadcaster(), entries: newBroadcaster(), stages: newStageTimes(4096),
		wdir: wd, gens: gens}, nil
}

// Apply runs one committed entry. Its return value becomes the proposer's
// ApplyFuture.Response(): always an fsm.Result, which the proposer must read.
func (r *replica) Apply(l *raft.Log) any {
	start := time.Now()
	// Decode once: the batch's signatures are checked on every core before
	// the lock is taken, and the fsm then finds them done.
	cmd, decErr := fsm.DecodeCommand(l.Data, r.cfg.MaxBatchTxs)
	if decErr == nil && cmd.Type == fsm.CmdAppendBatch {
		r.verifyAhead(cmd.Batch.Txs, nil)
	}
	r.mu.Lock()
	faults := r.m.WitnessStoreFaults()
	var res fsm.Result
	provenBefore, unprovenFinal := r.m.Proven(), false
	if decErr != nil {
		res = r.m.Apply(l.Index, l.Term, l.Data) // the machine reports the error
	} else {
		if cmd.Type == fsm.CmdMarkFinalized {
			rec, ok := r.m.Batch(cmd.Number)
			unprovenFinal = ok && rec.State < fsm.StateProven
		}
		res = r.m.ApplyCommand(l.Index, l.Term, cmd)
	}
	// Batches reaching proven, for the drain rate: proofs recorded, and a
	// batch L1 finalized with a proof this log never saw drained too.
	drained := r.m.Proven() - provenBefore
	if unprovenFinal && res.Advanced {
		drained++
	}
	if f := r.m.WitnessStoreFaults(); f > faults {
		r.log.Warn("witness store failed: the witness stays in memory", "batch", res.Batch, "dir", r.wdir.dir, "faults", f)
	}
	var (
		hashes    []fsm.TxHash
		sequenced int64
	)
	// Stages are marked only when the batch advanced: a second proof or
	// a repeated post is accepted but must not stamp a time.
	if res.Advanced {
		rec, _ := r.m.Batch(res.Batch)
		sequenced = rec.Header.Timestamp
		if res.Type == fsm.CmdAppendBatch {
			hashes = rec.TxHashes
		}
	}
	r.mu.Unlock()
	r.metrics.proven(drained)
	if res.Advanced {
		// The leader's append time travels with the entry, so a replay
		// after a restart stamps what the live apply did.
		at := l.AppendedAt
		if at.IsZero() {
			at = time.Now()
		}
		r.stages.mark(res.Batch, res.Type, sequenced, at)
	}
	if errors.Is(res.Err, fsm.ErrUnknownCommand) {
		// A newer release wrote this entry. Applying nothing would fork this
		// replica from the ones that understand it, so stop loudly.
		r.log.Error("cannot decode committed entry: stopping replica", "index", l.Index, "err", res.Err)
		panic(fmt.Sprintf("baton: entry %d: %v (upgrade this replica)", l.Index, res.Err))
	}
	if res.Err != nil {
		r.log.Warn("entry rejected", "index", l.Index, "type", res.Type, "batch", res.Batch, "err", res.Err)
		r.metrics.applyRejected.Inc()
	}
	if res.Type == fsm.CmdAppendBatch && res.Err == nil {
		for i, h := range hashes {
			r.waiters.done(h, txOutcome{loc: fsm.TxLocation{Batch: res.Batch, Pos: uint32(i)}})
		}
		r.metrics.txsApplied.Add(float64(len(hashes)))
		r.metrics.batchesApplied.Inc()
		r.applied.notify()
	}
	if res.Checkpoint {
		select {
		case r.checkpoint <- struct{}{}:
		default:
		}
	}
	r.consumed(l.Index)
	r.metrics.fsmApply.Observe(time.Since(start).Seconds())
	return res
}

// StoreConfiguration records where each committed configuration entry sits
// in the log; hashicorp/raft calls it in log order, beside Apply.
func (r *replica) StoreConfiguration(index uint64, _ raft.Configuration) {
	r.confIndex.Store(max(r.confIndex.Load(), index))
	r.consumed(index)
}

// consumed records that the machine reflects the log up to index and
// wakes the reads waiting for it.
func (r *replica) consumed(index uint64) {
	for {
		cur := r.fsmIndex.Load()
		if index <= cur || r.fsmIndex.CompareAndSwap(cur, index) {
			break
		}
	}
	r.entries.notify()
}

// snapshotIndex is the index of the newest snapshot in the store: the one
// Raft restores at start and the one a leader's InstallSnapshot just
// wrote (0: none or no store).
func (r *replica) snapshotIndex() uint64 {
	if r.snaps == nil {
		return 0
	}
	list, err := r.snaps.List()
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[0].Index
}

// read runs f with the machine under the read lock.
func (r *replica) read(f func(m *fsm.Machine)) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	f(r.m)
}

// backlog reads the unproven and unfinalized backlog off the log.
func (r *replica) backlog(now time.Time) (f backlogFigures) {
	provenMs := func(b uint64) int64 { bt, _ := r.stages.get(b); return bt.ProvenMs }
	r.read(func(m *fsm.Machine) { f = readBacklog(m, now, provenMs) })
	return f
}

// height is the last applied batch number.
func (r *replica) height() uint64 {
	var h uint64
	r.read(func(m *fsm.Machine) { h = m.Head().Number })
	return h
}

// location is where the log has transaction h, if it has it.
func (r *replica) location(h fsm.TxHash) (loc fsm.TxLocation, ok bool) {
	r.read(func(m *fsm.Machine) { loc, ok = m.TxLocation(h) })
	return loc, ok
}

// memberAPIs is every member's API address as the log names it (a copy).
func (r *replica) memberAPIs() map[string]string {
	var apis map[string]string
	r.read(func(m *fsm.Machine) { apis = m.Members() })
	return apis
}

// waitHeight waits, at most limit, until batch is applied here.
func (r *replica) waitHeight(ctx context.Context, batch uint64, limit time.Duration) {
	deadline := time.After(limit)
	for {
		// Take the channel before reading the height, or a batch applied
		// in between would be missed until the deadline.
		applied := r.applied.wait()
		if r.height() >= batch {
			return
		}
		select {
		case <-applied:
		case <-deadline:
			return
		case <-ctx.Done():
			return
		}
	}
}

// Snapshot captures the machine under the lock (copies, and the unproven
// batches' witnesses read from disk: as many as the backlog bound allows);
// Persist writes it without the lock.
func (r *replica) Snapshot() (raft.FSMSnapshot, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, err := r.m.Snapshot()
	if err != nil {
		return nil, err
	}
	return &snapshot{s: s}, nil
}

// Restore replaces the machine with a snapshot's, its witnesses in a new
// directory, so no witness of the replaced history lingers and, on error,
// the old machine stays whole with its own and Raft reports the failure.
func (r *replica) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	wd, err := r.gens.fresh()
	if err != nil {
		return fmt.Errorf("restore snapshot: %w", err)
	}
	m, err := fsm.RestoreWith(r.cfg, rc, wd)
	if err != nil {
		_ = wd.remove()
		return fmt.Errorf("restore snapshot: %w", err)
	}
	m.SetSigCache(r.sigs)
	r.mu.Lock()
	old := r.wdir
	r.m, r.wdir = m, wd
	// A restore replaces the state, possibly with an older one (Raft
	// restores at start): the index goes with it, down as well as up.
	r.fsmIndex.Store(r.snapshotIndex())
	r.mu.Unlock()
	r.entries.notify()
	if err := old.remove(); err != nil {
		r.log.Warn("cannot remove the replaced witness store", "dir", old.dir, "err", err)
	}
	// Transactions inside the snapshot were never Applied here one by one:
	// settle anybody waiting for them.
	r.waiters.sweep(func(h fsm.TxHash) (fsm.TxLocation, bool) {
		r.mu.RLock()
		defer r.mu.RUnlock()
		return r.m.TxLocation(h)
	})
	r.applied.notify()
	return nil
}

type snapshot struct{ s *fsm.Snapshot }

// Persist streams the snapshot into Raft's sink; Cancel on any error so a
// partial snapshot is never used.
func (s *snapshot) Persist(sink raft.SnapshotSink) error {
	if _, err := s.s.WriteTo(sink); err != nil {
		_ = sink.Cancel()
		return fmt.Errorf("persist snapshot: %w", err)
	}
	return sink.Close()
}

// Release has nothing to free: the snapshot holds only copies.
func (s *snapshot) Release() {}

// txOutcome is what a waiter learns: where its transaction was sequenced, or
// why it was rejected.
type txOutcome struct {
	loc fsm.TxLocation
	err error
}

// waiters lets API calls wait for their transaction without polling.
type waiters struct {
	mu sync.Mutex
	m  map[fsm.TxHash][]chan txOutcome
}

func newWaiters() *waiters { return &waiters{m: map[fsm.TxHash][]chan txOutcome{}} }

// add registers interest in h. Register before checking whether h is already
// done, so that no outcome can slip between the check and the wait.
func (w *waiters) add(h fsm.TxHash) chan txOutcome {
	ch := make(chan txOutcome, 1)
	w.mu.Lock()
	w.m[h] = append(w.m[h], ch)
	w.mu.Unlock()
	return ch
}

func (w *waiters) remove(h fsm.TxHash, ch chan txOutcome) {
	w.mu.Lock()
	defer w.mu.Unlock()
	list := w.m[h]
	for i, c := range list {
		if c == ch {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(w.m, h)
	} else {
		w.m[h] = list
	}
}

func (w *waiters) done(h fsm.TxHash, o txOutcome) {
	w.mu.Lock()
	list := w.m[h]
	delete(w.m, h)
	w.mu.Unlock()
	for _, ch := range list {
		ch <- o
	}
}

func (w *waiters) sweep(find func(fsm.TxHash) (fsm.TxLocation, bool)) {
	w.mu.Lock()
	hashes := make([]fsm.TxHash, 0, len(w.m))
	for h := range w.m {
		hashes = append(hashes, h)
	}
	w.mu.Unlock()
	for _, h := range hashes {
		if loc, ok := find(h); ok {
			w.done(h, txOutcome{loc: loc})
		}
	}
}
