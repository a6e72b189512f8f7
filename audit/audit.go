// Package audit checks the invariants every run must keep over the
// replicas' logs, whatever ran them: the cluster's in-process tests, the
// devnet's replica processes, the benchmarks. Callers adapt their replicas
// to Replica (a few reads) and hand over what clients were told (Acked);
// the audit waits for the replicas to agree on a head, reads every batch
// from every one of them and reports what it found.
//
// The invariants:
//   - no fork: every replica holds the same batch at every height, with the
//     same header hash and post-state root;
//   - the roots chain: each batch's parent is the hash of the one before,
//     its pre-state root that one's post-state root, its number its height;
//   - every acknowledged transaction is in the log exactly once, in the
//     batch the API reported, and no transaction is in it twice;
//   - nonce order: each sender's signed transactions follow one another in
//     the log by nonce (checked from the log where it still carries the
//     operations, and from the acknowledgements where they name sender and
//     nonce).
package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// Replica is what the audit reads of one replica.
type Replica interface {
	// ID names the replica in findings.
	ID() string
	// Head is the replica's last batch and state root now.
	Head(ctx context.Context) (Head, error)
	// Batch is batch n of its log (0 is genesis). TxHashes must be set;
	// Txs may be (then nonce order is checked from the log itself).
	Batch(ctx context.Context, n uint64) (fsm.BatchRecord, error)
}

// Head is where a replica's log ends.
type Head struct {
	Height    uint64
	StateRoot fsm.Hash
	HeadHash  fsm.Hash
}

// Ack is what a client was told about one transaction it sent.
type Ack struct {
	// Batch is the batch the API said the transaction was sequenced in.
	Batch uint64
	// Signed says From and Nonce are the transaction's own (the sender
	// knew them); without, only the log's own order is checked.
	Signed bool
	From   uint32
	Nonce  uint64
}

// Config tunes how long the audit waits; the checks themselves have no
// knobs.
type Config struct {
	// ConvergeTimeout is how long the replicas get to report one head
	// (height, state root, head hash) before the audit gives up: a
	// replica still catching up is not a fork.
	ConvergeTimeout time.Duration
	// Poll is the pause between two rounds of asking for heads.
	Poll time.Duration
	// MaxFindings caps the findings kept as text (the counts go on).
	MaxFindings int
}

// DefaultConfig gives replicas on one machine time to catch up after a
// restart.
func DefaultConfig() Config {
	return Config{ConvergeTimeout: 30 * time.Second, Poll: 50 * time.Millisecond, MaxFindings: 20}
}

// Validate reports a config the audit cannot run with.
func (c Config) Validate() error {
	switch {
	case c.ConvergeTimeout <= 0:
		return errors.New("audit: ConvergeTimeout must be positive")
	case c.Poll <= 0:
		return errors.New("audit: Poll must be positive")
	case c.MaxFindings < 1:
		return errors.New("audit: MaxFindings must be at least 1")
	}
	return nil
}

// Report is what Check found. The zero counts and empty strings are a clean
// log.
type Report struct {
	// Height is the head every replica reached.
	Height uint64
	// Fork describes the first batch the replicas disagree on.
	Fork string
	// Chain describes the first batch that does not follow its parent
	// (hash, root or number).
	Chain string
	// Lost counts acknowledged transactions that are not in the log in
	// the batch the API reported (absent, or elsewhere).
	Lost int
	// Duplicates counts transactions in the log more than once (each
	// extra copy once).
	Duplicates int
	// NonceOrder counts transactions out of their sender's nonce order.
	NonceOrder int
	// Findings says what each violation was, the first MaxFindings.
	Findings []string
}

// OK reports a clean log.
func (r Report) OK() bool {
	return r.Fork == "" && r.Chain == "" && r.Lost == 0 && r.Duplicates == 0 && r.NonceOrder == 0
}

// Err is nil for a clean log, otherwise an error that lists the findings.
func (r Report) Err() error {
	if r.OK() {
		return nil
	}
	return fmt.Errorf("audit at height %d: %d acknowledged lost, %d duplicated, %d out of nonce order; %s",
		r.Height, r.Lost, r.Duplicates, r.NonceOrder, strings.Join(r.Findings, "; "))
}

// Converge waits until every replica reports the same head and returns
// it; on timeout the error lists what each reported.
func Converge(ctx context.Context, replicas []Replica, timeout, poll time.Duration) (Head, error) {
	if len(replicas) == 0 {
		return Head{}, errors.New("audit: no replicas")
	}
	deadline := time.Now().Add(timeout)
	for {
		heads, same := make([]Head, 0, len(replicas)), true
		var last error
		for _, r := range replicas {
			h, err := r.Head(ctx)
			if err != nil {
				same, last = false, fmt.Errorf("%s: %w", r.ID(), err)
				break
			}
			heads = append(heads, h)
			same = same && h == heads[0]
		}
		if same {
			return heads[0], nil
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			for i, h := range heads {
				fmt.Fprintf(&b, " %s: batch %d root %s head %s;", replicas[i].ID(), h.Height, h.StateRoot, h.HeadHash)
			}
			if last != nil {
				fmt.Fprintf(&b, " %v", last)
			}
			return Head{}, fmt.Errorf("replicas did not converge within %v:%s", timeout, b.String())
		}
		select {
		case <-ctx.Done():
			return Head{}, ctx.Err()
		case <-time.After(poll):
		}
	}
}

// Check waits for the replicas to converge, then audits their logs
// against acked (transaction → what its client was told). The error is
// for an audit that could not run (no convergence, a read failing); what
// it found is in the Report.
func Check(ctx context.Context, cfg Config, replicas []Replica, acked map[fsm.TxHash]Ack) (Report, error) {
	if err := cfg.Validate(); err != nil {
		return Report{}, err
	}
	head, err := Converge(ctx, replicas, cfg.ConvergeTimeout, cfg.Poll)
	if err != nil {
		return Report{}, err
	}
	a := &auditor{cfg: cfg, rep: Report{Height: head.Height}, at: map[fsm.TxHash]fsm.TxLocation{},
		count: map[fsm.TxHash]int{}, nonces: map[uint32]uint64{}}
	for n := uint64(0); n <= head.Height; n++ {
		ref, err := a.compare(ctx, replicas, n)
		if err != nil {
			return a.rep, err
		}
		a.chain(ref)
		a.index(ref)
		a.logNonces(ref)
	}
	a.acks(acked)
	return a.rep, nil
}

// auditor walks the log once, keeping what later checks need.
type auditor struct {
	cfg  Config
	rep  Report
	prev fsm.BatchRecord
	// at is where each transaction first is; count how often it is there.
	at    map[fsm.TxHash]fsm.TxLocation
	count map[fsm.TxHash]int
	// nonces is each sender's last nonce seen in the log, while the log
	// carries operations; it is forgotten at a batch whose operations
	// are pruned.
	nonces map[uint32]uint64
}

func (a *auditor) finding(format string, args ...any) {
	if len(a.rep.Findings) < a.cfg.MaxFindings {
		a.rep.Findings = append(a.rep.Findings, fmt.Sprintf(format, args...))
	}
}

// compare reads batch n from every replica and returns the first one's.
func (a *auditor) compare(ctx context.Context, replicas []Replica, n uint64) (fsm.BatchRecord, error) {
	var ref fsm.BatchRecord
	for k, r := range replicas {
		rec, err := r.Batch(ctx, n)
		if err != nil {
			return ref, fmt.Errorf("%s batch %d: %w", r.ID(), n, err)
		}
		if k == 0 {
			ref = rec
			continue
		}
		if a.rep.Fork == "" && (rec.Hash != ref.Hash || rec.Header.PostRoot != ref.Header.PostRoot) {
			a.rep.Fork = fmt.Sprintf("batch %d: %s has %s (root %s), %s has %s (root %s)", n,
				replicas[0].ID(), ref.Hash, ref.Header.PostRoot, r.ID(), rec.Hash, rec.Header.PostRoot)
			a.finding("fork at %s", a.rep.Fork)
		}
	}
	return ref, nil
}

// chain checks that rec follows the batch before it.
func (a *auditor) chain(rec fsm.BatchRecord) {
	n := rec.Header.Number
	defer func() { a.prev = rec }()
	if a.rep.Chain != "" || n == 0 {
		return // genesis has no parent; one break is enough to say
	}
	var what string
	switch {
	case n != a.prev.Header.Number+1:
		what = fmt.Sprintf("number %d after %d", n, a.prev.Header.Number)
	case rec.Header.Parent != a.prev.Hash:
		what = fmt.Sprintf("parent %s, batch %d is %s", rec.Header.Parent, n-1, a.prev.Hash)
	case rec.Header.PreRoot != a.prev.Header.PostRoot:
		what = fmt.Sprintf("pre-state root %s, batch %d left %s", rec.Header.PreRoot, n-1, a.prev.Header.PostRoot)
	case rec.Hash != rec.Header.Hash():
		what = fmt.Sprintf("hash %s is not its header's", rec.Hash)
	default:
		return
	}
	a.rep.Chain = fmt.Sprintf("batch %d: %s", n, what)
	a.finding("broken chain at %s", a.rep.Chain)
}

// index records where each transaction is and counts repeats.
func (a *auditor) index(rec fsm.BatchRecord) {
	for i, h := range rec.TxHashes {
		a.count[h]++
		if a.count[h] > 1 {
			a.rep.Duplicates++
			a.finding("tx %s appears %d times in the log (again in batch %d)", h, a.count[h], rec.Header.Number)
			continue
		}
		a.at[h] = fsm.TxLocation{Batch: rec.Header.Number, Pos: uint32(i)}
	}
}

// logNonces checks that each sender's signed operations in the log
// carry consecutive nonces.
func (a *auditor) logNonces(rec fsm.BatchRecord) {
	if len(rec.Txs) != len(rec.TxHashes) {
		// Pruned (finalized) or not handed over: what came before says
		// nothing about what comes next.
		clear(a.nonces)
		return
	}
	for _, tx := range rec.Txs {
		if tx.Kind.IsPriority() {
			continue
		}
		if last, ok := a.nonces[tx.From]; ok && tx.Nonce != last+1 {
			a.rep.NonceOrder++
			a.finding("account %d: nonce %d in batch %d follows nonce %d", tx.From, tx.Nonce, rec.Header.Number, last)
		}
		a.nonces[tx.From] = tx.Nonce
	}
}

// acks checks every acknowledged transaction against the log: there, in
// the batch the API named, and after its sender's lower nonces.
func (a *auditor) acks(acked map[fsm.TxHash]Ack) {
	type signed struct {
		h   fsm.TxHash
		ack Ack
	}
	var bySender []signed
	for h, ack := range acked {
		loc, ok := a.at[h]
		switch {
		case !ok:
			a.rep.Lost++
			a.finding("acknowledged tx %s (batch %d) is not in the log", h, ack.Batch)
		case loc.Batch != ack.Batch:
			a.rep.Lost++
			a.finding("acknowledged tx %s: API said batch %d, log has it in %d", h, ack.Batch, loc.Batch)
		case ack.Signed:
			bySender = append(bySender, signed{h, ack})
		}
	}
	slices.SortFunc(bySender, func(x, y signed) int {
		return cmp.Or(cmp.Compare(x.ack.From, y.ack.From), cmp.Compare(x.ack.Nonce, y.ack.Nonce))
	})
	for i := 1; i < len(bySender); i++ {
		p, q := bySender[i-1], bySender[i]
		if p.ack.From != q.ack.From {
			continue
		}
		lp, lq := a.at[p.h], a.at[q.h]
		if p.ack.Nonce == q.ack.Nonce || lq.Batch < lp.Batch || lq.Batch == lp.Batch && lq.Pos <= lp.Pos {
			a.rep.NonceOrder++
			a.finding("account %d: nonce %d at batch %d pos %d, nonce %d at batch %d pos %d",
				q.ack.From, p.ack.Nonce, lp.Batch, lp.Pos, q.ack.Nonce, lq.Batch, lq.Pos)
		}
	}
}
