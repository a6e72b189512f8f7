package main

import (
	"context"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
)

// runMainEnv makes the test binary behave as the baton binary: tests start
// replicas as child processes of this very executable, so they need no
// separate build and, under -race, run race-instrumented.
const runMainEnv = "BATONTEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// seqCluster is a proc.ReplicaSet driven from a test: failures end the
// test, and a failed test shows each replica's log.
type seqCluster struct {
	*proc.ReplicaSet
	t       *testing.T
	genesis fsm.Genesis
}

func newSeqCluster(t *testing.T, n int) *seqCluster {
	t.Helper()
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 10
	cfg.CheckpointInterval = 8
	g := fsm.DevGenesis(cfg, devnet.Seed, 32, 1_000_000, 0)
	rc := proc.DefaultReplicaConfig()
	rc.Dir, rc.Replicas, rc.Genesis, rc.Token = t.TempDir(), n, g, hex.EncodeToString([]byte(t.Name()))
	rc.Flags, rc.Env = []string{"--batch-interval", "20ms", "--wait-timeout", "5s"}, []string{runMainEnv + "=1"}
	rs, err := proc.NewReplicaSet(rc)
	if err != nil {
		t.Fatal(err)
	}
	c := &seqCluster{ReplicaSet: rs, t: t, genesis: g}
	t.Cleanup(func() {
		c.Stop()
		if t.Failed() {
			for i := range c.Len() {
				t.Logf("--- %s log (last 40 lines) ---\n%s", c.ID(i), c.LogTail(i, 40))
			}
		}
	})
	for i := range n {
		c.start(i)
	}
	return c
}

func (c *seqCluster) start(i int) {
	c.t.Helper()
	if err := c.ReplicaSet.Start(i); err != nil {
		c.t.Fatal(err)
	}
}

func (c *seqCluster) kill(i int) {
	c.t.Helper()
	if err := c.ReplicaSet.Kill(i); err != nil {
		c.t.Fatal(err)
	}
}

func (c *seqCluster) leader(among []int, timeout time.Duration) int {
	c.t.Helper()
	i, err := c.ReplicaSet.Leader(context.Background(), among, timeout)
	if err != nil {
		c.t.Fatal(err)
	}
	return i
}

func (c *seqCluster) converge(among []int, timeout time.Duration) uint64 {
	c.t.Helper()
	st, err := c.ReplicaSet.Converge(context.Background(), among, timeout)
	if err != nil {
		c.t.Fatal(err)
	}
	return st.LastBatch
}

// ackedAfter counts acknowledged transactions in batches above h.
func ackedAfter(st *loadgen.Stats, h uint64) int {
	k := 0
	for _, a := range st.Acked() {
		if a.Batch > h {
			k++
		}
	}
	return k
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSequencerLeaderSIGKILLUnderLoad runs three `baton sequencer`
// processes, drives load through all their APIs, and SIGKILLs the leader.
// A survivor must take over and keep committing; every acknowledged
// transaction must be in the survivors' logs exactly once, in the batch the
// API reported; the survivors, and the killed replica once restarted from
// its data dir, must hold the same log with the same roots.
func TestSequencerLeaderSIGKILLUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills OS processes")
	}
	c := newSeqCluster(t, 3)
	all := []int{0, 1, 2}
	old := c.leader(all, 20*time.Second)

	load := loadgen.Start(context.Background(), loadgen.Config{APIs: c.APIs(), Seed: devnet.Seed, Accounts: len(c.genesis.Accounts),
		ChainID: c.genesis.ChainID, Workers: 8})
	defer load.Stop()
	st := load.Stats()
	waitFor(t, "40 transactions sequenced before the kill", 20*time.Second, func() bool { return st.Sequenced() >= 40 })

	c.kill(old)
	var survivors []int
	for _, i := range all {
		if i != old {
			survivors = append(survivors, i)
		}
	}
	nl := c.leader(survivors, 10*time.Second)
	// The new leader's duties start after a barrier: every batch above the
	// height it reports now is its own.
	s, err := c.Client(nl).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "40 transactions acknowledged in the new leader's batches", 20*time.Second,
		func() bool { return ackedAfter(st, s.LastBatch) >= 40 })

	// The killed replica comes back from its data dir and catches up while
	// the load goes on.
	c.start(old)
	waitFor(t, "the restarted replica to catch up", 20*time.Second, func() bool {
		a, err1 := c.Client(old).Status(context.Background())
		b, err2 := c.Client(nl).Status(context.Background())
		return err1 == nil && err2 == nil && a.LastBatch >= b.LastBatch
	})
	load.Stop()
	t.Logf("load: %d sequenced, %d failed, %d resubmissions; errors %v", st.Sequenced(), st.Failed(), st.Retries(), st.Errors())

	height := c.converge(all, 15*time.Second)
	checkLogs(t, c, all, survivors, height, st)

	for id, err := range c.Stop() {
		if err != nil {
			t.Errorf("%s on SIGTERM: %v", id, err)
		}
	}
}

// checkLogs audits the log across the replicas in all (no fork, nothing
// acknowledged lost, nothing twice) and asks each survivor for every
// acknowledged transaction by hash.
func checkLogs(t *testing.T, c *seqCluster, all, survivors []int, height uint64, st *loadgen.Stats) {
	t.Helper()
	ctx := context.Background()
	acked := st.Acked()
	rep, err := c.Audit(ctx, all, acked)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Height < height || !rep.OK() {
		t.Fatalf("log audit at height %d: %+v", height, rep)
	}
	if len(acked) == 0 {
		t.Fatal("nothing was acknowledged")
	}
	for h, a := range acked {
		batch := a.Batch
		for _, i := range survivors {
			// Local: this replica's own log, not the leader's view.
			got, err := c.Client(i).TxLocal(ctx, h)
			if err != nil {
				t.Fatalf("%s: GET tx %s: %v", c.ID(i), h, err)
			}
			if got.Batch != batch || got.Status == "pending" || got.Status == "rejected" {
				t.Fatalf("%s: acknowledged tx %s in batch %d: status %+v", c.ID(i), h, batch, got)
			}
		}
	}
}
