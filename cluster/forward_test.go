package cluster

import (
	"context"
	"crypto/tls"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/wire"
)

// newProxiedCluster starts three replicas, each advertising its API
// through an apiProxy (by replica id), with the default forward and wait
// timeouts: what a client waits for is what production waits.
func newProxiedCluster(t *testing.T, tune func(*Config)) (*testCluster, map[string]*apiProxy) {
	t.Helper()
	proxies := map[string]*apiProxy{}
	c := newTestClusterWith(t, 3, testGenesis(32), func(cfg *Config) {
		cfg.APIAddr = freeAddrs(t, 1)[0]
		p := newAPIProxy(t, cfg.APIAddr)
		cfg.APIAdvertise = p.addr()
		proxies[cfg.ID] = p
		d := DefaultConfig()
		cfg.WaitTimeout, cfg.ForwardTimeout = d.WaitTimeout, d.ForwardTimeout
		if tune != nil {
			tune(cfg)
		}
	})
	return c, proxies
}

// forwarded is one submit's answer and when it came.
type forwarded struct {
	tx  fsm.Tx
	res wire.SubmitResult
	err error
	at  time.Time
}

// submitAsync submits tx at replica via and sends the answer to out.
func (c *testCluster) submitAsync(ctx context.Context, via int, tx fsm.Tx, out chan<- forwarded) {
	go func() {
		res, err := c.submit(ctx, via, tx)
		out <- forwarded{tx: tx, res: res, err: err, at: time.Now()}
	}()
}

// warmForwarding has each follower of leader forward one transaction, so
// that the leader's API address is known everywhere and connections are
// pooled before a test cuts them.
func (c *testCluster) warmForwarding(ctx context.Context, leader int, from uint32) []int {
	c.t.Helper()
	var followers []int
	for i := range c.nodes {
		if i == leader {
			continue
		}
		followers = append(followers, i)
		if res, err := c.submit(ctx, i, c.transfer(from, 9, 1, 0)); err != nil || res.Status != "sequenced" {
			c.t.Fatalf("warm-up forward from %d: %+v %v", i, res, err)
		}
		from++
	}
	return followers
}

// collect waits for n answers, each sequenced no later than bound after
// since, and logs how long each took.
func collect(t *testing.T, answers <-chan forwarded, n int, since time.Time, bound time.Duration, what string) {
	t.Helper()
	var slowest time.Duration
	for range n {
		a := <-answers
		took := a.at.Sub(since).Round(time.Millisecond)
		slowest = max(slowest, took)
		t.Logf("%s: %s answered after %v: %+v %v", what, a.tx.Hash(), took, a.res, a.err)
		if a.err != nil || a.res.Status != "sequenced" {
			t.Errorf("%s: %s: want sequenced, got %+v %v after %v", what, a.tx.Hash(), a.res, a.err, took)
			continue
		}
		if took > bound {
			t.Errorf("%s: %s sequenced after %v, want within %v", what, a.tx.Hash(), took, bound)
		}
	}
	t.Logf("%s: slowest answer after %v", what, slowest)
}

// TestForwardFollowsNewLeaderWhenLeaderFreezes freezes the leader the way
// SIGSTOP does, seen from the others: its Raft links are cut both ways and
// its API keeps connections open and answers nothing. Forwards already open
// at it (its batcher held their transactions pending) and forwards sent
// right after the freeze must move to the new leader and be answered
// within a few seconds, not at the client's 15 s wait; once the old leader
// is back, every transaction is in the log once.
func TestForwardFollowsNewLeaderWhenLeaderFreezes(t *testing.T) {
	c, proxies := newProxiedCluster(t, nil)
	old, oldNode := c.leader(5 * time.Second)
	ctx := ctxFor(t, 60*time.Second)
	followers := c.warmForwarding(ctx, old, 1)

	answers := make(chan forwarded, 8)
	oldNode.SetFrozen(true)
	var open []fsm.Tx
	for k := range 4 {
		tx := c.transfer(uint32(10+k), 9, 1, 0)
		open = append(open, tx)
		c.submitAsync(ctx, followers[k%2], tx, answers)
	}
	for _, tx := range open {
		for !oldNode.mempool.Has(tx.Hash()) {
			time.Sleep(time.Millisecond)
		}
	}

	frozeAt := time.Now()
	c.partition(old)
	proxies[oldNode.ID()].set(proxyBlackhole)
	for k := range 4 {
		c.submitAsync(ctx, followers[k%2], c.transfer(uint32(14+k), 9, 1, 0), answers)
	}
	// A new leader within 2 heartbeat timeouts plus an election, then a
	// forward and a batch; 5 s leaves room for a busy machine and stays
	// far from the 15 s the forwards waited before they followed the
	// leader.
	collect(t, answers, 8, frozeAt, 5*time.Second, "frozen leader")
	if _, n := c.leaderOtherThan(old, 5*time.Second); n == nil {
		t.Fatal("no new leader")
	}

	proxies[oldNode.ID()].set(proxyPass)
	c.heal()
	oldNode.SetFrozen(false)
	c.waitCaughtUp(old, c.maxHeight(), 15*time.Second)
	c.checkInvariants()
	if n := c.forwardRetries(retryLeaderChanged); n == 0 {
		t.Errorf("no forward was retried for a leader change")
	}
}

// TestForwardAfterHeal black-holes the leader's API alone: Raft stays
// healthy, so no other leader comes and the writes forwarded meanwhile can
// only go to this one. Their requests are lost on connections that stay
// open; once the API answers again each must be sequenced within one
// forward attempt, not at the client's 15 s wait. Over TLS as well, where
// every forward to the leader shares one HTTP/2 connection.
func TestForwardAfterHeal(t *testing.T) {
	t.Run("http", func(t *testing.T) { testForwardAfterHeal(t, nil, nil) })
	t.Run("tls", func(t *testing.T) {
		tune, clientTLS := tlsTune(t)
		testForwardAfterHeal(t, tune, clientTLS)
	})
}

func testForwardAfterHeal(t *testing.T, tune func(*Config), clientTLS *tls.Config) {
	c, proxies := newProxiedCluster(t, func(cfg *Config) {
		if tune != nil {
			tune(cfg)
		}
		// The writes must have nowhere else to go: a busy machine must
		// not make a follower lose patience with the leader meanwhile.
		cfg.Raft.HeartbeatTimeout, cfg.Raft.ElectionTimeout, cfg.Raft.LeaderLeaseTimeout = time.Second, time.Second, 500*time.Millisecond
	})
	c.clientTLS = clientTLS
	ld, ldNode := c.leader(10 * time.Second)
	term := ldNode.Raft().CurrentTerm()
	ctx := ctxFor(t, 60*time.Second)
	followers := c.warmForwarding(ctx, ld, 1)

	answers := make(chan forwarded, 4)
	proxies[ldNode.ID()].set(proxyBlackhole)
	for k := range 4 {
		c.submitAsync(ctx, followers[k%2], c.transfer(uint32(10+k), 9, 1, 0), answers)
	}
	// Longer than one attempt, so the retries are lost too.
	time.Sleep(3 * time.Second)
	select {
	case a := <-answers:
		t.Fatalf("answered while the leader's API was cut off (term %d, now %d): %+v %v", term, ldNode.Raft().CurrentTerm(), a.res, a.err)
	default:
	}
	healedAt := time.Now()
	proxies[ldNode.ID()].set(proxyPass)
	collect(t, answers, 4, healedAt, c.cfgs[ld].ForwardTimeout+1500*time.Millisecond, "after heal")
	if !ldNode.IsLeader() || ldNode.Raft().CurrentTerm() != term {
		t.Fatalf("the leader changed; the test wants the writes to have nowhere else to go")
	}
	c.checkInvariants()
	if n := c.forwardRetries(retryAttemptTimeout); n < 4 {
		t.Errorf("%v forwards retried after an unanswered attempt, want at least one each of 4", n)
	}
}

// TestForwardAnsweredFromLocalLog loses the leader's answers, not its
// requests: the forwarded transactions are sequenced, and each follower
// sees them in its own log. That must answer the client at once, though
// the forward itself is never answered.
func TestForwardAnsweredFromLocalLog(t *testing.T) {
	c, proxies := newProxiedCluster(t, nil)
	ld, ldNode := c.leader(5 * time.Second)
	ctx := ctxFor(t, 60*time.Second)
	followers := c.warmForwarding(ctx, ld, 1)

	answers := make(chan forwarded, 4)
	proxies[ldNode.ID()].set(proxyDropReplies)
	sent := time.Now()
	for k := range 4 {
		c.submitAsync(ctx, followers[k%2], c.transfer(uint32(10+k), 9, 1, 0), answers)
	}
	collect(t, answers, 4, sent, 2*time.Second, "answers lost")
	proxies[ldNode.ID()].set(proxyPass)
	c.checkInvariants()
}

// TestForwardRetriedAtSlowLeaderIsOneTx holds forwarded transactions
// pending at a healthy leader (its batcher paused) for several forward
// attempts: each retry reaches the leader that already holds the
// transaction, and once the batcher runs each is sequenced once and
// answered.
func TestForwardRetriedAtSlowLeaderIsOneTx(t *testing.T) {
	c, _ := newProxiedCluster(t, func(cfg *Config) { cfg.ForwardTimeout = 300 * time.Millisecond })
	ld, ldNode := c.leader(5 * time.Second)
	ctx := ctxFor(t, 60*time.Second)
	followers := c.warmForwarding(ctx, ld, 1)

	answers := make(chan forwarded, 4)
	ldNode.SetFrozen(true)
	for k := range 4 {
		c.submitAsync(ctx, followers[k%2], c.transfer(uint32(10+k), 9, 1, 0), answers)
	}
	time.Sleep(1500 * time.Millisecond)
	if n, _, _ := ldNode.mempool.Stats(); n != 4 {
		t.Fatalf("the leader holds %d pending transactions, want the 4 forwarded however often", n)
	}
	resumed := time.Now()
	ldNode.SetFrozen(false)
	collect(t, answers, 4, resumed, 2*time.Second, "slow leader")
	c.checkInvariants()
	if n := c.forwardRetries(retryAttemptTimeout); n < 4 {
		t.Errorf("%v forwards retried after an unanswered attempt, want several", n)
	}
}

// forwardRetries sums baton_forward_retries_total{reason} over the
// running replicas.
func (c *testCluster) forwardRetries(reason string) float64 {
	var n float64
	for _, node := range c.running() {
		n += testutil.ToFloat64(node.metrics.forwardRetries.WithLabelValues(reason))
	}
	return n
}

// tlsTune gives each replica the cluster's TLS from a fresh dev PKI, and
// returns the test clients' TLS.
func tlsTune(t *testing.T) (func(*Config), *tls.Config) {
	pki, err := tlsconf.WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"s0", "s1", "s2"}, "client")
	if err != nil {
		t.Fatal(err)
	}
	client, err := pki["client"].Client()
	if err != nil {
		t.Fatal(err)
	}
	return replicaTLS(t, pki), client
}
