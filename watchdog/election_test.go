package watchdog

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

type instance struct {
	w      *Watchdog
	cli    *clientv3.Client
	cancel context.CancelFunc
	done   chan struct{}
}

func startInstance(t *testing.T, ctx context.Context, eps []string, id string, ttl time.Duration) *instance {
	t.Helper()
	cli, err := Connect(ctx, EtcdConfig{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Config{Client: cli, Keys: testKeys(t), Admin: &recordingAdmin{}, ID: id, ElectionTTL: ttl,
		Check: 100 * time.Millisecond, StaleAfter: time.Hour, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	ictx, cancel := context.WithCancel(ctx)
	in := &instance{w: w, cli: cli, cancel: cancel, done: make(chan struct{})}
	go func() { defer close(in.done); _ = w.Run(ictx) }()
	t.Cleanup(func() { cancel(); <-in.done; cli.Close() })
	return in
}

// kill stops an instance the way SIGKILL would: its lease is neither
// revoked nor kept alive.
func (in *instance) kill() {
	in.cli.Close()
	in.cancel()
	<-in.done
}

func TestElectionStandbyTakesOver(t *testing.T) {
	cli := startEtcd(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const ttl = 2 * time.Second
	eps := cli.Endpoints()
	a := startInstance(t, ctx, eps, "a", ttl)
	eventually(t, 5*time.Second, "a active", a.w.Active)
	b := startInstance(t, ctx, eps, "b", ttl)
	time.Sleep(500 * time.Millisecond)
	if b.w.Active() {
		t.Fatal("two instances act at once")
	}

	// Killed: the standby acts once the lease expires.
	killed := time.Now()
	a.kill()
	eventually(t, ttl+3*time.Second, "b active after a was killed", b.w.Active)
	took := time.Since(killed)
	t.Logf("standby active %v after the kill (TTL %v)", took.Round(time.Millisecond), ttl)
	if took > ttl+2*time.Second {
		t.Fatalf("takeover took %v", took)
	}

	// Stopped gracefully: resign and revoke, so the standby acts at once.
	c := startInstance(t, ctx, eps, "c", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	stopped := time.Now()
	b.cancel()
	<-b.done
	eventually(t, 3*time.Second, "c active after b stopped", c.w.Active)
	if took := time.Since(stopped); took > 2*time.Second {
		t.Fatalf("graceful handover took %v; the lease was left to expire", took)
	}
}

// One member of a 3-member etcd cluster restarts under load: heartbeats
// keep flowing and claims keep working, through a client that knows all
// three endpoints.
func TestEtcdMemberRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	addrs := freeAddrs(t, 6)
	dir := t.TempDir()
	var cfgs []MemberConfig
	initial := ""
	for i := range 3 {
		c := MemberConfig{Name: fmt.Sprintf("e%d", i), Dir: filepath.Join(dir, fmt.Sprint(i)), ClientAddr: addrs[2*i], PeerAddr: addrs[2*i+1], Token: "restart-test"}
		cfgs = append(cfgs, c)
		if i > 0 {
			initial += ","
		}
		initial += c.Name + "=http://" + c.PeerAddr
	}
	members := make([]*Member, 3)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range cfgs {
		cfgs[i].InitialCluster = initial
		wg.Add(1)
		go func() { defer wg.Done(); members[i], errs[i] = StartMember(ctx, cfgs[i]) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		t.Cleanup(members[i].Close)
	}
	var eps []string
	for _, m := range members {
		eps = append(eps, m.ClientURL)
	}
	cli, err := Connect(ctx, EtcdConfig{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	k := testKeys(t)
	hb := &Heartbeat{Client: cli, Keys: k, TTL: 3 * time.Second, Every: 100 * time.Millisecond, ID: "s1",
		Status: func() SequencerRecord { return SequencerRecord{Role: "Leader", Term: 1, API: "api-s1"} }, Log: testLog(t)}
	hctx, hcancel := context.WithCancel(ctx)
	hdone := make(chan struct{})
	go func() { defer close(hdone); hb.Run(hctx) }()
	defer func() { hcancel(); <-hdone }()
	p, _, _ := startProver(t, ctx, eps, "p1", 3*time.Second, time.Minute)

	// The longest gap between heartbeats as seen by a reader; a failed
	// read counts as no news (the gap keeps growing).
	var seen int64
	latest := func() int64 {
		rctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		r, err := cli.Get(rctx, k.Sequencer("s1"))
		if err == nil && len(r.Kvs) > 0 {
			if s, err := decode[SequencerRecord](r.Kvs[0].Value); err == nil {
				seen = s.UpdatedMs
			}
		}
		return seen
	}
	eventually(t, 5*time.Second, "first heartbeat", func() bool { return latest() > 0 })
	var worst time.Duration
	watch := func(d time.Duration) {
		end := time.Now().Add(d)
		for time.Now().Before(end) {
			if u := latest(); u > 0 {
				worst = max(worst, time.Since(time.UnixMilli(u)))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	for round, victim := range []int{0, 1} {
		members[victim].Close()
		watch(time.Second)
		if _, err := p.Claim(ctx, uint64(round+1), 1, "c1"); err != nil {
			t.Fatalf("claim with member %d down: %v", victim, err)
		}
		m, err := StartMember(ctx, cfgs[victim])
		if err != nil {
			t.Fatalf("restart member %d: %v", victim, err)
		}
		members[victim] = m
		t.Cleanup(m.Close)
		watch(time.Second)
	}
	t.Logf("longest heartbeat gap through two member restarts: %v", worst.Round(time.Millisecond))
	if worst > 2*time.Second {
		t.Fatalf("heartbeats stalled for %v while one member of three restarted", worst)
	}
	if l, ok, err := ReadLeader(ctx, cli, k); err != nil || !ok || l.ID != "s1" {
		t.Fatalf("leader record %+v %v %v", l, ok, err)
	}
}
