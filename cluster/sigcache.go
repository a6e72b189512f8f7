package cluster

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
)

// sigCache remembers the signature checks this replica's API made, so that
// when the transaction comes back inside a batch, Apply (or the leader's
// builder) does not verify it again. With it, each transaction's signature is
// verified once per replica, wherever it entered. Bounded: the oldest
// evidence is forgotten first, which only costs a repeated verification.
type sigCache struct {
	hits, misses prometheus.Counter

	mu    sync.Mutex
	max   int
	m     map[fsm.TxHash]fsm.SigVerified
	order []fsm.TxHash
}

var _ fsm.SigCache = (*sigCache)(nil)

func newSigCache(max int, met *Metrics) *sigCache {
	return &sigCache{max: max, m: make(map[fsm.TxHash]fsm.SigVerified, max),
		hits: met.sigCacheHits, misses: met.sigCacheMisses}
}

func (c *sigCache) add(h fsm.TxHash, ev fsm.SigVerified) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[h]; ok {
		return
	}
	c.m[h] = ev
	c.order = append(c.order, h)
	if len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
		if cap(c.order) > 4*c.max {
			c.order = append([]fsm.TxHash(nil), c.order...)
		}
	}
}

// Evidence implements fsm.SigCache.
func (c *sigCache) Evidence(h fsm.TxHash) (fsm.SigVerified, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ev, ok := c.m[h]
	if ok {
		c.hits.Inc()
	} else {
		c.misses.Inc()
	}
	return ev, ok
}
