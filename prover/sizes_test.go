package prover

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/queue"
)

// Tests of one process proving several circuit sizes, on a real embedded
// NATS with fake backends: one per size, told apart by tag and keys.

func sizeBackends() (small, big *fakeBackend) {
	return &fakeBackend{tag: "b1d2-small", keys: "keys-small"}, &fakeBackend{tag: "b4d2-big", keys: "keys-big"}
}

func sizesWorker(q *queue.Queue, id string, bes ...Backend) *Worker {
	return &Worker{ID: id, Backends: bes, Queue: q, Metrics: NewMetrics(prometheus.NewRegistry()),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func publishFor(t *testing.T, q *queue.Queue, be *fakeBackend, batch uint64) {
	t.Helper()
	j := &queue.Job{Batch: batch, Attempt: 1, Circuit: be.Tag(), CircuitID: be.KeyID()}
	if _, err := q.PublishJob(context.Background(), j, []byte(input(batch))); err != nil {
		t.Fatal(err)
	}
}

// TestWorkerProvesSeveralSizes: a process with keys for the small size
// only proves the small job and never receives the big one, which stays
// pending in its queue; a process with keys for both then proves the big
// job with the big keys and a new small one with the small keys.
func TestWorkerProvesSeveralSizes(t *testing.T) {
	q := workerQueue(t)
	ctx := context.Background()
	results := takeResults(t, q)
	small, big := sizeBackends()
	// The leader's side: the big size's queue exists before any of its
	// provers.
	if _, err := q.Jobs(ctx, big.Tag()); err != nil {
		t.Fatal(err)
	}
	publishFor(t, q, big, 1)
	publishFor(t, q, small, 2)

	onlySmall := sizesWorker(q, "small-only", small)
	stop := startWorker(t, onlySmall)
	if who := resultFor(t, results, 2, 1); who != "small-only" {
		t.Fatalf("batch 2 proved by %q", who)
	}
	// Several more fetches of the small queue: the big job is not among
	// them.
	time.Sleep(1500 * time.Millisecond)
	stop()
	if n, err := q.PendingJobs(ctx, big.Tag()); err != nil || n != 1 {
		t.Fatalf("big jobs pending after the small prover: %d, %v", n, err)
	}
	if len(small.provedBatches()) != 1 {
		t.Fatalf("small backend proved %v", small.provedBatches())
	}

	both := sizesWorker(q, "both", small, big)
	startWorker(t, both)
	publishFor(t, q, small, 3)
	got := map[uint64]string{}
	timeout := time.After(20 * time.Second)
	for len(got) < 2 {
		select {
		case r := <-results:
			got[r.Batch] = r.Prover
		case <-timeout:
			t.Fatalf("results %v: not both within 20s", got)
		}
	}
	if got[1] != "both" || got[3] != "both" {
		t.Fatalf("results %v", got)
	}
	if b := big.provedBatches(); !slices.Equal(b, []uint64{1}) {
		t.Fatalf("big backend proved %v", b)
	}
	if b := small.provedBatches(); !slices.Equal(b, []uint64{2, 3}) {
		t.Fatalf("small backend proved %v", b)
	}
}

// TestWorkerFetchesOnlyWhenFree: a process busy proving a small job does
// not fetch the big job published meanwhile, so another prover with the
// big keys proves it at once rather than after the first one's proof.
// The AckWait is long, so a job held by the busy process would not come
// back within the test.
func TestWorkerFetchesOnlyWhenFree(t *testing.T) {
	q := workerQueue(t, func(c *queue.Config) { c.AckWait = 30 * time.Second })
	results := takeResults(t, q)
	small, big := sizeBackends()
	release := make(chan struct{})
	small.hold = map[uint64]chan struct{}{1: release}
	small.started = make(chan uint64, 1)
	startWorker(t, sizesWorker(q, "busy", small, big))
	publishFor(t, q, small, 1)
	waitStarted(t, small, 1)

	publishFor(t, q, big, 2)
	// Time for the busy process's other lane to take the job, were it
	// fetching while proving.
	time.Sleep(1500 * time.Millisecond)
	other, _ := sizeBackends()
	other.tag, other.keys = big.tag, big.keys
	startWorker(t, sizesWorker(q, "free", other))
	select {
	case r := <-results:
		if r.Batch != 2 || r.Prover != "free" {
			t.Fatalf("first result: batch %d by %q", r.Batch, r.Prover)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the big job was not proven while the busy process proved the small one")
	}
	close(release)
	if who := resultFor(t, results, 1, 1); who != "busy" {
		t.Fatalf("batch 1 proved by %q", who)
	}
	if len(big.provedBatches()) != 0 {
		t.Fatalf("the busy process proved big batches %v", big.provedBatches())
	}
}

// TestParamsOf: a prover's circuits are the genesis's sizes it asks for,
// all of them by default; a size the genesis lacks, or one asked twice,
// is an error.
func TestParamsOf(t *testing.T) {
	g := fsm.DevGenesis(fsm.DefaultConfig(), "sizes", 4, 1000, 0)
	g.MaxBatchTxs, g.CircuitSizes = 16, fsm.Sizes{4, 16}
	sizes := func(ps []Params) (out []int) {
		for _, p := range ps {
			if p != ParamsFor(g.Config, p.BatchSize) {
				t.Fatalf("params %v", p)
			}
			out = append(out, p.BatchSize)
		}
		return out
	}
	for _, c := range []struct{ want, got []int }{{nil, []int{4, 16}}, {[]int{16}, []int{16}}, {[]int{16, 4}, []int{16, 4}}} {
		ps, err := ParamsOf(&g, c.want)
		if err != nil || !slices.Equal(sizes(ps), c.got) {
			t.Fatalf("sizes %v: %v, %v", c.want, sizes(ps), err)
		}
	}
	for want, msg := range map[string]string{"8": "not a circuit size of the genesis (circuit_sizes [4 16])", "4,4": "given twice"} {
		var ns []int
		for _, f := range strings.Split(want, ",") {
			n, _ := strconv.Atoi(f)
			ns = append(ns, n)
		}
		if _, err := ParamsOf(&g, ns); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("sizes %s: %v", want, err)
		}
	}
	g.CircuitSizes = nil
	if ps, err := ParamsOf(&g, nil); err != nil || !slices.Equal(sizes(ps), []int{16}) {
		t.Fatalf("no circuit_sizes: %v, %v", sizes(ps), err)
	}
}
