package duty

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/clock"
)

// fakeMember is Raft as the loop sees it, set by the test.
type fakeMember struct {
	mu         sync.Mutex
	self       bool
	leader     string
	term       uint64
	barrierErr error
	barriers   int
}

func (m *fakeMember) Leadership() (bool, string, uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.self, m.leader, m.term
}

func (m *fakeMember) Barrier(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.barriers++
	return m.barrierErr
}

func (m *fakeMember) set(self bool, leader string, term uint64) {
	m.mu.Lock()
	m.self, m.leader, m.term = self, leader, term
	m.mu.Unlock()
}

// journal records what the loop did, in order.
type journal struct {
	mu     sync.Mutex
	events []string
}

func (j *journal) add(e string) {
	j.mu.Lock()
	j.events = append(j.events, e)
	j.mu.Unlock()
}

// take returns and forgets the events so far.
func (j *journal) take() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := j.events
	j.events = nil
	return out
}

// testDuty runs until its context ends or the test ends it.
type testDuty struct {
	name    string
	j       *journal
	started chan struct{}
	mu      sync.Mutex
	end     chan struct{} // closing it makes Run return by itself
}

func newTestDuty(name string, j *journal) *testDuty {
	return &testDuty{name: name, j: j, started: make(chan struct{}, 8), end: make(chan struct{})}
}

// endNow makes the running Run return by itself; the next one waits again.
func (d *testDuty) endNow() {
	d.mu.Lock()
	close(d.end)
	d.end = make(chan struct{})
	d.mu.Unlock()
}

func (d *testDuty) Run(ctx context.Context) {
	d.mu.Lock()
	end := d.end
	d.mu.Unlock()
	d.started <- struct{}{}
	select {
	case <-ctx.Done():
		d.j.add(d.name + " stopped")
	case <-end:
		d.j.add(d.name + " ended by itself")
	}
}

type runnerHarness struct {
	t        *testing.T
	m        *fakeMember
	j        *journal
	a, b     *testDuty
	r        *Runner
	ctx      context.Context
	prepErr  error
	prepared int
}

func newRunnerHarness(t *testing.T) *runnerHarness {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	h := &runnerHarness{t: t, m: &fakeMember{}, j: &journal{}, ctx: ctx}
	h.a, h.b = newTestDuty("a", h.j), newTestDuty("b", h.j)
	h.r = New(Config{Member: h.m, Duties: []Duty{h.a, h.b}, Clock: clock.NewManual(time.Unix(0, 0)), Hooks: Hooks{
		LeaderChanged: func() { h.j.add("leader changed") },
		Prepare: func(context.Context) error {
			h.prepared++
			return h.prepErr
		},
		Started: func() { h.j.add("started") },
		Stopped: func() { h.j.add("handed over") },
	}})
	t.Cleanup(h.r.stop)
	return h
}

// act runs one step of the loop and returns what it did; wantRunning
// waits for both duties to be running.
func (h *runnerHarness) act(wantRunning bool) []string {
	h.t.Helper()
	h.r.action(h.ctx)
	if wantRunning {
		for _, d := range []*testDuty{h.a, h.b} {
			select {
			case <-d.started:
			case <-h.ctx.Done():
				h.t.Fatalf("duty %s never started; did %q", d.name, h.j.take())
			}
		}
	}
	return h.j.take()
}

// waitEnded waits until the running duties have all returned (the loop
// would hear of it through a trigger, but an earlier one may be pending).
func (h *runnerHarness) waitEnded() {
	h.t.Helper()
	for !h.r.ended() {
		select {
		case <-h.ctx.Done():
			h.t.Fatal("the duties never ended")
		case <-time.After(time.Millisecond):
		}
	}
}

func (h *runnerHarness) expect(got []string, want ...string) {
	h.t.Helper()
	// The duties stop concurrently: their order among themselves is free.
	norm := func(s []string) []string {
		out := slices.Clone(s)
		for i := 0; i+1 < len(out); i++ {
			if out[i] == "b stopped" && out[i+1] == "a stopped" {
				out[i], out[i+1] = out[i+1], out[i]
			}
		}
		return out
	}
	if !slices.Equal(norm(got), norm(want)) {
		h.t.Fatalf("did %q, want %q", got, want)
	}
}

// TestRunnerTable walks the loop through each row of its table.
func TestRunnerTable(t *testing.T) {
	h := newRunnerHarness(t)

	// A follower does nothing but note who leads.
	h.m.set(false, "n2", 1)
	h.expect(h.act(false), "leader changed")
	h.expect(h.act(false))

	// Gained leadership: a barrier, then the duties.
	h.m.set(true, "n1", 2)
	h.expect(h.act(true), "leader changed", "started")
	if h.m.barriers != 1 || h.prepared != 1 {
		t.Fatalf("%d barriers and %d preparations, want 1 each", h.m.barriers, h.prepared)
	}
	// Leading and running: nothing to do.
	h.expect(h.act(false))

	// Lost leadership: stop at once, then hand over.
	h.m.set(false, "n3", 3)
	h.expect(h.act(false), "leader changed", "a stopped", "b stopped", "handed over")

	// Leads again, same replica in a new term: counted as a new leadership.
	h.m.set(true, "n1", 4)
	h.expect(h.act(true), "leader changed", "started")

	// A duty ends by itself while Raft still says leader: the others stop,
	// pending work is handed over, and all start again after a barrier.
	h.a.endNow()
	h.waitEnded()
	h.expect(h.act(true), "a ended by itself", "b stopped", "handed over", "started")
	if h.m.barriers != 3 {
		t.Fatalf("%d barriers, want one per start (3)", h.m.barriers)
	}

	// A duty ends because it saw leadership go before Raft's state said
	// so: reaped and handed over, not restarted.
	h.b.endNow()
	h.waitEnded()
	h.m.set(false, "", 4)
	h.expect(h.act(false), "b ended by itself", "a stopped", "handed over")
}

func TestRunnerRetriesAFailedBarrier(t *testing.T) {
	h := newRunnerHarness(t)
	h.m.barrierErr = errors.New("raft is shutting down")
	h.m.set(true, "n1", 1)
	h.expect(h.act(false), "leader changed")
	if h.r.cancel != nil {
		t.Fatal("duties started without a barrier")
	}
	h.m.barrierErr = nil
	h.expect(h.act(true), "started")
}

func TestRunnerFailedPreparationStartsAgain(t *testing.T) {
	h := newRunnerHarness(t)
	h.prepErr = errors.New("register api address: timeout")
	h.m.set(true, "n1", 1)
	h.expect(h.act(false), "leader changed", "started")
	h.waitEnded() // the preparation failed: the duties ended at once
	h.prepErr = nil
	h.expect(h.act(true), "handed over", "started")
}

// TestRunnerLoop runs the real loop: a trigger or a tick of the injected
// clock makes it look at leadership.
func TestRunnerLoop(t *testing.T) {
	m := &fakeMember{}
	clk := clock.NewManual(time.Unix(0, 0))
	started, stopped := make(chan struct{}, 4), make(chan struct{}, 4)
	d := Func(func(ctx context.Context) { <-ctx.Done() })
	r := New(Config{Member: m, Duties: []Duty{d}, Clock: clk, Tick: 50 * time.Millisecond,
		Hooks: Hooks{Started: func() { started <- struct{}{} }, Stopped: func() { stopped <- struct{}{} }}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	loopDone := make(chan struct{})
	go func() { defer close(loopDone); r.Run(ctx) }()
	wait := func(c chan struct{}, what string) {
		t.Helper()
		select {
		case <-c:
		case <-ctx.Done():
			t.Fatalf("never %s", what)
		}
	}

	m.set(true, "n1", 1)
	r.Trigger()
	r.Trigger() // coalesces with the first
	wait(started, "started on a trigger")

	// Raft's notification was dropped: the tick notices.
	if !clk.BlockUntil(ctx, 1) {
		t.Fatal("no ticker")
	}
	m.set(false, "n2", 2)
	clk.Advance(50 * time.Millisecond)
	wait(stopped, "stopped on a tick")

	// Ending the loop stops what runs.
	m.set(true, "n1", 3)
	r.Trigger()
	wait(started, "started again")
	cancel()
	<-loopDone
	select {
	case <-stopped:
	default:
		t.Fatal("Run returned with the duties running")
	}
}

// TestRunnerFailedPreparationWaitsForTick: a preparation that fails at
// once is tried again on the next tick, not in a tight loop of barriers
// and proposals.
func TestRunnerFailedPreparationWaitsForTick(t *testing.T) {
	m := &fakeMember{}
	m.set(true, "n1", 1)
	clk := clock.NewManual(time.Unix(0, 0))
	var mu sync.Mutex
	tries := 0
	count := func() int { mu.Lock(); defer mu.Unlock(); return tries }
	prep := func(context.Context) error {
		mu.Lock()
		tries++
		mu.Unlock()
		return errors.New("register api address: not leader")
	}
	d := Func(func(ctx context.Context) { <-ctx.Done() })
	r := New(Config{Member: m, Duties: []Duty{d}, Clock: clk, Tick: 50 * time.Millisecond, Hooks: Hooks{Prepare: prep}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	loopDone := make(chan struct{})
	go func() { defer close(loopDone); r.Run(ctx) }()
	defer func() { cancel(); <-loopDone }()

	r.Trigger()
	for count() == 0 {
		if ctx.Err() != nil {
			t.Fatal("never prepared")
		}
		time.Sleep(time.Millisecond)
	}
	// Without a tick, nothing may try again however long we wait.
	time.Sleep(200 * time.Millisecond)
	if n := count(); n != 1 {
		t.Fatalf("%d preparations without a tick, want 1", n)
	}
	if !clk.BlockUntil(ctx, 1) {
		t.Fatal("no ticker")
	}
	clk.Advance(50 * time.Millisecond)
	for count() < 2 {
		if ctx.Err() != nil {
			t.Fatal("the tick did not try again")
		}
		time.Sleep(time.Millisecond)
	}
}
