package watchdog

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeBeats stands in for queue.BeatWatch (queue has its own test with a
// real NATS server): the test beats for a claim until it stops.
type fakeBeats struct {
	mu      sync.Mutex
	last    map[JobRef]time.Time
	prover  map[JobRef]string
	healthy bool
}

func newFakeBeats(healthy bool) *fakeBeats {
	return &fakeBeats{last: map[JobRef]time.Time{}, prover: map[JobRef]string{}, healthy: healthy}
}

func (f *fakeBeats) Last(batch uint64, attempt uint32) (string, time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ref := JobRef{batch, attempt}
	at, ok := f.last[ref]
	return f.prover[ref], at, ok
}

func (f *fakeBeats) Healthy() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.healthy
}

// beat sends prover's heartbeats for ref every 100 ms until the returned
// stop.
func (f *fakeBeats) beat(prover string, ref JobRef) (stop func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			f.mu.Lock()
			f.last[ref], f.prover[ref] = time.Now(), prover
			f.mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// The claims' lease TTL in these tests: long enough that the lease
// confirms a missed keep-alive well before it expires (under 2 s left of
// 5, see missedKeepAlive).
const beatsTTL = 5 * time.Second

func beatsRig(t *testing.T, beats *fakeBeats) (*Watchdog, *recordingAdmin, []string, context.Context) {
	t.Helper()
	cli := startEtcd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	admin := &recordingAdmin{}
	// A long check: what the test sees comes from the heartbeats' own
	// loop, not from the regular rounds.
	w := jobsRig(t, ctx, cli, admin, func(c *Config) {
		c.Check, c.StaleAfter, c.Liveness, c.SuspectAfter = 2*time.Second, time.Hour, beats, 400*time.Millisecond
	})
	return w, admin, cli.Endpoints(), ctx
}

func TestSilentClaimVoidedBeforeLeaseExpires(t *testing.T) {
	beats := newFakeBeats(true)
	w, admin, eps, ctx := beatsRig(t, beats)
	dead, deadCli, _ := startProver(t, ctx, eps, "dead", beatsTTL, time.Hour)
	if _, err := dead.Claim(ctx, 1, 1, "c1"); err != nil {
		t.Fatal(err)
	}
	stopBeats := beats.beat("dead", JobRef{1, 1})
	// Long enough for the watchdog to read the claim and a keep-alive to
	// renew the lease at least once.
	time.Sleep(2500 * time.Millisecond)
	// Killed: no more beats, no more keep-alives, nothing revoked.
	stopBeats()
	deadCli.Close()
	killed := time.Now()
	eventually(t, beatsTTL+3*time.Second, "batch 1 reoffered", func() bool {
		_, ro := admin.snapshot()
		return len(ro) == 1 && ro[0] == JobRef{1, 1}
	})
	took := time.Since(killed)
	t.Logf("silent claim voided and reoffered %v after the kill (lease TTL %v)", took.Round(time.Millisecond), beatsTTL)
	if n := counter(t, w.m.voided.WithLabelValues("heartbeats_missed")); n != 1 {
		t.Fatalf("voided(heartbeats_missed) = %v, voided(lease_expired) = %v: the lease ran out first",
			n, counter(t, w.m.voided.WithLabelValues("lease_expired")))
	}
	if took >= beatsTTL {
		t.Fatalf("reassignment took %v, want less than the lease TTL %v", took, beatsTTL)
	}
}

func TestSilentButRenewingClaimKept(t *testing.T) {
	beats := newFakeBeats(true)
	w, admin, eps, ctx := beatsRig(t, beats)
	slow, _, _ := startProver(t, ctx, eps, "slow", beatsTTL, time.Hour)
	c, err := slow.Claim(ctx, 1, 1, "c1")
	if err != nil {
		t.Fatal(err)
	}
	stopBeats := beats.beat("slow", JobRef{1, 1})
	time.Sleep(500 * time.Millisecond)
	// Its heartbeats stop (NATS cut off, a stuck beat loop), its lease is
	// still renewed: it is alive, and keeps the claim past the TTL.
	stopBeats()
	time.Sleep(beatsTTL + time.Second)
	if _, ro := admin.snapshot(); len(ro) != 0 {
		t.Fatalf("reoffers %v: a prover that renews its lease lost its claim", ro)
	}
	if err := c.Progress(ctx, "proving"); err != nil {
		t.Fatalf("the renewing prover's claim: %v", err)
	}
	if n := counter(t, w.m.silentUnconfirmed); n != 1 {
		t.Fatalf("silent claims kept = %v, want 1 (the silence was noticed, and etcd said no)", n)
	}
}

func TestNATSDownFallsBackToLease(t *testing.T) {
	beats := newFakeBeats(false) // the listener is not connected
	w, admin, eps, ctx := beatsRig(t, beats)
	dead, deadCli, _ := startProver(t, ctx, eps, "dead", beatsTTL, time.Hour)
	if _, err := dead.Claim(ctx, 1, 1, "c1"); err != nil {
		t.Fatal(err)
	}
	stopBeats := beats.beat("dead", JobRef{1, 1})
	time.Sleep(500 * time.Millisecond)
	stopBeats()
	deadCli.Close()
	eventually(t, beatsTTL+5*time.Second, "batch 1 reoffered after the lease expired", func() bool {
		_, ro := admin.snapshot()
		return len(ro) == 1
	})
	if n := counter(t, w.m.voided.WithLabelValues("heartbeats_missed")); n != 0 {
		t.Fatalf("voided(heartbeats_missed) = %v with the listener down: silence meant nothing", n)
	}
	if n := counter(t, w.m.voided.WithLabelValues("lease_expired")); n != 1 {
		t.Fatalf("voided(lease_expired) = %v", n)
	}
}

func TestMissedKeepAlive(t *testing.T) {
	for _, c := range []struct {
		remaining, granted int64
		want               bool
	}{
		{2, 3, false}, {1, 3, false}, {0, 3, true}, // renewed every 1–1.5 s: 1 s left is normal
		{2, 5, false}, {1, 5, true}, {0, 5, true},
		{5, 10, false}, {4, 10, true},
		{1, 2, false}, {0, 2, false}, // too short to tell: the expiry decides
		{-1, 3, true}, // gone
	} {
		if got := missedKeepAlive(c.remaining, c.granted); got != c.want {
			t.Errorf("missedKeepAlive(%d of %d) = %v, want %v", c.remaining, c.granted, got, c.want)
		}
	}
}
