package cluster

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/freeport"
	"github.com/baton-rollup/baton/wire"
)

const testSeed = "cluster-test"

// testCluster is N real replicas over loopback TCP, each with its own data
// dir, built like hashicorp/raft's MakeCluster: tests start it, cut and heal
// links, kill and restart members, and finish with checkInvariants.
type testCluster struct {
	t       *testing.T
	genesis fsm.Genesis
	keys    []fsm.PrivateKey

	// nodesMu guards cfgs and nodes against the goroutines that read them
	// (load generators, the leader sampler). Only the test goroutine
	// changes them, so it may read them without the lock.
	nodesMu sync.RWMutex
	cfgs    []Config
	nodes   []*Node // nil when stopped

	mu    sync.Mutex
	acked map[fsm.TxHash]uint64 // tx → batch the API reported

	terms        *termLog
	stopSampling func()

	// clientTLS is what the test's API clients use when the replicas
	// serve HTTPS (nil: plain HTTP).
	clientTLS *tls.Config
}

func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	out, err := freeport.Loopback(n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func testGenesis(accounts int) fsm.Genesis {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 10
	cfg.CheckpointInterval = 8
	cfg.MaxBatchTxs = 256
	return fsm.DevGenesis(cfg, testSeed, accounts, 1_000_000, 0)
}

func testConfig(t *testing.T, g fsm.Genesis, id, raftAddr string) Config {
	cfg := DefaultConfig()
	cfg.ID, cfg.RaftAddr, cfg.APIAddr = id, raftAddr, "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.Genesis = g
	cfg.Token = "test-token"
	cfg.Batcher.MaxTxs = 64
	cfg.Batcher.Interval = 20 * time.Millisecond
	cfg.WaitTimeout = 5 * time.Second
	cfg.ForwardTimeout = 5 * time.Second
	cfg.Raft.SnapshotThreshold = 64
	cfg.Raft.TrailingLogs = 32
	cfg.Raft.SnapshotInterval = 200 * time.Millisecond
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return cfg
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

func newTestCluster(t *testing.T, n int) *testCluster {
	t.Helper()
	return newTestClusterWith(t, n, testGenesis(32), nil)
}

// newTestClusterWith starts n replicas on genesis g, with tune applied to
// each replica's config.
func newTestClusterWith(t *testing.T, n int, g fsm.Genesis, tune func(*Config)) *testCluster {
	t.Helper()
	c := &testCluster{t: t, genesis: g, acked: map[fsm.TxHash]uint64{}, terms: newTermLog()}
	for i := range len(g.Accounts) {
		c.keys = append(c.keys, fsm.DevKey(testSeed, uint64(i)))
	}
	addrs := freeAddrs(t, n)
	var peers []Peer
	for i := range n {
		peers = append(peers, Peer{ID: fmt.Sprintf("s%d", i), RaftAddr: addrs[i]})
	}
	for i := range n {
		cfg := testConfig(t, c.genesis, peers[i].ID, addrs[i])
		cfg.Bootstrap, cfg.Peers = true, peers
		if tune != nil {
			tune(&cfg)
		}
		c.cfgs = append(c.cfgs, cfg)
	}
	c.nodes = make([]*Node, n)
	for i := range n {
		c.start(i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.sampleLeaders(ctx) }()
	c.stopSampling = func() { cancel(); <-done }
	t.Cleanup(c.shutdown)
	return c
}

func (c *testCluster) start(i int) {
	c.t.Helper()
	node, err := Open(c.cfgs[i])
	if err != nil {
		c.t.Fatalf("start %s: %v", c.cfgs[i].ID, err)
	}
	c.nodesMu.Lock()
	c.nodes[i] = node
	c.nodesMu.Unlock()
}

// addNode opens a new replica that is not in any configuration yet (no
// Bootstrap): it waits to be added through the admin API.
func (c *testCluster) addNode() int {
	c.t.Helper()
	cfg := testConfig(c.t, c.genesis, fmt.Sprintf("s%d", len(c.cfgs)), freeAddrs(c.t, 1)[0])
	c.nodesMu.Lock()
	c.cfgs = append(c.cfgs, cfg)
	c.nodes = append(c.nodes, nil)
	c.nodesMu.Unlock()
	i := len(c.cfgs) - 1
	c.start(i)
	return i
}

func (c *testCluster) stop(i int) {
	c.nodesMu.Lock()
	n := c.nodes[i]
	c.nodes[i] = nil
	c.nodesMu.Unlock()
	if n != nil {
		_ = n.Close()
	}
}

func (c *testCluster) shutdown() {
	c.stopSampling()
	var wg sync.WaitGroup
	for i := range c.nodes {
		wg.Add(1)
		go func() { defer wg.Done(); c.stop(i) }()
	}
	wg.Wait()
}

// node returns replica i, or nil if it is stopped; safe from any goroutine.
func (c *testCluster) node(i int) *Node {
	c.nodesMu.RLock()
	defer c.nodesMu.RUnlock()
	return c.nodes[i]
}

// running returns the replicas now running; safe from any goroutine.
func (c *testCluster) running() []*Node {
	c.nodesMu.RLock()
	defer c.nodesMu.RUnlock()
	return slices.DeleteFunc(slices.Clone(c.nodes), func(n *Node) bool { return n == nil })
}

// termLog records which replicas were seen leading in which term.
type termLog struct {
	mu      sync.Mutex
	leaders map[uint64]map[string]bool
	samples int
}

func newTermLog() *termLog { return &termLog{leaders: map[uint64]map[string]bool{}} }

// sampleLeaders polls every running replica's Raft state until ctx ends,
// recording (term, leader). The term is read before and after the state and
// the sample kept only if both agree: Raft sets a new term only after
// leaving the leader state, so a replica seen leading between two equal
// readings led in that very term.
func (c *testCluster) sampleLeaders(ctx context.Context) {
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for _, n := range c.running() {
			r := n.Raft()
			before := r.CurrentTerm()
			state := r.State()
			after := r.CurrentTerm()
			if state != raft.Leader || before != after {
				continue
			}
			c.terms.mu.Lock()
			if c.terms.leaders[before] == nil {
				c.terms.leaders[before] = map[string]bool{}
			}
			c.terms.leaders[before][n.ID()] = true
			c.terms.samples++
			c.terms.mu.Unlock()
		}
	}
}

// leaderTerms is how many terms the sampler saw a leader in.
func (c *testCluster) leaderTerms() int {
	c.terms.mu.Lock()
	defer c.terms.mu.Unlock()
	return len(c.terms.leaders)
}

// checkOneLeaderPerTerm fails if two replicas were seen leading in one term.
func (c *testCluster) checkOneLeaderPerTerm() {
	c.t.Helper()
	c.terms.mu.Lock()
	defer c.terms.mu.Unlock()
	for term, ids := range c.terms.leaders {
		if len(ids) > 1 {
			c.t.Fatalf("term %d had %d leaders: %v", term, len(ids), ids)
		}
	}
	if c.terms.samples == 0 {
		c.t.Fatalf("the leader sampler never saw a leader")
	}
}

// leader waits for exactly one running replica to lead with its API known.
func (c *testCluster) leader(timeout time.Duration) (int, *Node) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, n := range c.nodes {
			if n != nil && n.IsLeader() {
				if _, err := leaderAPI(n.raft, n.rep); err == nil {
					return i, n
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.t.Fatalf("no leader within %v", timeout)
	return -1, nil
}

func (c *testCluster) client(i int) *wire.Client {
	c.t.Helper()
	n := c.node(i)
	if n == nil {
		c.t.Fatalf("client: replica %d is stopped", i)
	}
	return wire.NewTLSClient(n.APIAddr(), "test-token", c.clientTLS)
}

// transfer signs a transfer from account from (its key) to to.
func (c *testCluster) transfer(from, to uint32, amount, nonce uint64) fsm.Tx {
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: to, Amount: amount, Fee: 1, Nonce: nonce}
	if err := tx.Sign(c.keys[from], c.genesis.ChainID); err != nil {
		c.t.Fatal(err)
	}
	return tx
}

// submit sends through replica i's HTTP API and records acknowledgements.
func (c *testCluster) submit(ctx context.Context, i int, tx fsm.Tx) (wire.SubmitResult, error) {
	res, err := c.client(i).Submit(ctx, tx, true)
	if err == nil && res.Status == "sequenced" {
		c.mu.Lock()
		c.acked[res.Hash] = res.Batch
		c.mu.Unlock()
	}
	return res, err
}

// waitHeight waits for every running replica to reach height h.
func (c *testCluster) waitHeight(h uint64, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ok := true
		for _, n := range c.nodes {
			if n != nil && n.Height() < h {
				ok = false
			}
		}
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, n := range c.nodes {
		if n != nil {
			c.t.Logf("%s at height %d", n.ID(), n.Height())
		}
	}
	c.t.Fatalf("replicas did not reach height %d within %v", h, timeout)
}

// maxHeight is the highest applied batch among running replicas.
func (c *testCluster) maxHeight() uint64 {
	var h uint64
	for _, n := range c.nodes {
		if n != nil {
			h = max(h, n.Height())
		}
	}
	return h
}

// checkInvariants: all running replicas converge on one log (same header
// hash and root at every height, each batch chained onto its parent),
// every acknowledged transaction is in it exactly once, in the batch the
// API reported, each sender's nonces follow one another, and no term had
// two leaders. Call it with no load running: a transaction whose client
// gave up may still be pending and land in a later batch, and the audit
// waits (10 s) for every replica to reach the same head.
func (c *testCluster) checkInvariants() {
	c.t.Helper()
	c.checkOneLeaderPerTerm()
	var rs []audit.Replica
	for _, n := range c.running() {
		rs = append(rs, nodeReplica{n})
	}
	c.mu.Lock()
	acked := make(map[fsm.TxHash]audit.Ack, len(c.acked))
	for h, batch := range c.acked {
		acked[h] = audit.Ack{Batch: batch}
	}
	c.mu.Unlock()
	c.audit(rs, acked)
}

// audit runs the shared invariant audit over rs, giving the replicas 10 s
// to converge, and fails the test on anything it finds.
func (c *testCluster) audit(rs []audit.Replica, acked map[fsm.TxHash]audit.Ack) {
	c.t.Helper()
	cfg := audit.DefaultConfig()
	cfg.ConvergeTimeout, cfg.Poll = 10*time.Second, 10*time.Millisecond
	rep, err := audit.Check(context.Background(), cfg, rs, acked)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		c.t.Fatal(err)
	}
}

// nodeReplica is what the audit reads of an in-process replica: its own
// machine, operations included, so the log's nonce order is checked too.
type nodeReplica struct{ n *Node }

func (r nodeReplica) ID() string { return r.n.ID() }

func (r nodeReplica) Head(context.Context) (audit.Head, error) {
	var h audit.Head
	r.n.Read(func(m *fsm.Machine) {
		rec, _ := m.Batch(m.Head().Number)
		h = audit.Head{Height: rec.Header.Number, StateRoot: m.Root(), HeadHash: rec.Hash}
	})
	return h, nil
}

func (r nodeReplica) Batch(_ context.Context, n uint64) (fsm.BatchRecord, error) {
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	r.n.Read(func(m *fsm.Machine) { rec, ok = m.Batch(n) })
	if !ok {
		return rec, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, n)
	}
	return rec, nil
}

// nodePrefix is a replica's log up to height h: under load the heads keep
// moving, but the replicas soon agree on every batch up to h, which is
// what the audit then compares.
type nodePrefix struct {
	nodeReplica
	h uint64
}

func (r nodePrefix) Head(context.Context) (audit.Head, error) {
	var h audit.Head
	r.n.Read(func(m *fsm.Machine) {
		rec, _ := m.Batch(min(r.h, m.Head().Number))
		h = audit.Head{Height: rec.Header.Number, StateRoot: rec.Header.PostRoot, HeadHash: rec.Hash}
	})
	return h, nil
}
