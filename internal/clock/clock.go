// Package clock is the time source of the code that waits and decides by
// time (the batcher, the leader's duties), so that tests drive it with a
// manual clock instead of sleeping and hoping.
package clock

import "time"

// Clock tells the time and makes timers. Real is the wall clock; Manual
// moves only when a test says so.
type Clock interface {
	Now() time.Time
	// NewTimer fires once, d from now.
	NewTimer(d time.Duration) Timer
	// NewTicker fires every d from now until stopped.
	NewTicker(d time.Duration) Ticker
}

// Timer is the part of *time.Timer the callers use.
type Timer interface {
	C() <-chan time.Time
	// Stop and Reset behave as time.Timer's (Go 1.23 semantics: no stale
	// value is left in C after either).
	Stop() bool
	Reset(d time.Duration) bool
}

// Ticker is the part of *time.Ticker the callers use.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Real is the wall clock.
type Real struct{}

var _ Clock = Real{}

// Now is time.Now.
func (Real) Now() time.Time { return time.Now() }

// NewTimer is time.NewTimer.
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

// NewTicker is time.NewTicker.
func (Real) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time        { return t.t.C }
func (t realTimer) Stop() bool                 { return t.t.Stop() }
func (t realTimer) Reset(d time.Duration) bool { return t.t.Reset(d) }

type realTicker struct{ t *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.t.C }
func (t realTicker) Stop()               { t.t.Stop() }

// Or returns c, or the wall clock when c is nil (a zero Config).
func Or(c Clock) Clock {
	if c == nil {
		return Real{}
	}
	return c
}
