package cluster

import (
	"github.com/baton-rollup/baton/fsm"
	"github.com/prometheus/client_golang/prometheus"
)

// sigCache remembers the signature checks this replica's API made, so that
// when the transaction comes back inside a batch, Apply (or the leader's
// builder) does not verify it again. With it, each transaction's signature is
// verified once per replica, wherever it entered.
type sigCache struct {
	entries      *fifoMap[fsm.SigVerified]
	hits, misses prometheus.Counter
}

var _ fsm.SigCache = (*sigCache)(nil)

func newSigCache(max int, met *Metrics) *sigCache {
	return &sigCache{entries: newFIFOMap[fsm.SigVerified](max), hits: met.sigCacheHits, misses: met.sigCacheMisses}
}

func (c *sigCache) add(h fsm.TxHash, ev fsm.SigVerified) { c.entries.put(h, ev) }

// Evidence implements fsm.SigCache.
func (c *sigCache) Evidence(h fsm.TxHash) (fsm.SigVerified, bool) {
	ev, ok := c.entries.get(h)
	if ok {
		c.hits.Inc()
	} else {
		c.misses.Inc()
	}
	return ev, ok
}
