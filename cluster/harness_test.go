package cluster

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

const testSeed = "cluster-test"

// testCluster is N real replicas over loopback TCP, each with its own data
// dir, built like hashicorp/raft's MakeCluster: tests start it, cut and heal
// links, kill and restart members, and finish with checkInvariants.
type testCluster struct {
	t       *testing.T
	genesis fsm.Genesis
	cfgs    []Config
	nodes   []*Node // nil when stopped
	keys    []fsm.PrivateKey

	mu    sync.Mutex
	acked map[fsm.TxHash]uint64 // tx → batch the API reported
}

func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().String())
	}
	for _, ln := range lns {
		ln.Close()
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
	c := &testCluster{t: t, genesis: testGenesis(32), acked: map[fsm.TxHash]uint64{}}
	for i := range 32 {
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
		c.cfgs = append(c.cfgs, cfg)
	}
	c.nodes = make([]*Node, n)
	for i := range n {
		c.start(i)
	}
	t.Cleanup(c.shutdown)
	return c
}

func (c *testCluster) start(i int) {
	c.t.Helper()
	node, err := Open(c.cfgs[i])
	if err != nil {
		c.t.Fatalf("start %s: %v", c.cfgs[i].ID, err)
	}
	c.nodes[i] = node
}

func (c *testCluster) stop(i int) {
	if c.nodes[i] != nil {
		_ = c.nodes[i].Close()
		c.nodes[i] = nil
	}
}

func (c *testCluster) shutdown() {
	var wg sync.WaitGroup
	for i := range c.nodes {
		wg.Add(1)
		go func() { defer wg.Done(); c.stop(i) }()
	}
	wg.Wait()
}

// leader waits for exactly one running replica to lead with its API known.
func (c *testCluster) leader(timeout time.Duration) (int, *Node) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for i, n := range c.nodes {
			if n != nil && n.IsLeader() {
				if _, err := n.leaderAPI(); err == nil {
					return i, n
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.t.Fatalf("no leader within %v", timeout)
	return -1, nil
}

func (c *testCluster) client(i int) *Client {
	return NewClient(c.nodes[i].APIAddr(), "test-token")
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
func (c *testCluster) submit(ctx context.Context, i int, tx fsm.Tx) (SubmitResult, error) {
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
// hash and root at every height), and every acknowledged transaction is in
// it exactly once, in the batch the API reported.
func (c *testCluster) checkInvariants() {
	c.t.Helper()
	c.waitHeight(c.maxHeight(), 10*time.Second)
	var ref *Node
	for _, n := range c.nodes {
		if n != nil {
			ref = n
			break
		}
	}
	height := ref.Height()
	seen := map[fsm.TxHash]int{}
	for h := uint64(0); h <= height; h++ {
		var want fsm.BatchRecord
		ref.Read(func(m *fsm.Machine) { want, _ = m.Batch(h) })
		for _, th := range want.TxHashes {
			seen[th]++
		}
		for _, n := range c.nodes {
			if n == nil || n == ref {
				continue
			}
			var got fsm.BatchRecord
			var ok bool
			n.Read(func(m *fsm.Machine) { got, ok = m.Batch(h) })
			if !ok || got.Hash != want.Hash || got.Header.PostRoot != want.Header.PostRoot {
				c.t.Fatalf("fork at height %d: %s has %x, %s has %x", h, ref.ID(), want.Hash[:4], n.ID(), got.Hash[:4])
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, batch := range c.acked {
		if seen[h] != 1 {
			c.t.Fatalf("acknowledged tx %s appears %d times in the log", h, seen[h])
		}
		var loc fsm.TxLocation
		ref.Read(func(m *fsm.Machine) { loc, _ = m.TxLocation(h) })
		if loc.Batch != batch {
			c.t.Fatalf("acknowledged tx %s: API said batch %d, log has it in %d", h, batch, loc.Batch)
		}
	}
	for h, n := range seen {
		if n != 1 {
			c.t.Fatalf("tx %s appears %d times in the log", h, n)
		}
	}
}
