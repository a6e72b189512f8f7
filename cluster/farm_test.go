package cluster

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/wire"
)

// Prover farm tests: real Raft, embedded nats-server, real Groth16 proofs
// on a small circuit (2 slots, depth 4) whose keys are made once per run.

var farmKeys struct {
	once sync.Once
	dir  string
	keys *prover.Keys
	err  error
}

func farmGenesis() fsm.Genesis {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 4
	cfg.MaxBatchTxs = 2
	cfg.CheckpointInterval = 8
	return fsm.DevGenesis(cfg, testSeed, 8, 1_000_000, 0)
}

func loadFarmKeys(t *testing.T) *prover.Keys {
	t.Helper()
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	farmKeys.once.Do(func() {
		farmKeys.dir, farmKeys.err = os.MkdirTemp("", "baton-farm-keys-")
		if farmKeys.err != nil {
			return
		}
		g := farmGenesis()
		farmKeys.keys, _, farmKeys.err = prover.Setup(farmKeys.dir, prover.ParamsFor(g.Config, g.MaxBatchTxs), slog.New(slog.NewTextHandler(io.Discard, nil)))
	})
	if farmKeys.err != nil {
		t.Fatal(farmKeys.err)
	}
	return farmKeys.keys
}

// farm is a cluster with its NATS server and provers.
type farm struct {
	*testCluster
	t    *testing.T
	keys *prover.Keys
	qcfg queue.Config
	wg   sync.WaitGroup
}

func newFarm(t *testing.T, tuneQueue func(*queue.Config)) *farm {
	t.Helper()
	return newFarmWith(t, tuneQueue, nil)
}

func newFarmWith(t *testing.T, tuneQueue func(*queue.Config), tune func(*Config)) *farm {
	t.Helper()
	keys := loadFarmKeys(t)
	srv, err := queue.StartServer(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f := &farm{t: t, keys: keys, qcfg: queue.DefaultConfig()}
	f.qcfg.URL = srv.URL()
	f.qcfg.AckWait = 2 * time.Second
	if tuneQueue != nil {
		tuneQueue(&f.qcfg)
	}
	system, err := prover.NewVerifiers(farmGenesis().Sizes(), keys)
	if err != nil {
		t.Fatal(err)
	}
	f.testCluster = newTestClusterWith(t, 3, farmGenesis(), func(c *Config) {
		c.Batcher.MaxTxs = 2
		c.Proving = &proving.Config{Queue: f.queue("sequencer-" + c.ID), System: system, Sweep: 500 * time.Millisecond}
		if tune != nil {
			tune(c)
		}
	})
	// Stop the provers before the cluster and the server go.
	t.Cleanup(f.wg.Wait)
	return f
}

func (f *farm) queue(name string) *queue.Queue {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := queue.Connect(ctx, f.qcfg, name, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(q.Close)
	return q
}

// startProver runs a real worker until the returned stop is called (or
// the test ends).
func (f *farm) startProver(id string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &prover.Worker{ID: id, Backend: prover.NewCPU(f.keys), Queue: f.queue("prover-" + id),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: prover.NewMetrics(prometheus.NewRegistry())}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		_ = w.Run(ctx)
	}()
	f.t.Cleanup(cancel)
	return cancel
}

// send submits n transfers round-robin over the replicas (or those in
// via) and waits until each is sequenced.
func (f *farm) send(n int, nonces map[uint32]uint64, via ...int) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	up := via
	for i := range f.cfgs {
		if f.node(i) != nil && len(via) == 0 {
			up = append(up, i)
		}
	}
	for i := range n {
		from := uint32(1 + i%6)
		tx := f.transfer(from, 7, 1, nonces[from])
		nonces[from]++
		if _, err := f.submit(ctx, up[i%len(up)], tx); err != nil {
			f.t.Fatalf("submit: %v", err)
		}
	}
}

// waitProven waits until every batch up to the head is proven on every
// running replica, and checks each recorded proof against the batch.
func (f *farm) waitProven(timeout time.Duration) uint64 {
	f.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		head, done := f.maxHeight(), true
		for _, n := range f.running() {
			for b := uint64(1); b <= head && done; b++ {
				rec, ok := n.BatchRecord(b)
				done = ok && rec.State >= fsm.StateProven
			}
		}
		if done {
			for b := uint64(1); b <= head; b++ {
				rec, _ := f.running()[0].BatchRecord(b)
				if rec.Prover == "" || len(rec.Proof) == 0 {
					f.t.Fatalf("batch %d: proven without a proof", b)
				}
			}
			return head
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("batches up to %d not all proven within %v", head, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestFarmProvesCommittedBatches: with two provers, every committed batch
// becomes proven on every replica, through jobs, proofs, native
// verification and RecordProof.
func TestFarmProvesCommittedBatches(t *testing.T) {
	f := newFarm(t, nil)
	f.startProver("p1")
	f.startProver("p2")
	f.send(6, map[uint32]uint64{})
	head := f.waitProven(90 * time.Second)
	if head < 3 {
		t.Fatalf("only %d batches", head)
	}
	_, leader := f.leader(5 * time.Second)
	if got := metricValue(t, leader, "baton_proofs_rejected_total", nil); got != 0 {
		t.Fatalf("%v valid proofs rejected", got)
	}
	f.checkInvariants()
}

// TestFarmRedeliversACrashedProversJob: a prover that takes a job and
// dies (no ack, no heartbeat) only delays it: after AckWait the job goes
// to another prover, and the batch is proven once.
func TestFarmRedeliversACrashedProversJob(t *testing.T) {
	f := newFarm(t, nil)
	// The "crashed" prover: it fetches every job once and never answers.
	crashed := f.queue("crashed")
	cons, err := crashed.Jobs(context.Background(), f.keys.Tag())
	if err != nil {
		t.Fatal(err)
	}
	f.send(2, map[uint32]uint64{})
	var taken []uint64
	deadline := time.Now().Add(20 * time.Second)
	for len(taken) == 0 && time.Now().Before(deadline) {
		b, err := cons.Fetch(context.Background(), 4, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range b {
			j, _ := queue.DecodeJob(m.Data())
			taken = append(taken, j.Batch)
		}
	}
	if len(taken) == 0 {
		t.Fatal("no job reached the crashing prover")
	}
	f.startProver("survivor")
	f.waitProven(60 * time.Second)
	for _, b := range taken {
		rec, _ := f.running()[0].BatchRecord(b)
		if rec.Prover != "survivor" {
			t.Fatalf("batch %d proven by %q", b, rec.Prover)
		}
	}
}

// TestFarmRejectsBadProofs: garbage, and a valid proof of another batch,
// are rejected and counted against their prover; the batch is offered
// again and an honest prover proves it.
func TestFarmRejectsBadProofs(t *testing.T) {
	f := newFarm(t, nil)
	f.send(4, map[uint32]uint64{})
	f.waitHeightAll(2)
	_, leader := f.leader(5 * time.Second)
	// A valid proof of batch 1, made outside the cluster.
	var (
		b1  *prover.Batch
		err error
	)
	leader.Read(func(m *fsm.Machine) { b1, err = prover.BatchFromMachine(m, 1) })
	if err != nil {
		t.Fatal(err)
	}
	proof1, _, err := f.keys.Prove(b1)
	if err != nil {
		t.Fatal(err)
	}
	liar := f.queue("liar")
	ctx := context.Background()
	for _, r := range []*queue.Result{
		{Batch: 2, Attempt: 1, Prover: "liar", CircuitID: f.keys.KeyID(), Proof: []byte("garbage")},
		{Batch: 2, Attempt: 2, Prover: "liar", CircuitID: f.keys.KeyID(), Proof: proof1},
	} {
		if err := liar.PublishResult(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// Whichever replica leads when the results arrive counts them (a slow
	// machine may move leadership meanwhile).
	rejected := func() float64 {
		total := 0.0
		for _, n := range f.running() {
			total += metricValue(t, n, "baton_proofs_rejected_by_prover_total", map[string]string{"prover": "liar"})
		}
		return total
	}
	deadline := time.Now().Add(60 * time.Second)
	for rejected() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("rejected %v of 2 bad proofs", rejected())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if rec, _ := leader.BatchRecord(2); rec.State >= fsm.StateProven {
		t.Fatal("a bad proof was recorded")
	}
	f.startProver("honest")
	f.waitProven(60 * time.Second)
	if rec, _ := f.running()[0].BatchRecord(2); rec.Prover != "honest" || rec.Attempt < 2 {
		t.Fatalf("batch 2: prover %q, attempt %d (the job should have been offered again)", rec.Prover, rec.Attempt)
	}
}

// TestFarmSurvivesLeaderFailover: the leader is stopped while jobs are out;
// the new leader re-publishes what the log shows unproven (repeats are
// dropped), accepts the results, and every batch ends proven once.
func TestFarmSurvivesLeaderFailover(t *testing.T) {
	f := newFarm(t, nil)
	f.startProver("p1")
	nonces := map[uint32]uint64{}
	f.send(4, nonces)
	old, _ := f.leader(5 * time.Second)
	f.stop(old)
	f.send(4, nonces)
	f.waitProven(90 * time.Second)
	f.start(old)
	f.waitProven(30 * time.Second)
	f.checkInvariants()
}

func (c *testCluster) waitHeightAll(h uint64) { c.waitHeight(h, 20*time.Second) }

// TestFarmPublishesOnlyCommittedBatches: a leader cut off from the
// majority proposes a batch that never commits; no job for it ever reaches
// the queue. Every job published during the run carries exactly the batch
// the committed log holds under its number.
func TestFarmPublishesOnlyCommittedBatches(t *testing.T) {
	f := newFarm(t, nil)
	watch := f.queue("watch")
	jobs := make(chan *queue.Job, 256)
	sub, err := watch.Conn().Subscribe(strings.TrimSuffix(watch.JobSubject(f.keys.Tag(), 0), "0")+"*", func(m *nats.Msg) {
		if j, err := queue.DecodeJob(m.Data); err == nil {
			jobs <- j
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	nonces := map[uint32]uint64{}
	f.send(2, nonces)
	old, oldNode := f.leader(5 * time.Second)
	f.waitHeightAll(oldNode.Height())
	proposal := staleBatch(t, oldNode, f.transfer(5, 6, 1, nonces[5]))
	f.partition(old)
	fut := oldNode.Raft().Apply((&fsm.Command{Type: fsm.CmdAppendBatch, Batch: proposal}).Encode(), time.Second)
	if err := fut.Error(); err == nil {
		t.Fatal("the cut-off leader committed a batch")
	}
	nl, _ := f.leaderOtherThan(old, 10*time.Second)
	f.send(2, nonces, nl)
	f.heal()
	f.startProver("p1")
	head := f.waitProven(60 * time.Second)
	if head < 2 {
		t.Fatalf("head %d", head)
	}
	// Let late publications arrive, then check each against the log.
	time.Sleep(300 * time.Millisecond)
	close(jobs)
	seen := 0
	for j := range jobs {
		seen++
		in, err := watch.Input(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		b, err := prover.DecodeBatch(in)
		if err != nil {
			t.Fatal(err)
		}
		rec, ok := f.node(nl).BatchRecord(j.Batch)
		if !ok || rec.Header.PostRoot != b.PostRoot || rec.Header.PreRoot != b.PreRoot {
			t.Fatalf("job for batch %d carries a batch the log does not hold", j.Batch)
		}
		if b.PostRoot == proposal.Header.PostRoot && j.Batch == proposal.Header.Number && rec.Header.PostRoot != proposal.Header.PostRoot {
			t.Fatalf("the stale proposal reached the queue")
		}
	}
	if seen < int(head) {
		t.Fatalf("saw %d jobs for %d batches", seen, head)
	}
	f.checkInvariants()
}

// TestFarmDeadLetterAndReplay: a job that keeps failing (here: taken and
// dropped past MaxDeliver) goes to the dead letters, where the admin API
// lists it; a replay offers it again as a new attempt, and it is proven.
func TestFarmDeadLetterAndReplay(t *testing.T) {
	f := newFarm(t, func(c *queue.Config) { c.AckWait = time.Second; c.MaxDeliver = 2 })
	crashed := f.queue("crashed")
	cons, err := crashed.Jobs(context.Background(), f.keys.Tag())
	if err != nil {
		t.Fatal(err)
	}
	f.send(1, map[uint32]uint64{})
	li, _ := f.leader(5 * time.Second)
	admin := f.client(li)
	ctx := context.Background()
	var dead []wire.DeadJob
	deadline := time.Now().Add(30 * time.Second)
	for len(dead) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the job never reached the dead letters")
		}
		// Take whatever is offered and never answer.
		_, _ = cons.Fetch(ctx, 4, 300*time.Millisecond)
		if dead, err = admin.DeadJobs(ctx); err != nil {
			t.Fatal(err)
		}
	}
	n := dead[0].Job.Batch
	if dead[0].Deliveries != 2 || dead[0].Reason == "" {
		t.Fatalf("dead letter %+v", dead[0])
	}
	if err := admin.ReplayJob(ctx, 99); err == nil {
		t.Fatal("replaying a batch with no dead letter succeeded")
	}
	if err := admin.ReplayJob(ctx, n); err != nil {
		t.Fatal(err)
	}
	if dead, _ := admin.DeadJobs(ctx); len(dead) != 0 {
		t.Fatalf("still dead after the replay: %+v", dead)
	}
	f.startProver("p1")
	f.waitProven(60 * time.Second)
	if rec, _ := f.node(li).BatchRecord(n); rec.Attempt < 2 {
		t.Fatalf("batch %d proven at attempt %d; the replay is a new one", n, rec.Attempt)
	}
}

// TestFarmReoffersALostJob: a job acked without a result ever arriving (a
// result lost or unreadable) leaves its batch unproven; after Reoffer the
// leader offers it again as a new attempt, and it is proven.
func TestFarmReoffersALostJob(t *testing.T) {
	f := newFarmWith(t, nil, func(c *Config) { c.Proving.Reoffer = 2 * time.Second })
	lost := f.loseJob()
	f.startProver("p1")
	f.waitProven(60 * time.Second)
	if rec, _ := f.running()[0].BatchRecord(lost); rec.Attempt < 2 || rec.Prover != "p1" {
		t.Fatalf("batch %d: attempt %d, prover %q", lost, rec.Attempt, rec.Prover)
	}
}

// The watchdog's reoffer, through the admin API: a new attempt past the
// voided one, nothing more for a repeat, past an attempt the log never
// recorded, "proven" once it is, and only at the leader.
func TestFarmReofferJob(t *testing.T) {
	f := newFarm(t, nil)
	lost := f.loseJob()
	ctx := context.Background()
	// Leadership may move under a loaded machine: each call goes to
	// whoever leads at that moment, again if it stepped down meanwhile (a
	// follower's refusal is checked on purpose below).
	var li int
	reoffer := func(attempt uint32) (res wire.ReofferResult, err error) {
		for range 5 {
			li, _ = f.leader(10 * time.Second)
			if res, err = f.client(li).ReofferJob(ctx, lost, attempt); err == nil || !strings.Contains(err.Error(), "not the leader") {
				return res, err
			}
		}
		return res, err
	}
	_, leader := f.leader(10 * time.Second)
	rec, _ := leader.BatchRecord(lost)
	res, err := reoffer(rec.Attempt)
	if err != nil || res.Attempt != rec.Attempt+1 || res.Proven {
		t.Fatalf("reoffer of attempt %d: %+v, %v", rec.Attempt, res, err)
	}
	again, err := reoffer(rec.Attempt)
	if err != nil || again.Attempt != res.Attempt {
		t.Fatalf("repeated reoffer: %+v, %v (want attempt %d unchanged)", again, err, res.Attempt)
	}
	// An attempt ahead of the log (its job went out, its record did not):
	// the new one must be past it, or JetStream would drop it as a repeat.
	ahead, err := reoffer(res.Attempt + 3)
	if err != nil || ahead.Attempt != res.Attempt+4 {
		t.Fatalf("reoffer past attempt %d: %+v, %v", res.Attempt+3, ahead, err)
	}
	follower := f.client((li + 1) % len(f.cfgs))
	if _, err := follower.ReofferJob(ctx, lost, ahead.Attempt); err == nil {
		t.Fatal("a follower offered a job")
	}
	// The thief has stopped taking jobs; a real prover proves the batch.
	f.startProver("p1")
	f.waitProven(60 * time.Second)
	done, err := reoffer(ahead.Attempt)
	if err != nil || !done.Proven {
		t.Fatalf("reoffer of a proven batch: %+v, %v", done, err)
	}
}

// loseJob sends a transfer and takes its batch's job off the queue as a
// consumer that acks it and never proves: a job lost on the way.
func (f *farm) loseJob() uint64 {
	f.t.Helper()
	cons, err := f.queue("thief").Jobs(context.Background(), f.keys.Tag())
	if err != nil {
		f.t.Fatal(err)
	}
	f.send(1, map[uint32]uint64{})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		b, err := cons.Fetch(context.Background(), 1, time.Second)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, m := range b {
			j, err := queue.DecodeJob(m.Data())
			if err != nil {
				f.t.Fatal(err)
			}
			if err := m.DoubleAck(context.Background()); err != nil {
				f.t.Fatal(err)
			}
			return j.Batch
		}
	}
	f.t.Fatal("no job to lose")
	return 0
}

// metricValue reads a counter or gauge from a replica's registry by its
// exported name and labels: what Prometheus would scrape (0 when absent).
func metricValue(t testing.TB, n *Node, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := n.Metrics().Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metrics:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue metrics
				}
			}
			switch {
			case m.GetCounter() != nil:
				return m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				return m.GetGauge().GetValue()
			}
		}
	}
	return 0
}
