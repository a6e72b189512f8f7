package queue

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/internal/freeport"
)

func testQueue(t *testing.T, tune func(*Config)) (*Queue, *Server) {
	t.Helper()
	srv, err := StartServer(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := DefaultConfig()
	cfg.URL = srv.URL()
	if tune != nil {
		tune(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := Connect(ctx, cfg, "test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q, srv
}

func fetchOne(t *testing.T, c *JobConsumer, wait time.Duration) Delivery {
	t.Helper()
	ds, err := c.Fetch(context.Background(), 1, wait)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		return nil
	}
	return ds[0]
}

// TestJobsAreDeduplicatedAndLarge: a repeat of the same batch and attempt
// is dropped (a new leader re-publishing), a new attempt is not, and an
// input too large for a message travels through the object store.
func TestJobsAreDeduplicatedAndLarge(t *testing.T) {
	q, _ := testQueue(t, func(c *Config) { c.MaxInline = 1024 })
	ctx := context.Background()
	small := []byte(`{"number":1}`)
	j := &Job{Batch: 1, Attempt: 1, Circuit: "b2d4", RaftTerm: 3, RaftIndex: 17}
	if dup, err := q.PublishJob(ctx, j, small); err != nil || dup {
		t.Fatalf("first publish: dup %v, %v", dup, err)
	}
	if dup, err := q.PublishJob(ctx, &Job{Batch: 1, Attempt: 1, Circuit: "b2d4"}, small); err != nil || !dup {
		t.Fatalf("repeat: dup %v, %v", dup, err)
	}
	large := bytes.Repeat([]byte("x"), 5000)
	if dup, err := q.PublishJob(ctx, &Job{Batch: 2, Attempt: 1, Circuit: "b2d4"}, large); err != nil || dup {
		t.Fatalf("large: dup %v, %v", dup, err)
	}
	cons, err := q.Jobs(ctx, "b2d4")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := q.PendingJobs(ctx, "b2d4"); err != nil || n != 2 {
		t.Fatalf("pending %d, %v", n, err)
	}
	for want := uint64(1); want <= 2; want++ {
		m := fetchOne(t, cons, 2*time.Second)
		if m == nil {
			t.Fatalf("job %d not delivered", want)
		}
		got, err := DecodeJob(m.Data())
		if err != nil || got.Batch != want {
			t.Fatalf("job %+v, %v", got, err)
		}
		in, err := q.Input(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		if want == 1 && (!bytes.Equal(in, small) || got.InputObject != "" || got.RaftTerm != 3) {
			t.Fatalf("job 1: %+v", got)
		}
		if want == 2 && (!bytes.Equal(in, large) || got.InputObject == "") {
			t.Fatalf("job 2 input: %d bytes via %q", len(in), got.InputObject)
		}
		if err := m.DoubleAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if m := fetchOne(t, cons, 300*time.Millisecond); m != nil {
		t.Fatalf("an acked job came back: %s", m.Subject())
	}
	// Another circuit's provers never see these subjects.
	other, err := q.Jobs(ctx, "b64d20")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.PublishJob(ctx, &Job{Batch: 3, Attempt: 1, Circuit: "b2d4"}, small); err != nil {
		t.Fatal(err)
	}
	if m := fetchOne(t, other, 300*time.Millisecond); m != nil {
		t.Fatalf("a b64d20 prover got %s", m.Subject())
	}
}

// TestExhaustedJobsAreDeadLettered: a job that keeps going unacked is
// redelivered after AckWait until MaxDeliver; the server's advisory then
// moves it to the dead letters, where it can be listed and taken back.
func TestExhaustedJobsAreDeadLettered(t *testing.T) {
	q, _ := testQueue(t, func(c *Config) { c.AckWait = time.Second; c.MaxDeliver = 2 })
	ctx := context.Background()
	if _, err := q.PublishJob(ctx, &Job{Batch: 7, Attempt: 1, Circuit: "b2d4"}, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	cons, err := q.Jobs(ctx, "b2d4")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		m := fetchOne(t, cons, 3*time.Second)
		if m == nil {
			t.Fatalf("delivery %d missing", i)
		}
		if n := m.Deliveries(); n != uint64(i) {
			t.Fatalf("delivery %d counted %d", i, n)
		}
		// No ack: as if the prover crashed.
	}
	deadline := time.Now().Add(10 * time.Second)
	var moved []uint64
	for len(moved) == 0 && time.Now().Before(deadline) {
		// The server notices the exhausted job when a prover asks for
		// work, as provers always do.
		if m := fetchOne(t, cons, 300*time.Millisecond); m != nil {
			t.Fatal("a job was delivered past MaxDeliver")
		}
		if moved, err = q.MoveExhausted(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(moved) != 1 || moved[0] != 7 {
		t.Fatalf("moved %v", moved)
	}
	dead, err := q.Dead(ctx)
	if err != nil || len(dead) != 1 || dead[0].Job.Batch != 7 || dead[0].Deliveries != 2 {
		t.Fatalf("dead letters %+v, %v", dead, err)
	}
	if m := fetchOne(t, cons, 1500*time.Millisecond); m != nil {
		t.Fatal("a dead-lettered job was delivered again")
	}
	d, err := q.DeadJob(ctx, 7)
	if err != nil || d.Job.Batch != 7 {
		t.Fatalf("dead job: %+v, %v", d, err)
	}
	if err := q.RemoveDead(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if dead, _ := q.Dead(ctx); len(dead) != 0 {
		t.Fatalf("still dead: %+v", dead)
	}
}

// TestFailureBudget counts transient failures per attempt, with the
// provers that had them and the pass-ons, and reads the bare count that
// older provers wrote.
func TestFailureBudget(t *testing.T) {
	q, _ := testQueue(t, nil)
	ctx := context.Background()
	for want, p := range []string{"p1", "p2", "p1"} {
		if n, err := q.Failure(ctx, 5, 1, p); err != nil || n != want+1 {
			t.Fatalf("failure %d counted %d, %v", want+1, n, err)
		}
	}
	if n, _ := q.Failure(ctx, 5, 2, "p1"); n != 1 {
		t.Fatalf("a new attempt starts at %d", n)
	}
	for want := 1; want <= 2; want++ {
		if n, err := q.PassOn(ctx, 5, 1); err != nil || n != want {
			t.Fatalf("pass-on %d counted %d, %v", want, n, err)
		}
	}
	f, err := q.Failures(ctx, 5, 1)
	if err != nil || f.Count != 3 || !slices.Equal(f.Provers, []string{"p1", "p2"}) || f.PassedOn != 2 ||
		!f.FailedBy("p2") || f.FailedBy("p3") {
		t.Fatalf("record %+v, %v", f, err)
	}
	if f, err := q.Failures(ctx, 6, 1); err != nil || f.Count != 0 || len(f.Provers) != 0 {
		t.Fatalf("a job that never failed: %+v, %v", f, err)
	}

	// A count from before the prover list: kept, and extended.
	if _, err := q.budget.Create(ctx, "b9-a1", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if f, err := q.Failures(ctx, 9, 1); err != nil || f.Count != 2 || len(f.Provers) != 0 {
		t.Fatalf("old record read as %+v, %v", f, err)
	}
	if n, err := q.Failure(ctx, 9, 1, "p3"); err != nil || n != 3 {
		t.Fatalf("old record counted on to %d, %v", n, err)
	}
	if f, _ := q.Failures(ctx, 9, 1); !f.FailedBy("p3") {
		t.Fatalf("record %+v", f)
	}
}

// TestBadConfigAndEnvelopes: clear errors, nothing connected.
func TestBadConfigAndEnvelopes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Prefix = "bad prefix"
	if err := cfg.Validate(); err == nil {
		t.Fatal("a config without url and with a bad prefix validated")
	}
	cfg = DefaultConfig()
	cfg.URL, cfg.PassOns = "nats://127.0.0.1:4222", -1
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "pass-ons") {
		t.Fatalf("negative pass-ons: %v", err)
	}
	for name, data := range map[string]string{
		"not json":        `{`,
		"future version":  `{"v":2,"batch":1,"attempt":1,"circuit":"c","input":{}}`,
		"no attempt":      `{"v":1,"batch":1,"circuit":"c","input":{}}`,
		"input twice":     `{"v":1,"batch":1,"attempt":1,"circuit":"c","input":{},"input_object":"o"}`,
		"input not given": `{"v":1,"batch":1,"attempt":1,"circuit":"c"}`,
	} {
		if _, err := DecodeJob([]byte(data)); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if _, err := DecodeResult([]byte(`{"v":1,"batch":1,"attempt":1,"prover":"p"}`)); err == nil {
		t.Error("a result without a proof decoded")
	}
	var ve interface{ Unwrap() []error }
	if err := (Config{}).Validate(); !errors.As(err, &ve) {
		t.Errorf("empty config: %v", err)
	}
}

// TestSubjects: the names on the wire, under the default prefix and
// another one; listeners (devnet, benches) take them from here.
func TestSubjects(t *testing.T) {
	d := DefaultConfig().Subjects()
	other := Config{Prefix: "DEV_2"}.Subjects()
	for got, want := range map[string]string{
		d.Job("b4d10-abc", 7):      "baton.jobs.b4d10-abc.7",
		d.Jobs("b4d10-abc"):        "baton.jobs.b4d10-abc.>",
		d.AllJobs():                "baton.jobs.>",
		d.Result(7):                "baton.results.7",
		d.Results():                "baton.results.>",
		d.Heartbeat(7):             "baton.heartbeats.7",
		d.Heartbeats():             "baton.heartbeats.*",
		d.Dead(7):                  "baton.dead.7",
		d.AllDead():                "baton.dead.>",
		d.jobsStream():             "BATON_JOBS",
		d.exhausted():              "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.BATON_JOBS.>",
		other.Results():            "dev_2.results.>",
		other.Heartbeats():         "dev_2.heartbeats.*",
		other.failuresBucket():     "DEV_2_FAILURES",
		other.provers("b4d10-abc"): "provers-b4d10-abc",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if b, err := batchOf(d.Dead(42)); err != nil || b != 42 {
		t.Errorf("batch of %q: %d, %v", d.Dead(42), b, err)
	}
}

// TestResultDeliveries: the leader takes results as they arrive; a Nak
// brings one back (counted as a second delivery), a Term drops it, and
// an idle prover's fetch shows as a waiting prover.
func TestResultDeliveries(t *testing.T) {
	q, _ := testQueue(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := q.PublishResult(ctx, &Result{Batch: 4, Attempt: 1, Prover: "p", Proof: []byte{1}}); err != nil {
		t.Fatal(err)
	}
	var seen []uint64
	err := q.TakeResults(ctx, func(d Delivery) {
		r, err := DecodeResult(d.Data())
		if err != nil || r.Batch != 4 || d.Subject() != "baton.results.4" {
			t.Errorf("result %+v on %s, %v", r, d.Subject(), err)
		}
		seen = append(seen, d.Deliveries())
		if len(seen) == 1 {
			_ = d.Nak(0)
			return
		}
		_ = d.Term("")
		cancel()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != 1 || seen[1] != 2 {
		t.Fatalf("deliveries %v", seen)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	if err := q.TakeResults(ctx2, func(d Delivery) { t.Errorf("a terminated result came back: %s", d.Data()) }); err != nil {
		t.Fatal(err)
	}

	cons, err := q.Jobs(context.Background(), "b2d4")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = cons.Fetch(context.Background(), 1, 3*time.Second) }()
	deadline := time.Now().Add(3 * time.Second)
	for {
		n, err := q.WaitingProvers(context.Background(), "b2d4")
		if err == nil && n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting provers %d, %v", n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestJobsOfCountsACircuitNoProverServes: jobs published for a circuit
// whose provers' consumer nobody made yet are counted, not an error, and
// a job taken shows as in flight.
func TestJobsOfCountsACircuitNoProverServes(t *testing.T) {
	q, _ := testQueue(t, nil)
	ctx := context.Background()
	for b := uint64(1); b <= 2; b++ {
		if _, err := q.PublishJob(ctx, &Job{Batch: b, Attempt: 1, Circuit: "b64d24"}, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.PublishJob(ctx, &Job{Batch: 3, Attempt: 1, Circuit: "b4d24"}, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	j, err := q.JobsOf(ctx, "b64d24")
	if err != nil || j.Pending != 2 || j.InFlight != 0 || j.Waiting != 0 {
		t.Fatalf("jobs of a circuit without provers: %+v, %v; want 2 pending", j, err)
	}
	cons, err := q.Jobs(ctx, "b64d24")
	if err != nil {
		t.Fatal(err)
	}
	if m := fetchOne(t, cons, 2*time.Second); m == nil {
		t.Fatal("no job delivered")
	}
	if j, err = q.JobsOf(ctx, "b64d24"); err != nil || j.Pending != 1 || j.InFlight != 1 {
		t.Fatalf("after a fetch: %+v, %v; want 1 pending, 1 in flight", j, err)
	}
}

// TestConnectWaitsForTheServer: a process that starts while NATS is down
// waits for it rather than failing (the outage would then outlast
// itself), and gives up only when its context ends.
func TestConnectWaitsForTheServer(t *testing.T) {
	addrs, err := freeport.Loopback(1)
	if err != nil {
		t.Fatal(err)
	}
	addr := addrs[0]
	cfg := DefaultConfig()
	cfg.URL = "nats://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	_, err = Connect(ctx, cfg, "test", nil)
	cancel()
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("with no server and a short context: %v", err)
	}
	dir := t.TempDir()
	go func() {
		time.Sleep(time.Second)
		srv, err := StartServer(dir, addr)
		if err != nil {
			t.Error(err)
			return
		}
		t.Cleanup(srv.Close)
	}()
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	q, err := Connect(ctx, cfg, "test", nil)
	if err != nil {
		t.Fatalf("after the server came up: %v", err)
	}
	defer q.Close()
	if _, err := q.JobsOf(ctx, "c"); err != nil {
		t.Fatal(err)
	}
}
