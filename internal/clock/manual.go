package clock

import (
	"context"
	"sync"
	"time"
)

// Manual is a clock for tests: time stands still until Advance, which
// fires every timer and ticker that falls due, in order. Waiters lets a
// test wait until the code under test has armed its timers, so that
// "nothing happens before the interval" is checked without sleeping.
type Manual struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*manualTimer
	armed   chan struct{} // closed and replaced whenever a timer is armed
}

var _ Clock = (*Manual)(nil)

// NewManual returns a manual clock that reads start.
func NewManual(start time.Time) *Manual {
	return &Manual{now: start, armed: make(chan struct{})}
}

// Now is the manual time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves time forward by d, firing what falls due on the way (a
// ticker once per period it crosses, as far as its one-slot channel
// takes them).
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	end := m.now.Add(d)
	for {
		t := m.nextDue(end)
		if t == nil {
			break
		}
		m.now = t.at
		t.fire()
	}
	m.now = end
	m.mu.Unlock()
}

// nextDue is the earliest armed timer due by end (nil if none).
func (m *Manual) nextDue(end time.Time) *manualTimer {
	var first *manualTimer
	for _, t := range m.waiters {
		if !t.at.After(end) && (first == nil || t.at.Before(first.at)) {
			first = t
		}
	}
	return first
}

// Waiters is the number of armed timers and tickers.
func (m *Manual) Waiters() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.waiters)
}

// BlockUntil waits until at least n timers or tickers are armed, or ctx
// ends (false).
func (m *Manual) BlockUntil(ctx context.Context, n int) bool {
	for {
		m.mu.Lock()
		armed, have := m.armed, len(m.waiters)
		m.mu.Unlock()
		if have >= n {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-armed:
		}
	}
}

// NewTimer arms a one-shot timer d from the manual now.
func (m *Manual) NewTimer(d time.Duration) Timer {
	t := &manualTimer{m: m, c: make(chan time.Time, 1)}
	t.Reset(d)
	return t
}

// NewTicker arms a ticker every d from the manual now.
func (m *Manual) NewTicker(d time.Duration) Ticker {
	if d <= 0 {
		panic("clock: non-positive ticker period")
	}
	t := &manualTimer{m: m, c: make(chan time.Time, 1), period: d}
	t.Reset(d)
	return manualTicker{t}
}

type manualTicker struct{ t *manualTimer }

func (k manualTicker) C() <-chan time.Time { return k.t.c }
func (k manualTicker) Stop()               { k.t.Stop() }

// manualTimer is a Timer, or with a period a ticker's works.
type manualTimer struct {
	m      *Manual
	c      chan time.Time
	at     time.Time
	period time.Duration
}

func (t *manualTimer) C() <-chan time.Time { return t.c }

// fire runs under m.mu.
func (t *manualTimer) fire() {
	select {
	case t.c <- t.at:
	default: // a ticker's reader is behind: drop, as time.Ticker does
	}
	if t.period > 0 {
		t.at = t.at.Add(t.period)
		return
	}
	t.m.disarm(t)
}

// disarm runs under m.mu and reports whether t was armed.
func (m *Manual) disarm(t *manualTimer) bool {
	for i, w := range m.waiters {
		if w == t {
			m.waiters = append(m.waiters[:i], m.waiters[i+1:]...)
			return true
		}
	}
	return false
}

func (t *manualTimer) Stop() bool {
	t.m.mu.Lock()
	defer t.m.mu.Unlock()
	t.drain()
	return t.m.disarm(t)
}

func (t *manualTimer) Reset(d time.Duration) bool {
	m := t.m
	m.mu.Lock()
	defer m.mu.Unlock()
	t.drain()
	was := m.disarm(t)
	t.at = m.now.Add(d)
	if d <= 0 && t.period == 0 {
		// Due now: fire at once, as time.Timer does.
		t.c <- m.now
		return was
	}
	m.waiters = append(m.waiters, t)
	close(m.armed)
	m.armed = make(chan struct{})
	return was
}

// drain empties the channel, so that a stopped or reset timer leaves no
// stale tick behind (time.Timer's behaviour since Go 1.23).
func (t *manualTimer) drain() {
	select {
	case <-t.c:
	default:
	}
}
