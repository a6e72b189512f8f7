package prover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/baton-rollup/baton/queue"
)

// fakeBackend is a test double: it proves at once, so the worker's paths
// run on a real queue without Groth16. fail says what proving a batch
// returns instead of a proof (only the first time, with failOnce);
// block, when set, holds every proof until it is closed, and hold the
// proofs of some batches until theirs is; both tell started first. tag
// and keys name its circuit ("b1d1-test" and "keys-1" when empty); proved
// lists the batches it proved.
type fakeBackend struct {
	tag, keys string
	fail      map[uint64]error
	failOnce  bool
	block     chan struct{}
	hold      map[uint64]chan struct{}
	started   chan uint64

	mu     sync.Mutex
	failed map[uint64]bool
	proved []uint64
}

var _ Backend = (*fakeBackend)(nil)

func (*fakeBackend) Name() string { return "fake" }

func (f *fakeBackend) KeyID() string {
	if f.keys == "" {
		return "keys-1"
	}
	return f.keys
}

func (f *fakeBackend) Tag() string {
	if f.tag == "" {
		return "b1d1-test"
	}
	return f.tag
}

func (f *fakeBackend) provedBatches() []uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.proved)
}
func (*fakeBackend) Params() Params { return Params{BatchSize: 1, Depth: 1} }

func (f *fakeBackend) Prove(_ context.Context, b *Batch) ([]byte, PublicInputs, error) {
	if f.block != nil {
		f.started <- b.Number
		<-f.block
	}
	if h := f.hold[b.Number]; h != nil {
		f.started <- b.Number
		<-h
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[b.Number]; err != nil && !(f.failOnce && f.failed[b.Number]) {
		if f.failed == nil {
			f.failed = map[uint64]bool{}
		}
		f.failed[b.Number] = true
		return nil, PublicInputs{}, err
	}
	f.proved = append(f.proved, b.Number)
	return []byte{byte(b.Number)}, PublicInputs{}, nil
}

func (*fakeBackend) Verify([]byte, PublicInputs) error { return nil }

func workerQueue(t *testing.T, tune ...func(*queue.Config)) *queue.Queue {
	t.Helper()
	srv, err := queue.StartServer(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := queue.DefaultConfig()
	cfg.URL, cfg.AckWait, cfg.RetryBudget = srv.URL(), time.Second, 2
	for _, f := range tune {
		f(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := queue.Connect(ctx, cfg, "worker-test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// startWorker runs w until the returned stop, which waits for Run.
func startWorker(t *testing.T, w *Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

func publish(t *testing.T, q *queue.Queue, batch uint64, keys string, input string) {
	t.Helper()
	j := &queue.Job{Batch: batch, Attempt: 1, Circuit: "b1d1-test", CircuitID: keys}
	if _, err := q.PublishJob(context.Background(), j, []byte(input)); err != nil {
		t.Fatal(err)
	}
}

func input(batch uint64) string { return fmt.Sprintf(`{"number":%d,"txs":[],"receipts":[]}`, batch) }

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWorkerOutcomes: each way a job ends, through the Backend seam on a
// real queue. A good job's proof is published and the job acked; a job
// for other keys is handed back; an unreadable job, one the circuit
// cannot prove, one whose input names another batch, and one that fails
// past its retry budget are dead-lettered with their reasons.
func TestWorkerOutcomes(t *testing.T) {
	q := workerQueue(t)
	be := &fakeBackend{fail: map[uint64]error{
		3: fmt.Errorf("%w: slot 0 overdraws", ErrUnprovable),
		4: errors.New("out of memory"),
	}}
	m := NewMetrics(prometheus.NewRegistry())
	w := &Worker{ID: "p1", Backend: be, Queue: q, Metrics: m, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	publish(t, q, 1, "keys-1", input(1))
	publish(t, q, 2, "other-keys", input(2))
	publish(t, q, 3, "keys-1", input(3))
	publish(t, q, 4, "keys-1", input(4))
	if err := q.Conn().Publish(q.JobSubject("b1d1-test", 5), []byte(`{"v":1,"batch":`)); err != nil {
		t.Fatal(err)
	}
	publish(t, q, 6, "keys-1", input(7))
	stop := startWorker(t, w)

	count := func(o string) float64 { return testutil.ToFloat64(m.jobs.WithLabelValues(o)) }
	waitFor(t, "four dead letters", func() bool { return count("dead") == 4 })
	waitFor(t, "the foreign job refused twice", func() bool { return count("refused") >= 2 })
	stop()
	if count("done") != 1 || count("failed") != 1 {
		t.Fatalf("done %v, failed %v", count("done"), count("failed"))
	}
	dead, err := q.Dead(context.Background())
	if err != nil || len(dead) != 4 {
		t.Fatalf("dead letters %+v, %v", dead, err)
	}
	for i, want := range map[uint64]string{3: "overdraws", 4: "2 failures, last: out of memory", 5: "undecodable", 6: "input is batch 7"} {
		d, err := q.DeadJob(context.Background(), i)
		if err != nil || !strings.Contains(d.Reason, want) {
			t.Errorf("batch %d: dead letter %+v (want %q), %v", i, d, want, err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var results []*queue.Result
	if err := q.TakeResults(ctx, func(d queue.Delivery) {
		r, err := queue.DecodeResult(d.Data())
		if err != nil {
			t.Error(err)
		}
		results = append(results, r)
		_ = d.Ack()
		cancel()
	}); err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Batch != 1 || results[0].Prover != "p1" || results[0].CircuitID != "keys-1" ||
		len(results[0].Proof) != 1 || results[0].Proof[0] != 1 {
		t.Fatalf("results %+v", results)
	}
}

// TestWorkerHandsBackOnShutdown: a job in progress is reported by a
// heartbeat; when the worker stops, the job is handed back at once, not
// after the AckWait, and counted returned.
func TestWorkerHandsBackOnShutdown(t *testing.T) {
	q := workerQueue(t)
	be := &fakeBackend{block: make(chan struct{}), started: make(chan uint64, 1)}
	defer close(be.block)
	m := NewMetrics(prometheus.NewRegistry())
	w := &Worker{ID: "p1", Backend: be, Queue: q, Metrics: m, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	beats := heartbeats(t, q, 16)
	publish(t, q, 1, "keys-1", input(1))
	stop := startWorker(t, w)
	select {
	case <-be.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the job never reached the backend")
	}
	select {
	case h := <-beats:
		if h.Batch != 1 || h.Attempt != 1 || h.Prover != "p1" {
			t.Fatalf("heartbeat %+v", h)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no heartbeat")
	}
	stop()
	if got := testutil.ToFloat64(m.jobs.WithLabelValues("returned")); got != 1 {
		t.Fatalf("returned %v", got)
	}
	cons, err := q.Jobs(context.Background(), "b1d1-test")
	if err != nil {
		t.Fatal(err)
	}
	// Well inside the AckWait of 1 s.
	ds, err := cons.Fetch(context.Background(), 1, 500*time.Millisecond)
	if err != nil || len(ds) != 1 || ds[0].Deliveries() != 2 {
		t.Fatalf("after the hand-back: %d jobs, %v", len(ds), err)
	}
}

// TestWorkerBeatsOftenWhileProving: heartbeats come every BeatEvery, not
// every third of the AckWait (30 s here), so the watchdog can tell a
// silent prover within a second.
func TestWorkerBeatsOftenWhileProving(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.AckWait = 30 * time.Second })
	be := &fakeBackend{block: make(chan struct{}), started: make(chan uint64, 1)}
	defer close(be.block)
	w := &Worker{ID: "p1", Backend: be, Queue: q, Metrics: NewMetrics(prometheus.NewRegistry()),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BeatEvery: 100 * time.Millisecond}
	beats := heartbeats(t, q, 64)
	publish(t, q, 1, "keys-1", input(1))
	startWorker(t, w)
	select {
	case <-be.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the job never reached the backend")
	}
	const window = 1500 * time.Millisecond
	n := 0
	for end := time.After(window); ; {
		select {
		case <-beats:
			n++
			continue
		case <-end:
		}
		break
	}
	// 15 expected at 100 ms; a loaded machine may drop a few ticks.
	if n < 5 {
		t.Fatalf("%d heartbeats in %v with BeatEvery 100 ms", n, window)
	}
}

// heartbeats are the workers' heartbeats on q, as they are sent (a buffer
// of n; the subscription ends with the test).
func heartbeats(t *testing.T, q *queue.Queue, n int) <-chan *queue.Heartbeat {
	t.Helper()
	beats := make(chan *queue.Heartbeat, n)
	sub, err := q.Conn().Subscribe(q.Config().Subjects().Heartbeats(), func(m *nats.Msg) {
		if h, err := queue.DecodeHeartbeat(m.Data); err == nil {
			select {
			case beats <- h:
			default: // a test that stopped reading does not block NATS
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	return beats
}
