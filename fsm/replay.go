package fsm

import "fmt"

// Rebuilder rebuilds the account state from a genesis and each batch's
// public data alone: what anyone can read from L1. It runs the machine's
// own execution (overlay.exec, seal, the tree update), so replay cannot
// drift from the rules; only the signature check is skipped, since
// signatures are not posted and the batch's proof vouches for them. The
// nonce of an L2 operation and the queue index of a priority one are not
// posted either: they are the account's and the queue's next, which are
// the only values the machine accepts.
type Rebuilder struct {
	st           *State
	cfg          Config
	nextPriority uint64
	batches      uint64
}

// NewRebuilder starts at genesis, built exactly as New builds it.
func NewRebuilder(g Genesis) (*Rebuilder, error) {
	m, err := New(g)
	if err != nil {
		return nil, err
	}
	return &Rebuilder{st: m.st, cfg: g.Config}, nil
}

// Apply replays the next batch's operations, as DecodePublicData gives
// them, and returns the state root after it. Every operation must do what
// its record says (a priority operation fails exactly when its record is
// marked failed, a forced exit pays exactly its record's amount), or the
// data is not what the machine produced: ErrBatchMismatch, and nothing
// changes.
func (r *Rebuilder) Apply(ops []PubOp) (Hash, error) {
	n := r.batches + 1
	if len(ops) > r.cfg.MaxBatchTxs {
		return Hash{}, fmt.Errorf("%w: batch %d: %d operations, at most %d", ErrBatchMismatch, n, len(ops), r.cfg.MaxBatchTxs)
	}
	ov := newOverlay(r.st, r.st.h)
	ov.replay = true
	cursor := r.nextPriority
	l2seen := false
	for i := range ops {
		op := &ops[i]
		tx := op.Tx()
		if tx.Kind.IsPriority() {
			if l2seen {
				return Hash{}, fmt.Errorf("%w: batch %d operation %d: %w: after an L2 transaction", ErrBatchMismatch, n, i, ErrPriorityOrder)
			}
			tx.QueueIndex = cursor
		} else if a, ok := ov.peek(tx.From); ok {
			tx.Nonce = a.Nonce
		}
		l2seen = l2seen || !tx.Kind.IsPriority()
		rc, err := ov.exec(&tx, &cursor, nil)
		if err != nil {
			return Hash{}, fmt.Errorf("%w: batch %d operation %d: %w", ErrBatchMismatch, n, i, err)
		}
		if rc.Failed != op.Failed || rc.Exit != op.Exit {
			return Hash{}, fmt.Errorf("%w: batch %d operation %d (%s): replay gives failed=%v exit=%d, the data says failed=%v exit=%d",
				ErrBatchMismatch, n, i, op.Kind, rc.Failed, rc.Exit, op.Failed, op.Exit)
		}
	}
	u, err := r.st.tree.plan(ov.seal(), r.st.h)
	if err != nil {
		return Hash{}, fmt.Errorf("batch %d: %w", n, err)
	}
	ov.commit(u)
	r.nextPriority = cursor
	r.batches = n
	return r.Root(), nil
}

// Root is the state root after the batches applied so far.
func (r *Rebuilder) Root() Hash { return rootHash(r.st.Root()) }

// Batches is how many batches were applied.
func (r *Rebuilder) Batches() uint64 { return r.batches }

// NextPriority is the L1 queue index the next priority operation takes.
func (r *Rebuilder) NextPriority() uint64 { return r.nextPriority }

// Accounts is a copy of every account, by index.
func (r *Rebuilder) Accounts() []Account { return append([]Account(nil), r.st.accounts...) }
