package cluster

import "sync"

// broadcaster wakes every waiter at once, without polling: wait returns a
// channel that the next notify closes.
type broadcaster struct {
	mu sync.Mutex
	ch chan struct{}
}

func newBroadcaster() *broadcaster { return &broadcaster{ch: make(chan struct{})} }

func (b *broadcaster) notify() {
	b.mu.Lock()
	close(b.ch)
	b.ch = make(chan struct{})
	b.mu.Unlock()
}

// wait returns a channel closed at the next notify. Take it before checking
// the condition waited for, or a notify in between is missed.
func (b *broadcaster) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ch
}
