package queue

import (
	"testing"
	"time"
)

// TestBeatWatch: the watchdog's listener hears each attempt's newest
// heartbeat, turns healthy only after the settle time, and unhealthy as
// soon as its connection drops (silence then means nothing).
func TestBeatWatch(t *testing.T) {
	q, srv := testQueue(t, nil)
	const settle = 300 * time.Millisecond
	b, err := WatchBeats(q.Config(), "beats-test", settle)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Healthy() {
		t.Fatal("healthy before the settle time")
	}
	if err := q.Heartbeat(Heartbeat{Batch: 7, Attempt: 2, Prover: "p1"}); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	waitFor(t, 2*time.Second, "the beat heard", func() bool { _, _, ok := b.Last(7, 2); return ok })
	if p, at, _ := b.Last(7, 2); p != "p1" || at.Before(sent.Add(-time.Second)) {
		t.Fatalf("last beat of 7/2: %q at %v", p, at)
	}
	if _, _, ok := b.Last(7, 1); ok {
		t.Fatal("a beat for another attempt")
	}
	waitFor(t, 2*time.Second, "healthy after the settle time", b.Healthy)
	srv.Close()
	waitFor(t, 5*time.Second, "unhealthy once NATS is gone", func() bool { return !b.Healthy() })
}

func waitFor(t *testing.T, within time.Duration, what string, f func() bool) {
	t.Helper()
	for end := time.Now().Add(within); !f(); {
		if time.Now().After(end) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
