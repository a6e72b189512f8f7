package sequencer

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// Mempool errors, told apart by the API: they are wire's, which gives each
// its HTTP status.
var (
	// ErrMempoolFull: the pending set is at its count or byte bound (429).
	ErrMempoolFull = wire.ErrMempoolFull
	// ErrNonceGap: left out of too many batches waiting for an earlier nonce.
	ErrNonceGap = wire.ErrNonceGap
)

// Mempool holds the leader's pending operations: L1 priority operations in
// queue order, then L2 transactions in arrival order. It is bounded in count
// and bytes. Priority operations are admitted even when it is full, since L1
// forces them in and the queue that feeds them is itself ordered and finite.
type Mempool struct {
	cfg MempoolConfig

	mu       sync.Mutex
	priority []*entry // sorted by queue index
	l2       []*entry // arrival order; removed entries are compacted lazily
	live     int      // L2 entries not removed
	byHash   map[fsm.TxHash]*entry
	bytes    int
	arrival  chan struct{}
}

type entry struct {
	tx        fsm.Tx
	hash      fsm.TxHash
	size      int
	arrived   time.Time
	deferrals int
	// deferredAt is the height of the last batch that left it out, so
	// that one batch counts once however often the builder looks.
	deferredAt uint64
	removed    bool
	// sig is evidence that this replica's own API verified the signature,
	// so the batch builder need not (zero for forwarded ones).
	sig fsm.SigVerified
}

// NewMempool returns an empty mempool.
func NewMempool(cfg MempoolConfig) *Mempool {
	return &Mempool{cfg: cfg, byHash: map[fsm.TxHash]*entry{}, arrival: make(chan struct{}, 1)}
}

// Add admits a transaction. Adding one already pending is not an error (the
// caller waits on the same hash); it reports added=false. sig is evidence
// that this process verified the signature, if it did.
func (p *Mempool) Add(tx fsm.Tx, sig fsm.SigVerified, now time.Time) (added bool, err error) {
	return p.AddWithin(tx, sig, now, -1)
}

// AddWithin is Add under a second bound on pending L2 transactions, the
// room the unproven backlog leaves (limit < 0: none). Past it the answer is
// wire.ErrBacklogFull. Checked under the mempool's lock, so concurrent
// submissions cannot all see the same room.
func (p *Mempool) AddWithin(tx fsm.Tx, sig fsm.SigVerified, now time.Time, limit int) (added bool, err error) {
	h := tx.Hash()
	size := tx.Kind.EncodedSize()
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.byHash[h]; dup {
		return false, nil
	}
	e := &entry{tx: tx, hash: h, size: size, arrived: now, sig: sig}
	if tx.Kind.IsPriority() {
		i, _ := slices.BinarySearchFunc(p.priority, tx.QueueIndex, func(e *entry, q uint64) int {
			return cmpU64(e.tx.QueueIndex, q)
		})
		p.priority = slices.Insert(p.priority, i, e)
	} else {
		if p.live >= p.cfg.MaxTxs || p.bytes+size > p.cfg.MaxBytes {
			return false, fmt.Errorf("%w: %d transactions, %d bytes pending; retry later", ErrMempoolFull, p.live, p.bytes)
		}
		if limit >= 0 && p.live >= limit {
			return false, fmt.Errorf("%w: %d transactions pending fill the room the unproven batches leave; retry later", wire.ErrBacklogFull, p.live)
		}
		p.l2 = append(p.l2, e)
		p.live++
	}
	p.byHash[h] = e
	p.bytes += size
	select {
	case p.arrival <- struct{}{}:
	default:
	}
	return true, nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Has reports whether h is pending.
func (p *Mempool) Has(h fsm.TxHash) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.byHash[h]
	return ok
}

// Stats returns pending count, bytes and the arrival time of the oldest.
func (p *Mempool) Stats() (n, bytes int, oldest time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n = p.live + len(p.priority)
	// Priority operations are ordered by queue index, not arrival: the
	// first is not always the oldest (one can come in ahead of a gap).
	for _, e := range p.priority {
		if oldest.IsZero() || e.arrived.Before(oldest) {
			oldest = e.arrived
		}
	}
	for _, e := range p.l2 {
		if !e.removed {
			if oldest.IsZero() || e.arrived.Before(oldest) {
				oldest = e.arrived
			}
			break
		}
	}
	return n, p.bytes, oldest
}

// Arrival is signalled (coalesced) whenever something is added.
func (p *Mempool) Arrival() <-chan struct{} { return p.arrival }

// Candidates returns up to maxTxs pending operations within maxBytes, in the
// order a batch must take them: priority first, then arrival order; with
// their hashes and any evidence that their signatures were checked here.
func (p *Mempool) Candidates(maxTxs, maxBytes int) ([]fsm.Tx, []fsm.TxHash, []fsm.SigVerified) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var txs []fsm.Tx
	var hashes []fsm.TxHash
	var checked []fsm.SigVerified
	size := 0
	take := func(e *entry) bool {
		if len(txs) == maxTxs || size+e.size > maxBytes {
			return false
		}
		txs = append(txs, e.tx)
		hashes = append(hashes, e.hash)
		checked = append(checked, e.sig)
		size += e.size
		return true
	}
	for _, e := range p.priority {
		if !take(e) {
			return txs, hashes, checked
		}
	}
	for _, e := range p.l2 {
		if !e.removed && !take(e) {
			break
		}
	}
	return txs, hashes, checked
}

// Remove drops transactions that were sequenced or rejected.
func (p *Mempool) Remove(hashes ...fsm.TxHash) {
	p.mu.Lock()
	defer p.mu.Unlock()
	removedPriority := false
	for _, h := range hashes {
		e, ok := p.byHash[h]
		if !ok {
			continue
		}
		delete(p.byHash, h)
		e.removed = true
		p.bytes -= e.size
		if e.tx.Kind.IsPriority() {
			removedPriority = true
		} else {
			p.live--
		}
	}
	if removedPriority {
		p.priority = slices.DeleteFunc(p.priority, func(e *entry) bool { return e.removed })
	}
	// Compact once removed entries dominate, so Candidates stays linear in
	// what is live.
	if len(p.l2) > 64 && p.live < len(p.l2)/2 {
		p.l2 = slices.DeleteFunc(p.l2, func(e *entry) bool { return e.removed })
	}
}

// Defer counts a batch built on height that left h out; it returns true
// when h has waited MaxDeferrals batches and should be dropped as a nonce
// gap. Priority operations are never dropped: L1 forces them in.
func (p *Mempool) Defer(h fsm.TxHash, height uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.byHash[h]
	if !ok || e.tx.Kind.IsPriority() || (e.deferrals > 0 && height <= e.deferredAt) {
		return false
	}
	e.deferrals++
	e.deferredAt = height
	return e.deferrals > p.cfg.MaxDeferrals
}

// Drain empties the mempool and returns everything in it, priority
// operations first, for a replica that lost leadership to hand over.
func (p *Mempool) Drain() []fsm.Tx {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []fsm.Tx
	for _, e := range p.priority {
		out = append(out, e.tx)
	}
	for _, e := range p.l2 {
		if !e.removed {
			out = append(out, e.tx)
		}
	}
	p.l2, p.priority, p.live, p.bytes = nil, nil, 0, 0
	clear(p.byHash)
	return out
}
