package cluster

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// loadGen keeps workers sending transfers through the HTTP APIs of random
// running replicas, the way clients behave through a failure: each worker
// owns one sending account and one transaction at a time, and resubmits the
// very same transaction (same hash) whenever the outcome is unknown, until
// it is acknowledged as sequenced. Acknowledgements are recorded in the
// cluster for checkInvariants.
type loadGen struct {
	c      *testCluster
	http   *http.Client
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once

	acked   atomic.Int64 // acknowledged as sequenced by the API
	retries atomic.Int64 // unknown outcomes, resubmitted
	late    atomic.Int64 // answered 409 but found sequenced (see send)
}

// startLoad starts one worker per sending account. Accounts must not be
// used by anything else while the load runs, or nonces would race.
func (c *testCluster) startLoad(accounts ...uint32) *loadGen {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &loadGen{c: c, cancel: cancel,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	for w, from := range accounts {
		var nonce uint64
		var ok bool
		c.running()[0].Read(func(m *fsm.Machine) {
			var a fsm.Account
			a, ok = m.Account(from)
			nonce = a.Nonce
		})
		if !ok {
			c.t.Fatalf("load: no account %d", from)
		}
		to := uint32(len(c.keys)-1) - uint32(w)
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			rng := rand.New(rand.NewPCG(uint64(from), 1))
			for ctx.Err() == nil {
				tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: to, Amount: 1, Fee: 1, Nonce: nonce}
				if err := tx.Sign(c.keys[from], c.genesis.ChainID); err != nil {
					c.t.Errorf("sign: %v", err)
					return
				}
				if !l.send(ctx, rng, tx) {
					return
				}
				nonce++
			}
		}()
	}
	c.t.Cleanup(l.stop)
	return l
}

// stop ends the load and waits for every worker; safe to call twice.
func (l *loadGen) stop() {
	l.once.Do(func() {
		l.cancel()
		l.wg.Wait()
		l.c.t.Logf("load: %d acknowledged, %d resubmissions, %d late", l.acked.Load(), l.retries.Load(), l.late.Load())
	})
}

// send submits tx until it is sequenced (true) or the load stops (false).
func (l *loadGen) send(ctx context.Context, rng *rand.Rand, tx fsm.Tx) bool {
	h := tx.Hash()
	for {
		if ctx.Err() != nil {
			return false
		}
		nodes := l.c.running()
		if len(nodes) == 0 {
			return false
		}
		n := nodes[rng.IntN(len(nodes))]
		cl := &wire.Client{Base: "http://" + n.APIAddr(), HTTP: l.http}
		rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		res, err := cl.Submit(rctx, tx, true)
		cancel()
		if err == nil && res.Status == "sequenced" {
			l.c.mu.Lock()
			l.c.acked[res.Hash] = res.Batch
			l.c.mu.Unlock()
			l.acked.Add(1)
			return true
		}
		var he *wire.HTTPError
		switch {
		case ctx.Err() != nil:
			return false
		case errors.As(err, &he) && he.Code == http.StatusConflict:
			// Only this worker sends from this account, one nonce at a
			// time, so "nonce too low" means this very transaction got
			// into the log while its outcome was unknown here.
			if !l.sequencedSomewhere(ctx, h) {
				l.c.t.Errorf("load: %s answered %v but is in no replica's log", h, err)
				return false
			}
			l.late.Add(1)
			return true
		case errors.As(err, &he) && he.Code < 500 && he.Code != http.StatusTooManyRequests:
			l.c.t.Errorf("load: %s (nonce %d) rejected: %v", h, tx.Nonce, err)
			return false
		}
		l.retries.Add(1)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// sequencedSomewhere waits briefly for any running replica to have applied
// h: the replica that answered may be ahead of the others.
func (l *loadGen) sequencedSomewhere(ctx context.Context, h fsm.TxHash) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		for _, n := range l.c.running() {
			if _, ok := n.rep.location(h); ok {
				return true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// ackedAfter counts acknowledged transactions in batches above h.
func (c *testCluster) ackedAfter(h uint64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := 0
	for _, b := range c.acked {
		if b > h {
			k++
		}
	}
	return k
}

// waitAckedAfter waits until at least k acknowledged transactions sit in
// batches above h: proof that the cluster commits past that point.
func (c *testCluster) waitAckedAfter(h uint64, k int, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for c.ackedAfter(h) < k {
		if time.Now().After(deadline) {
			c.t.Fatalf("only %d acknowledged transactions above batch %d within %v (want %d)", c.ackedAfter(h), h, timeout, k)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitCaughtUp waits until replica i has reached height h, then audits
// every running replica's log up to h (checkInvariants' audit, over
// prefixes, so load may keep running): the same batches and roots as
// replica i's, chained, nothing twice, nonces in order.
func (c *testCluster) waitCaughtUp(i int, h uint64, timeout time.Duration) {
	c.t.Helper()
	n := c.nodes[i]
	deadline := time.Now().Add(timeout)
	for n.Height() < h {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s at height %d, not %d, after %v", n.ID(), n.Height(), h, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	rs := []audit.Replica{nodePrefix{nodeReplica{n}, h}}
	for _, o := range c.running() {
		if o != n {
			rs = append(rs, nodePrefix{nodeReplica{o}, h})
		}
	}
	c.audit(rs, nil)
}

// leaderOtherThan waits for a leader that is not replica not.
func (c *testCluster) leaderOtherThan(not int, timeout time.Duration) (int, *Node) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		i, n := c.leader(timeout)
		if i != not {
			return i, n
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.t.Fatalf("replica %d still leads after %v", not, timeout)
	return -1, nil
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
