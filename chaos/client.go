package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// client is one modelled client: it owns one account that only its own
// transfers debit, and talks to every replica at random, the way an
// operator's users behind a load balancer would.
type client struct {
	id      int
	account uint32
	key     fsm.PrivateKey
	chainID uint64
	sink    uint32
	apis    []*wire.Client // one per replica
	ids     []string
	hist    *History
	rng     *rand.Rand
	// opTimeout bounds one request: past it the answer is indeterminate.
	opTimeout time.Duration

	nonce   uint64            // the next transfer's nonce
	pending *fsm.Tx           // sent, outcome not yet definite
	signed  map[uint64]fsm.Tx // every transfer made, by nonce
	index   uint64            // the Raft index of the last acknowledged write

	mu       sync.Mutex
	acks     map[fsm.TxHash]audit.Ack
	findings []string
	counts   clientCounts
}

// clientCounts are what a client did, for the result.
type clientCounts struct {
	Ops, Indeterminate, Retryable, BadInput int
	// Unanswered counts indeterminate submits and failed reads by answer.
	Unanswered map[string]int
}

func (n *clientCounts) bump(answer string) {
	if n.Unanswered == nil {
		n.Unanswered = map[string]int{}
	}
	n.Unanswered[answer]++
}

// answer is a short form of what a request got: its status, or the
// error's code and reason, or what kind of failure it was.
func answer(status string, err error) string {
	var he *wire.HTTPError
	switch {
	case errors.As(err, &he) && he.Reason != "":
		return fmt.Sprintf("%d %s", he.Code, he.Reason)
	case errors.As(err, &he):
		return fmt.Sprintf("%d %s", he.Code, status)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case err != nil:
		return "connection"
	}
	return status
}

// debit is every transfer's cost to the account: amount plus fee.
const (
	amount = 3
	fee    = 1
	debit  = amount + fee
)

// run sends and reads until ctx ends: a transfer whose outcome is not yet
// known is sent again (the same signed transfer, so idempotent) between
// reads until it is.
func (c *client) run(ctx context.Context) {
	for ctx.Err() == nil {
		switch r := c.rng.IntN(100); {
		case r < 40:
			c.submit(ctx)
		case r < 55:
			c.readAccount(ctx, false, 0)
		case r < 65:
			c.readTx(ctx, false)
		case r < 80:
			c.readAccount(ctx, true, 0)
		case r < 87:
			c.readTx(ctx, true)
		case r < 94:
			c.readYourWrites(ctx)
		default:
			c.badInput(ctx)
		}
		// About ten operations a second per client: the history stays
		// small enough to check, and the transfers within what a small
		// farm proves.
		sleep(ctx, time.Duration(50+c.rng.IntN(100))*time.Millisecond)
	}
}

// replica picks where the next request goes.
func (c *client) replica() int { return c.rng.IntN(len(c.apis)) }

// submit sends the next transfer, or the one still without an outcome.
func (c *client) submit(ctx context.Context) {
	if c.pending == nil {
		tx := fsm.Tx{Kind: fsm.KindTransfer, From: c.account, To: c.sink, Amount: amount, Fee: fee, Nonce: c.nonce}
		if err := tx.Sign(c.key, c.chainID); err != nil {
			c.finding("sign: %v", err)
			return
		}
		c.pending = &tx
		c.signed[tx.Nonce] = tx
	}
	tx := *c.pending
	i := c.replica()
	op := Op{Client: c.id, Replica: c.ids[i], In: Input{Account: c.account, Kind: OpSubmit, Nonce: tx.Nonce, Debit: debit}}
	op.Call = c.hist.Now()
	cctx, cancel := context.WithTimeout(ctx, c.opTimeout)
	res, err := c.apis[i].Submit(cctx, tx, true)
	cancel()
	op.Answer = answer(res.Status, err)
	switch {
	case err == nil && res.Status == "sequenced":
		op.Out, op.Return = Output{Outcome: Sequenced}, c.hist.Now()
		c.ack(tx, res)
		c.pending = nil
		c.nonce++
	case err != nil && definite(err):
		// Refused: the transfer cannot apply now. Either it already has
		// (an earlier try got no answer), which a lookup settles, or the
		// refusal was wrong, which the model finds.
		op.Out, op.Return = Output{Outcome: Rejected}, c.hist.Now()
		c.add(op)
		if c.lookup(ctx, tx.Nonce, false) == Sequenced {
			c.pending = nil
			c.nonce++
		}
		return
	default:
		// Timeout, lost connection, 202, 429, 5xx: it may have applied
		// or may still. The same transfer goes again next time.
		op.Out, op.Return = Output{Outcome: Indeterminate}, Never
		c.count(func(n *clientCounts) { n.Indeterminate++; n.bump(op.Answer) })
	}
	c.add(op)
}

// ack keeps what the cluster said about a sequenced transfer for the
// audit, and the index a read-your-writes read demands.
func (c *client) ack(tx fsm.Tx, res wire.SubmitResult) {
	c.index = max(c.index, res.Index)
	c.mu.Lock()
	c.acks[tx.Hash()] = audit.Ack{Batch: res.Batch, Signed: true, From: tx.From, Nonce: tx.Nonce}
	c.mu.Unlock()
}

// readAccount reads the account, linearizably or stale, with min_index
// when it is not 0.
func (c *client) readAccount(ctx context.Context, stale bool, minIndex uint64) {
	i := c.replica()
	op := Op{Client: c.id, Replica: c.ids[i], In: Input{Account: c.account, Kind: OpAccount}, Stale: stale || minIndex > 0}
	opts := wire.ReadOptions{MinIndex: minIndex}
	if op.Stale {
		opts.Consistency = wire.Stale
	}
	op.Call = c.hist.Now()
	cctx, cancel := context.WithTimeout(ctx, c.opTimeout)
	a, err := c.apis[i].AccountWith(cctx, c.account, opts)
	cancel()
	op.Return = c.hist.Now()
	op.Answer = answer("read", err)
	if err != nil {
		c.readFailed(op, err)
		return
	}
	op.Out = Output{Outcome: Read, Nonce: a.Nonce, Balance: a.Balance}
	op.SaidStale, op.Applied = a.Read.Consistency == wire.Stale, a.Read.AppliedIndex
	c.add(op)
	if minIndex > 0 && a.Nonce < c.nonce {
		c.finding("read at min_index %d at %s shows nonce %d after transfer %d was acknowledged", minIndex, op.Replica, a.Nonce, c.nonce-1)
	}
}

// readTx asks after one of the account's transfers so far (or the one
// in flight), linearizably or stale.
func (c *client) readTx(ctx context.Context, stale bool) {
	c.lookup(ctx, c.rng.Uint64N(c.nonce+1), stale)
}

// lookup asks after the account's transfer with nonce n and returns the
// answer's outcome (0 when there was none, or no such transfer was made).
func (c *client) lookup(ctx context.Context, n uint64, stale bool) Outcome {
	tx, ok := c.signed[n]
	if !ok {
		return 0
	}
	i := c.replica()
	op := Op{Client: c.id, Replica: c.ids[i], In: Input{Account: c.account, Kind: OpTxStatus, Nonce: n}, Stale: stale}
	opts := wire.ReadOptions{}
	if stale {
		opts.Consistency = wire.Stale
	}
	op.Call = c.hist.Now()
	cctx, cancel := context.WithTimeout(ctx, c.opTimeout)
	st, err := c.apis[i].TxWith(cctx, tx.Hash(), opts)
	cancel()
	op.Return = c.hist.Now()
	op.Answer = answer(st.Status, err)
	var he *wire.HTTPError
	if err != nil && !(errors.As(err, &he) && he.Code == http.StatusNotFound) {
		c.readFailed(op, err)
		return 0
	}
	// Any batch state (sequenced, posted, proving, proven, finalized)
	// means the transfer is in the log.
	op.Out.Outcome = Sequenced
	switch st.Status {
	case "pending", "rejected", "not_seen", "":
		op.Out.Outcome = NotFound
	case "unknown":
		op.Out.Outcome = NotFound
		if stale {
			c.finding("a stale lookup at %s called transfer %d unknown (a stale replica cannot rule it out)", op.Replica, n)
		}
	}
	if st.Read != nil {
		op.SaidStale, op.Applied = st.Read.Consistency == wire.Stale, st.Read.AppliedIndex
	}
	c.add(op)
	return op.Out.Outcome
}

// readYourWrites reads the account at min_index of the last acknowledged
// write, at any replica: it must show that write.
func (c *client) readYourWrites(ctx context.Context) {
	if c.index == 0 {
		c.readAccount(ctx, false, 0)
		return
	}
	c.readAccount(ctx, false, c.index)
}

// readFailed counts a read that got no answer: it had no effect, so it is
// left out of the history. A 503 says the replica cannot answer yet (not
// caught up, no leader), which is what it should say rather than lie.
func (c *client) readFailed(op Op, _ error) {
	c.count(func(n *clientCounts) { n.Retryable++; n.bump("read " + op.Answer) })
}

// badInput sends a transfer the cluster must refuse without changing
// anything: one with a broken signature, or a nonce far ahead. It is
// recorded as a transfer that can never apply.
func (c *client) badInput(ctx context.Context) {
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: c.account, To: c.sink, Amount: amount, Fee: fee, Nonce: c.nonce}
	broken := c.rng.IntN(2) == 0
	if !broken {
		tx.Nonce += 1000
	}
	if err := tx.Sign(c.key, c.chainID); err != nil {
		c.finding("sign: %v", err)
		return
	}
	if broken {
		tx.Amount++ // the signature no longer covers it
	}
	i := c.replica()
	op := Op{Client: c.id, Replica: c.ids[i], In: Input{Account: c.account, Kind: OpSubmit, Nonce: NeverApplies, Debit: debit}}
	op.Call = c.hist.Now()
	cctx, cancel := context.WithTimeout(ctx, c.opTimeout)
	res, err := c.apis[i].Submit(cctx, tx, false)
	cancel()
	op.Answer = answer(res.Status, err)
	c.count(func(n *clientCounts) { n.BadInput++ })
	switch {
	case err != nil && definite(err):
		op.Out, op.Return = Output{Outcome: Rejected}, c.hist.Now()
	case err == nil:
		op.Out, op.Return = Output{Outcome: Sequenced}, c.hist.Now()
		c.finding("bad transfer (nonce %d) accepted at %s: %s", tx.Nonce, op.Replica, res.Status)
	default:
		op.Out, op.Return = Output{Outcome: Indeterminate}, Never
	}
	c.add(op)
}

func (c *client) add(op Op) {
	c.hist.Add(op)
	c.count(func(n *clientCounts) { n.Ops++ })
}

func (c *client) count(f func(*clientCounts)) {
	c.mu.Lock()
	f(&c.counts)
	c.mu.Unlock()
}

// definite says whether an error is a definite refusal (nothing changed)
// rather than an unknown outcome.
func definite(err error) bool {
	var he *wire.HTTPError
	if !errors.As(err, &he) {
		return false
	}
	return he.Code >= 400 && he.Code < 500 && he.Code != http.StatusTooManyRequests && he.Code != http.StatusRequestTimeout
}

func (c *client) finding(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.findings) < 10 {
		c.findings = append(c.findings, fmt.Sprintf("client %d (account %d): ", c.id, c.account)+fmt.Sprintf(format, args...))
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
