package prover

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/baton-rollup/baton/queue"
)

// Tests of how work moves between provers: a failed or stalled attempt
// goes to another prover when one is free, and a prover that joins a
// backlog gets work at once. All on a real embedded NATS.

func newWorker(q *queue.Queue, id string, be *fakeBackend) (*Worker, *Metrics) {
	m := NewMetrics(prometheus.NewRegistry())
	return &Worker{ID: id, Backend: be, Queue: q, Metrics: m, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, m
}

func publishAttempt(t *testing.T, q *queue.Queue, batch uint64, attempt uint32) {
	t.Helper()
	j := &queue.Job{Batch: batch, Attempt: attempt, Circuit: "b1d1-test", CircuitID: "keys-1"}
	if _, err := q.PublishJob(context.Background(), j, []byte(input(batch))); err != nil {
		t.Fatal(err)
	}
}

func waitStarted(t *testing.T, be *fakeBackend, batch uint64) {
	t.Helper()
	select {
	case b := <-be.started:
		if b != batch {
			t.Fatalf("backend started batch %d, want %d", b, batch)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("batch %d never reached the backend", batch)
	}
}

// takeResults feeds every result published from now on into the
// returned channel, acked.
func takeResults(t *testing.T, q *queue.Queue) <-chan *queue.Result {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan *queue.Result, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = q.TakeResults(ctx, func(d queue.Delivery) {
			if r, err := queue.DecodeResult(d.Data()); err == nil {
				out <- r
			}
			_ = d.Ack()
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	return out
}

// resultFor waits for the result of batch's attempt and says who proved it.
func resultFor(t *testing.T, results <-chan *queue.Result, batch uint64, attempt uint32) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case r := <-results:
			if r.Batch == batch && r.Attempt == attempt {
				return r.Prover
			}
		case <-timeout:
			t.Fatalf("no result for batch %d attempt %d", batch, attempt)
		}
	}
}

func waitWaiting(t *testing.T, q *queue.Queue, n int) {
	t.Helper()
	waitFor(t, "provers waiting for work", func() bool {
		w, err := q.WaitingProvers(context.Background(), "b1d1-test")
		return err == nil && w == n
	})
}

func outcome(m *Metrics, o string) float64 { return testutil.ToFloat64(m.jobs.WithLabelValues(o)) }

// TestFailedJobGoesToAnotherProver: p1 fails batch 1 (it always would:
// say its GPU is out of memory) while p2 is busy; by the time the job
// comes back p2 is free, but p1 asked first. p1 passes it on instead of
// failing it again, and p2 proves it; p1's failure budget is spent once.
func TestFailedJobGoesToAnotherProver(t *testing.T) {
	q := workerQueue(t)
	results := takeResults(t, q)
	be1 := &fakeBackend{fail: map[uint64]error{1: errors.New("out of memory")}}
	be2 := &fakeBackend{hold: map[uint64]chan struct{}{9: make(chan struct{})}, started: make(chan uint64, 4)}
	w1, m1 := newWorker(q, "p1", be1)
	w2, _ := newWorker(q, "p2", be2)

	publishAttempt(t, q, 9, 1)
	startWorker(t, w2)
	waitStarted(t, be2, 9)
	publishAttempt(t, q, 1, 1)
	startWorker(t, w1)
	waitFor(t, "p1 failing batch 1", func() bool { return outcome(m1, "failed") == 1 })
	// p1 asks for work first (its backoff is 2 s), then p2.
	waitWaiting(t, q, 1)
	close(be2.hold[9])
	waitWaiting(t, q, 2)

	if who := resultFor(t, results, 1, 1); who != "p2" {
		t.Fatalf("batch 1 proved by %s", who)
	}
	if outcome(m1, "passed_on") != 1 || outcome(m1, "failed") != 1 || outcome(m1, "dead") != 0 {
		t.Fatalf("p1: passed on %v, failed %v, dead %v", outcome(m1, "passed_on"), outcome(m1, "failed"), outcome(m1, "dead"))
	}
	f, err := q.Failures(context.Background(), 1, 1)
	if err != nil || f.Count != 1 || !f.FailedBy("p1") || f.PassedOn != 1 {
		t.Fatalf("failure record %+v, %v", f, err)
	}
}

// TestFailedJobStaysWhenNoProverIsFree: p1 fails batch 1 once while p2
// is busy the whole time; a busy prover is not free, so p1 proves the
// job again itself rather than pass it on.
func TestFailedJobStaysWhenNoProverIsFree(t *testing.T) {
	q := workerQueue(t)
	results := takeResults(t, q)
	be1 := &fakeBackend{fail: map[uint64]error{1: errors.New("out of memory")}, failOnce: true}
	be2 := &fakeBackend{hold: map[uint64]chan struct{}{9: make(chan struct{})}, started: make(chan uint64, 4)}
	defer close(be2.hold[9])
	w1, m1 := newWorker(q, "p1", be1)
	w2, _ := newWorker(q, "p2", be2)

	publishAttempt(t, q, 9, 1)
	startWorker(t, w2)
	waitStarted(t, be2, 9)
	publishAttempt(t, q, 1, 1)
	startWorker(t, w1)

	if who := resultFor(t, results, 1, 1); who != "p1" {
		t.Fatalf("batch 1 proved by %s", who)
	}
	waitFor(t, "p1's ack", func() bool { return outcome(m1, "done") == 1 })
	if outcome(m1, "passed_on") != 0 || outcome(m1, "failed") != 1 {
		t.Fatalf("p1: passed on %v, failed %v, done %v", outcome(m1, "passed_on"), outcome(m1, "failed"), outcome(m1, "done"))
	}
}

// fakeDelivery is a test double for a job delivery that records how it
// was settled.
type fakeDelivery struct {
	n    uint64
	naks []time.Duration
}

var _ queue.Delivery = (*fakeDelivery)(nil)

func (*fakeDelivery) Data() []byte                    { return nil }
func (*fakeDelivery) Subject() string                 { return "" }
func (d *fakeDelivery) Deliveries() uint64            { return d.n }
func (*fakeDelivery) Ack() error                      { return nil }
func (*fakeDelivery) DoubleAck(context.Context) error { return nil }
func (d *fakeDelivery) Nak(delay time.Duration) error {
	d.naks = append(d.naks, delay)
	return nil
}
func (*fakeDelivery) InProgress() error { return nil }
func (*fakeDelivery) Term(string) error { return nil }

// TestPassOnsAreBounded: with another prover always waiting for work
// (a pull on the real consumer of an empty stream), p1 hands back a job
// it failed at most Config.PassOns times per attempt, never one of the
// job's last two deliveries, and never a job it did not fail; a new
// attempt of a batch whose previous attempt p1 failed (a stalled attempt
// the watchdog had reoffered, say) is handed on too.
func TestPassOnsAreBounded(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.PassOns = 2; c.MaxDeliver = 10 })
	ctx := context.Background()
	cons, err := q.Jobs(ctx, "b1d1-test")
	if err != nil {
		t.Fatal(err)
	}
	pullCtx, stopPulling := context.WithCancel(ctx)
	defer stopPulling()
	go func() {
		for pullCtx.Err() == nil {
			_, _ = cons.Fetch(pullCtx, 1, 3*time.Second)
		}
	}()
	waitWaiting(t, q, 1)
	w1, m1 := newWorker(q, "p1", &fakeBackend{})
	for _, b := range []uint64{1, 2} {
		if _, err := q.Failure(ctx, b, 1, "p1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.Failure(ctx, 3, 1, "p2"); err != nil {
		t.Fatal(err)
	}
	passOn := func(batch uint64, attempt uint32, deliveries uint64) bool {
		d := &fakeDelivery{n: deliveries}
		ok := w1.passOn(ctx, w1.Backend, w1.Log, d, &queue.Job{Batch: batch, Attempt: attempt})
		if ok != (len(d.naks) == 1 && d.naks[0] == passOnDelay) {
			t.Fatalf("batch %d: passed on %v, naks %v", batch, ok, d.naks)
		}
		return ok
	}
	for i, want := range []bool{true, true, false, false} {
		if got := passOn(1, 1, uint64(2+i)); got != want {
			t.Fatalf("batch 1, delivery %d: passed on %v", 2+i, got)
		}
	}
	if passOn(2, 1, 9) || passOn(2, 1, 10) {
		t.Fatal("passed on one of the last two deliveries")
	}
	if !passOn(2, 1, 8) {
		t.Fatal("batch 2 not passed on")
	}
	if passOn(3, 1, 2) || passOn(4, 1, 2) {
		t.Fatal("passed on a job p1 never failed")
	}
	if !passOn(2, 2, 1) {
		t.Fatal("the next attempt of a batch p1 failed was not passed on")
	}
	if got := outcome(m1, "passed_on"); got != 4 {
		t.Fatalf("passed_on %v", got)
	}
	stopPulling()
	// Nobody waits now: p1 keeps what it failed.
	waitWaiting(t, q, 0)
	if passOn(2, 2, 2) {
		t.Fatal("passed on with no prover waiting")
	}
}

// TestStalledAttemptGoesToAnotherProver: p1 hangs on batch 1 (its claim
// would go stale); the leader offers the batch again as attempt 2, as the
// watchdog's reoffer makes it. p1 is busy with the hung proof, so it
// cannot fetch: the free prover p2 proves attempt 2.
func TestStalledAttemptGoesToAnotherProver(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.AckWait = 30 * time.Second })
	results := takeResults(t, q)
	be1 := &fakeBackend{hold: map[uint64]chan struct{}{1: make(chan struct{})}, started: make(chan uint64, 4)}
	defer close(be1.hold[1])
	w1, _ := newWorker(q, "p1", be1)
	w2, _ := newWorker(q, "p2", &fakeBackend{})
	publishAttempt(t, q, 1, 1)
	startWorker(t, w1)
	waitStarted(t, be1, 1)
	publishAttempt(t, q, 1, 2)
	// Attempt 2 waits in the stream: p1 does not fetch while it proves.
	time.Sleep(300 * time.Millisecond)
	startWorker(t, w2)
	if who := resultFor(t, results, 1, 2); who != "p2" {
		t.Fatalf("attempt 2 proved by %s", who)
	}
}

// TestRecoveredProverPassesOnTheNewAttempt: p1 hung on batch 1 and then
// failed it (its claim voided, attempt 2 offered meanwhile while p2 was
// busy, so nobody took it). When p1 asks for work first and p2 is free
// too, p1 hands attempt 2 on rather than prove what it just failed.
func TestRecoveredProverPassesOnTheNewAttempt(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.AckWait = 30 * time.Second })
	results := takeResults(t, q)
	be1 := &fakeBackend{fail: map[uint64]error{1: errors.New("device lost")}, failOnce: true,
		hold: map[uint64]chan struct{}{1: make(chan struct{})}, started: make(chan uint64, 4)}
	be2 := &fakeBackend{hold: map[uint64]chan struct{}{9: make(chan struct{})}, started: make(chan uint64, 4)}
	w1, m1 := newWorker(q, "p1", be1)
	w2, _ := newWorker(q, "p2", be2)
	publishAttempt(t, q, 1, 1)
	startWorker(t, w1)
	waitStarted(t, be1, 1)
	publishAttempt(t, q, 9, 1)
	startWorker(t, w2)
	waitStarted(t, be2, 9)

	close(be1.hold[1]) // p1 comes back, with a failure
	waitFor(t, "p1 failing attempt 1", func() bool { return outcome(m1, "failed") == 1 })
	waitWaiting(t, q, 1)
	close(be2.hold[9])
	waitWaiting(t, q, 2)
	publishAttempt(t, q, 1, 2)
	if who := resultFor(t, results, 1, 2); who != "p2" {
		t.Fatalf("attempt 2 proved by %s", who)
	}
	if got := outcome(m1, "passed_on"); got < 1 {
		t.Fatalf("p1 passed on %v", got)
	}
}

// TestJoiningProverTakesWorkAtOnce: with a backlog and p1 busy on its
// first job, a prover that starts now gets work on its first fetch, not
// after p1's job: a prover holds one job at a time (fetches of one), so
// the backlog waits in the stream for whoever asks.
func TestJoiningProverTakesWorkAtOnce(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.AckWait = 30 * time.Second })
	results := takeResults(t, q)
	be1 := &fakeBackend{block: make(chan struct{}), started: make(chan uint64, 8)}
	defer close(be1.block)
	w1, _ := newWorker(q, "p1", be1)
	for b := uint64(1); b <= 6; b++ {
		publishAttempt(t, q, b, 1)
	}
	startWorker(t, w1)
	waitStarted(t, be1, 1)

	w2, _ := newWorker(q, "p2", &fakeBackend{})
	startWorker(t, w2)
	for i := range 5 {
		// The first within a fetch's round trip; 5 s is for a loaded CPU.
		wait := 5 * time.Second
		if i > 0 {
			wait = 10 * time.Second
		}
		select {
		case r := <-results:
			if r.Prover != "p2" || r.Batch < 2 {
				t.Fatalf("result %d from %s", r.Batch, r.Prover)
			}
		case <-time.After(wait):
			t.Fatalf("p2 proved %d of the backlog's 5 waiting jobs", i)
		}
	}
	select {
	case b := <-be1.started:
		t.Fatalf("p1 took batch %d while still on batch 1", b)
	default:
	}
}
