package cluster

import (
	"sync"

	"github.com/baton-rollup/baton/fsm"
)

// fifoMap is a bounded map from transaction hash to V that forgets the
// oldest entry first. The caches it backs hold only what is worth
// remembering for a while (why a transaction was rejected, that a signature
// was checked), so forgetting costs an answer or a repeated check, never
// correctness. Safe for concurrent use.
type fifoMap[V any] struct {
	mu    sync.Mutex
	max   int
	m     map[fsm.TxHash]V
	order []fsm.TxHash
}

func newFIFOMap[V any](max int) *fifoMap[V] {
	return &fifoMap[V]{max: max, m: make(map[fsm.TxHash]V)}
}

func (c *fifoMap[V]) put(h fsm.TxHash, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[h]; !ok {
		c.order = append(c.order, h)
	}
	c.m[h] = v
	if len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
		// The slice only moves forward: copy it down now and then so its
		// backing array does not grow without bound.
		if cap(c.order) > 4*c.max {
			c.order = append([]fsm.TxHash(nil), c.order...)
		}
	}
}

func (c *fifoMap[V]) get(h fsm.TxHash) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[h]
	return v, ok
}
