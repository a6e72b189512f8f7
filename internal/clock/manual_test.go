package clock

import (
	"context"
	"testing"
	"time"
)

var epoch = time.Unix(1_700_000_000, 0)

func fired(c <-chan time.Time) (time.Time, bool) {
	select {
	case t := <-c:
		return t, true
	default:
		return time.Time{}, false
	}
}

func TestManualTimerFiresWhenDue(t *testing.T) {
	m := NewManual(epoch)
	tm := m.NewTimer(100 * time.Millisecond)
	m.Advance(99 * time.Millisecond)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("fired before its time")
	}
	m.Advance(time.Millisecond)
	at, ok := fired(tm.C())
	if !ok || !at.Equal(epoch.Add(100*time.Millisecond)) {
		t.Fatalf("fired %v at %v, want at +100ms", ok, at)
	}
	if m.Waiters() != 0 {
		t.Fatalf("%d waiters after a one-shot fired", m.Waiters())
	}
}

func TestManualStopAndReset(t *testing.T) {
	m := NewManual(epoch)
	tm := m.NewTimer(time.Second)
	if !tm.Stop() {
		t.Fatal("Stop of an armed timer reported false")
	}
	m.Advance(2 * time.Second)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("a stopped timer fired")
	}
	tm.Reset(time.Second)
	m.Advance(time.Second)
	// Reset after firing leaves no stale value.
	tm.Reset(time.Second)
	if _, ok := fired(tm.C()); ok {
		t.Fatal("stale value after Reset")
	}
	tm.Reset(0)
	if _, ok := fired(tm.C()); !ok {
		t.Fatal("Reset(0) did not fire at once")
	}
}

func TestManualTickerAndBlockUntil(t *testing.T) {
	m := NewManual(epoch)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := make(chan time.Time, 10)
	go func() {
		tk := m.NewTicker(10 * time.Millisecond)
		defer tk.Stop()
		for range 3 {
			got <- <-tk.C()
		}
	}()
	if !m.BlockUntil(ctx, 1) {
		t.Fatal("the ticker was never armed")
	}
	for i := 1; i <= 3; i++ {
		m.Advance(10 * time.Millisecond)
		select {
		case at := <-got:
			if want := epoch.Add(time.Duration(i) * 10 * time.Millisecond); !at.Equal(want) {
				t.Fatalf("tick %d at %v, want %v", i, at, want)
			}
		case <-ctx.Done():
			t.Fatalf("tick %d never came", i)
		}
	}
}

func TestOr(t *testing.T) {
	if _, ok := Or(nil).(Real); !ok {
		t.Fatal("Or(nil) is not the wall clock")
	}
	m := NewManual(epoch)
	if Or(m) != Clock(m) {
		t.Fatal("Or replaced a given clock")
	}
}
