package watchdog

import (
	"context"
	"errors"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// startProver registers a prover on its own etcd client (so the test can
// kill its lease by closing the client) and waits for its lease.
func startProver(t *testing.T, ctx context.Context, endpoints []string, id string, ttl, deadline time.Duration) (*Prover, *clientv3.Client, context.CancelFunc) {
	t.Helper()
	cli, err := Connect(ctx, EtcdConfig{Endpoints: endpoints})
	if err != nil {
		t.Fatal(err)
	}
	p := NewProver(cli, testKeys(t), ProverRecord{ID: id, Backend: "cpu", Circuits: []string{"c1"}}, ttl, deadline, testLog(t))
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); p.Run(pctx) }()
	stop := func() { cancel(); <-done; cli.Close() }
	t.Cleanup(stop)
	eventually(t, 10*time.Second, id+" holds a lease", func() bool { return p.session() != nil })
	return p, cli, cancel
}

func claimErr(err error) (superseded, held bool) {
	var ce *ClaimError
	if errors.As(err, &ce) {
		return ce.Superseded(), ce.Held()
	}
	return false, false
}

func TestClaimProtocol(t *testing.T) {
	cli := startEtcd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	eps := cli.Endpoints()
	p1, _, _ := startProver(t, ctx, eps, "p1", 10*time.Second, time.Minute)
	p2, _, stop2 := startProver(t, ctx, eps, "p2", 10*time.Second, time.Minute)

	c1, err := p1.Claim(ctx, 1, 1, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p2.Claim(ctx, 1, 1, "c1"); !errors.As(err, new(*ClaimError)) {
		t.Fatalf("second claim of a held attempt: %v", err)
	} else if _, held := claimErr(err); !held {
		t.Fatalf("second claim: %v, want held", err)
	}
	if _, err := p2.Claim(ctx, 1, 0, "c1"); err == nil {
		t.Fatal("an older attempt was claimed while a newer one is held")
	} else if sup, _ := claimErr(err); !sup {
		t.Fatalf("older attempt: %v, want superseded", err)
	}
	if err := c1.Progress(ctx, "proving"); err != nil {
		t.Fatal(err)
	}
	if err := c1.Done(ctx, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// A redelivery of a proven attempt is dropped, not proven again.
	if _, err := p2.Claim(ctx, 1, 1, "c1"); err == nil {
		t.Fatal("a done attempt was claimed again")
	} else if sup, _ := claimErr(err); !sup {
		t.Fatalf("done attempt: %v, want superseded", err)
	}

	// Released (handed back to the queue): the next prover takes it.
	c2, err := p1.Claim(ctx, 2, 1, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if err := c2.Release(ctx); err != nil {
		t.Fatal(err)
	}
	c2b, err := p2.Claim(ctx, 2, 1, "c1")
	if err != nil {
		t.Fatalf("released attempt not taken over: %v", err)
	}
	if err := c2.Progress(ctx, "late"); !errors.Is(err, ErrClaimLost) {
		t.Fatalf("the old holder's update after a take-over: %v, want ErrClaimLost", err)
	}

	// A graceful stop revokes the lease at once: the claim and the
	// registration go now, not after the 10 s TTL.
	stopped := time.Now()
	stop2()
	k := testKeys(t)
	eventually(t, 2*time.Second, "p2's claim and registration gone", func() bool {
		r, err := cli.Get(ctx, k.Job(2))
		r2, err2 := cli.Get(ctx, k.Prover("p2"))
		return err == nil && err2 == nil && len(r.Kvs) == 0 && len(r2.Kvs) == 0
	})
	if took := time.Since(stopped); took > 5*time.Second {
		t.Fatalf("revocation took %v", took)
	}
	_ = c2b
}

// jobsRig runs an active watchdog against etcd with a leader record in
// place, so voided attempts get reoffered.
func jobsRig(t *testing.T, ctx context.Context, cli *clientv3.Client, admin *recordingAdmin, tune ...func(*Config)) *Watchdog {
	t.Helper()
	k := testKeys(t)
	cfg := Config{Client: cli, Keys: k, Admin: admin, ID: "w1", ElectionTTL: 2 * time.Second,
		Check: 100 * time.Millisecond, StaleAfter: time.Hour, DeadlineFloor: 500 * time.Millisecond, DeadlineFactor: 3, Log: testLog(t)}
	for _, f := range tune {
		f(&cfg)
	}
	w, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	putJSON(t, cli, k.Leader(), LeaderRecord{ID: "a", API: "api-a", Term: 2})
	putJSON(t, cli, k.Sequencer("a"), seqRecord("a", "Leader", "a", 2, 0))
	go func() { _ = w.Run(ctx) }()
	eventually(t, 10*time.Second, "watchdog active", w.Active)
	return w
}

func TestStalledAttemptsAreReassigned(t *testing.T) {
	cli := startEtcd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin := &recordingAdmin{}
	w := jobsRig(t, ctx, cli, admin)
	eps := cli.Endpoints()
	k := testKeys(t)
	const ttl = 2 * time.Second

	// A prover dies mid-proof: nothing revokes its lease, it expires.
	dead, deadCli, _ := startProver(t, ctx, eps, "dead", ttl, time.Hour)
	if _, err := dead.Claim(ctx, 1, 1, "c1"); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	deadCli.Close()
	eventually(t, ttl+3*time.Second, "batch 1 reoffered after the claimant's lease expired", func() bool {
		_, ro := admin.snapshot()
		return len(ro) >= 1 && ro[0] == JobRef{1, 1}
	})
	took := time.Since(killed)
	t.Logf("dead prover's attempt reoffered %v after the kill (TTL %v)", took.Round(time.Millisecond), ttl)
	if took > ttl+time.Second+w.cfg.Check*3 {
		t.Fatalf("reassignment took %v, want within TTL %v plus about one check", took, ttl)
	}
	if n := counter(t, w.m.voided.WithLabelValues("lease_expired")); n != 1 {
		t.Fatalf("voided(lease_expired) = %v", n)
	}

	// A prover alive but stuck: its lease is kept alive, it makes no
	// progress; the deadline (500 ms here) voids it.
	hung, _, _ := startProver(t, ctx, eps, "hung", ttl, 500*time.Millisecond)
	c, err := hung.Claim(ctx, 2, 1, "c1")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 3*time.Second, "batch 2 reoffered after its deadline", func() bool {
		_, ro := admin.snapshot()
		return len(ro) >= 2 && ro[1] == JobRef{2, 1}
	})
	if err := c.Progress(ctx, "proving"); !errors.Is(err, ErrClaimLost) {
		t.Fatalf("progress on a voided claim: %v, want ErrClaimLost", err)
	}
	// The stale job message, if redelivered, is dropped.
	if _, err := hung.Claim(ctx, 2, 1, "c1"); err == nil {
		t.Fatal("a voided attempt was claimed again")
	} else if sup, _ := claimErr(err); !sup {
		t.Fatalf("voided attempt: %v, want superseded", err)
	}
	// The new attempt is claimable.
	c3, err := hung.Claim(ctx, 2, 2, "c1")
	if err != nil {
		t.Fatal(err)
	}

	// Proof times set the deadline: 2 s measured × 3 = 6 s.
	if err := c3.Done(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, 3*time.Second, "deadline learned from proof times", func() bool {
		r, err := cli.Get(ctx, k.Deadline("c1"))
		if err != nil || len(r.Kvs) == 0 {
			return false
		}
		d, err := decode[DeadlineRecord](r.Kvs[0].Value)
		return err == nil && d.DeadlineMs == 6000
	})
	if d := hung.deadline(ctx, "c1"); d != 6*time.Second {
		t.Fatalf("prover reads deadline %v", d)
	}

	// Proven batches' records are dropped.
	rec := seqRecord("a", "Leader", "a", 2, 0)
	rec.ProvenThrough = 2
	putJSON(t, cli, k.Sequencer("a"), rec)
	eventually(t, 3*time.Second, "attempt records of proven batches dropped", func() bool {
		r, err := cli.Get(ctx, k.Attempts(), clientv3.WithPrefix(), clientv3.WithCountOnly())
		return err == nil && r.Count == 0
	})
	// A job message redelivered after its records were dropped is not
	// proven again.
	if _, err := hung.Claim(ctx, 1, 1, "c1"); err == nil {
		t.Fatal("a proven batch was claimed after its records were dropped")
	} else if sup, _ := claimErr(err); !sup {
		t.Fatalf("proven batch: %v, want superseded", err)
	}
	if _, ro := admin.snapshot(); len(ro) != 2 {
		t.Fatalf("reoffers %v, want exactly the two stalled attempts", ro)
	}
}

// A voided attempt whose reoffer never reached a leader is reoffered by
// the next active watchdog.
func TestReofferSurvivesWatchdogFailover(t *testing.T) {
	cli := startEtcd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	k := testKeys(t)
	putJSON(t, cli, k.Attempt(7, 3), AttemptRecord{Prover: "gone", Circuit: "c1", StartMs: nowMs(), Voided: true, Reason: "test"})
	admin := &recordingAdmin{}
	jobsRig(t, ctx, cli, admin)
	eventually(t, 3*time.Second, "voided attempt reoffered after election", func() bool {
		_, ro := admin.snapshot()
		return len(ro) == 1 && ro[0] == JobRef{7, 3}
	})
}
