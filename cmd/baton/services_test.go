package main

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/baton-rollup/baton/chaos/netproxy"
	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/watchdog"
)

// TestDevnetServicesRestart restarts NATS and etcd, each a process of its
// own, under a running devnet with load and no provers, the way the chaos
// suite's nats_restart and etcd_restart do (SIGKILL, then the same command
// line). Each comes back on its port with its data: a JetStream message
// and an etcd key written before the kill are there after. The replicas
// keep sequencing throughout, and once etcd is back the leader's record
// in it is fresh again (the replicas' heartbeats reconnect) and a
// watchdog is active. Every link the processes are given (etcd, each
// replica's advertised API) runs through a netproxy via Config.Proxy, and
// forwarding between replicas crosses it.
func TestDevnetServicesRestart(t *testing.T) {
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var (
		mu      sync.Mutex
		proxies = map[string]*netproxy.Proxy{}
	)
	d := startSmallDevnet(t, ctx, 0, func(c *devnet.Config) {
		c.Procs, c.NATS = true, true
		c.Proxy = func(name, addr string) (string, error) {
			p, err := netproxy.Start(ctx, netproxy.Config{Listen: "127.0.0.1:0", Target: addr})
			if err != nil {
				return "", err
			}
			t.Cleanup(func() { _ = p.Close() })
			mu.Lock()
			proxies[name] = p
			mu.Unlock()
			return p.Addr(), nil
		}
	})
	// Registered after the devnet's, so it runs before its dir goes.
	t.Cleanup(func() {
		if t.Failed() {
			for _, name := range []string{"s0", "s1", "s2", "etcd", "nats", "w0", "w1"} {
				t.Logf("--- %s log (last 30 lines) ---\n%s", name, proc.FileTail(filepath.Join(d.Dir(), name+".log"), 30))
			}
		}
	})
	rs := d.Replicas()
	svc := d.Services()
	for _, name := range []string{"nats", "etcd"} {
		if svc[name] == nil || svc[name].Len() != 1 {
			t.Fatalf("Services()[%q] = %v, want a set of one process (have %v)", name, svc[name], svc)
		}
	}
	checkAdvertisedThroughProxies(t, ctx, d, proxies)

	load := loadgen.Start(ctx, d.LoadConfig(5, 4))
	defer load.Stop()
	st := load.Stats()
	waitFor(t, "load sequenced", 30*time.Second, func() bool { return st.Sequenced() >= 10 })

	// Data written before the kills.
	cli, keys := d.Etcd()
	marker := "/baton-test/" + t.Name()
	if _, err := cli.Put(ctx, marker, "kept"); err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(d.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	js, _ := nc.JetStream()
	if _, err := js.AddStream(&nats.StreamConfig{Name: "RESTART", Subjects: []string{"restart.>"}, Storage: nats.FileStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish("restart.kept", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	nc.Close()

	// etcd: sequencing does not wait for it, and the leader's record
	// comes back fresh after it.
	restartService(t, ctx, d, svc["etcd"], "etcd", func() {
		before := st.Sequenced()
		waitFor(t, "sequencing while etcd is down", 30*time.Second, func() bool { return st.Sequenced() > before+5 })
	})
	back := time.Now().UnixMilli()
	if r, err := cli.Get(ctx, marker); err != nil || len(r.Kvs) != 1 || string(r.Kvs[0].Value) != "kept" {
		t.Fatalf("etcd key after the restart: %v %v", r, err)
	}
	var seen string
	t.Cleanup(func() { t.Logf("last state read from etcd: %s", seen) })
	// The leader record is written once per term and lives under its
	// writer's lease, which etcd keeps across a restart: it need not be
	// newer, only there and right. Every replica's heartbeat must be.
	waitFor(t, "fresh heartbeats, the leader's record and an active watchdog in etcd", 30*time.Second, func() bool {
		s, err := watchdog.ReadState(ctx, cli, keys)
		seen = fmt.Sprintf("%+v %v (leader %+v)", s, err, s.Leader)
		if err != nil || s.Leader == nil || s.Watchdog == "" || len(s.Sequencers) != rs.Len() {
			return false
		}
		for _, r := range s.Sequencers {
			if r.UpdatedMs <= back {
				return false
			}
		}
		l, err := rs.Leader(ctx, rs.All(), time.Second)
		return err == nil && s.Leader.ID == rs.ID(l)
	})

	restartService(t, ctx, d, svc["nats"], "nats", func() {
		before := st.Sequenced()
		waitFor(t, "sequencing while NATS is down", 30*time.Second, func() bool { return st.Sequenced() > before+5 })
	})
	nc, err = nats.Connect(d.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ = nc.JetStream()
	if m, err := js.GetLastMsg("RESTART", "restart.kept"); err != nil || string(m.Data) != "kept" {
		t.Fatalf("JetStream message after the restart: %v %v", m, err)
	}

	before := st.Sequenced()
	waitFor(t, "sequencing after both restarts", 30*time.Second, func() bool { return st.Sequenced() > before+5 })
	load.Stop()
	t.Logf("load: %d sequenced, %d failed; errors %v", st.Sequenced(), st.Failed(), st.Errors())
	if _, err := rs.Converge(ctx, rs.All(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	rep, err := rs.Audit(ctx, rs.All(), st.Acked())
	if err != nil || !rep.OK() {
		t.Fatalf("audit: %+v %v", rep, err)
	}
}

// restartService SIGKILLs the service's process, runs during while it is
// down, starts it again with the same command line and waits until it
// answers.
func restartService(t *testing.T, ctx context.Context, d *devnet.Devnet, set *proc.Set, name string, during func()) {
	t.Helper()
	pid := set.Proc(0)
	set.Kill(0)
	if pid.Running() {
		t.Fatalf("%s still runs after SIGKILL", name)
	}
	during()
	if err := set.Restart(0); err != nil {
		t.Fatal(err)
	}
	if set.Len() != 1 || set.Proc(0) == pid {
		t.Fatalf("%s: restart left %d processes", name, set.Len())
	}
	start := time.Now()
	if err := d.WaitService(ctx, name); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s restarted, answering after %v", name, time.Since(start).Round(time.Millisecond))
}

// checkAdvertisedThroughProxies: each replica's API is known to the
// others (the member table) at its proxy's address, the replicas reach
// etcd through its proxy, and a submit at a follower is forwarded through
// the leader's proxy.
func checkAdvertisedThroughProxies(t *testing.T, ctx context.Context, d *devnet.Devnet, proxies map[string]*netproxy.Proxy) {
	t.Helper()
	rs := d.Replicas()
	var last string
	// Followers register their API with the leader after they start.
	waitFor(t, "every member's API at its proxy", 20*time.Second, func() bool {
		m, err := rs.Client(0).Members(ctx)
		if err != nil || len(m.Members) != rs.Len() {
			last = fmt.Sprint(m, err)
			return false
		}
		for _, mem := range m.Members {
			if p := proxies[mem.ID]; p == nil || mem.APIAddr != p.Addr() {
				last = fmt.Sprintf("member %s advertises %q", mem.ID, mem.APIAddr)
				return false
			}
		}
		return true
	})
	t.Logf("members: %s", cmp.Or(last, "all at their proxies at once"))
	if p := proxies["etcd"]; p == nil || p.Conns() == 0 {
		t.Fatal("nothing reaches etcd through its proxy")
	}
	l, err := rs.Leader(ctx, rs.All(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	leaderProxy := proxies[rs.ID(l)]
	leaderProxy.SetMode(netproxy.Refuse)
	follower := rs.Others(l)[0]
	sendCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: uint32(len(d.Genesis().Accounts) - 1), To: 1, Amount: 1, Fee: 1}
	acct, err := rs.Client(l).Account(ctx, tx.From)
	if err != nil {
		t.Fatal(err)
	}
	tx.Nonce = acct.Nonce
	if err := tx.Sign(fsm.DevKey(devnet.Seed, uint64(tx.From)), d.Genesis().ChainID); err != nil {
		t.Fatal(err)
	}
	if res, err := rs.Client(follower).Submit(sendCtx, tx, true); err == nil && res.Status == "sequenced" {
		t.Fatalf("a follower's forward went around the leader's refusing proxy: %+v", res)
	}
	leaderProxy.SetMode(netproxy.Pass)
	waitFor(t, "a forward through the leader's proxy", 20*time.Second, func() bool {
		res, err := rs.Client(follower).Submit(ctx, tx, true)
		return err == nil && res.Status == "sequenced"
	})
}
