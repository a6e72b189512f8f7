package cluster

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// snapshotsIn lists the Raft snapshots a replica has written to its data
// dir (hashicorp/raft's file store: snapshots/<term>-<index>-<ms>/meta.json).
func snapshotsIn(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "snapshots", "*", "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// restoredSnapshotIndex is the index of the snapshot Raft restored or took
// last: right after Open, the one it started from.
func restoredSnapshotIndex(t *testing.T, n *Node) uint64 {
	t.Helper()
	i, err := strconv.ParseUint(n.Raft().Stats()["last_snapshot_index"], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// TestRestartFromSnapshotAndLog stops a follower and restarts it with the
// same Config and data dir, twice: after a short outage it resumes from its
// own snapshot and log and takes the rest from the leader's log; after a
// long one, under load, the leader has compacted its log past the follower's
// last entry, so the follower must install the leader's snapshot. Finally
// the whole cluster restarts at once and comes back with nothing
// acknowledged lost.
func TestRestartFromSnapshotAndLog(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	f := (li + 1) % 3
	dir := c.cfgs[f].DataDir
	ctx := ctxFor(t, 30*time.Second)
	load := c.startLoad(1, 2, 3, 4, 5, 6)
	// Three checkpoints (K = 8), each of which snapshots.
	k := c.genesis.CheckpointInterval
	c.waitHeight(3*k, 20*time.Second)
	load.stop()
	if len(snapshotsIn(t, dir)) == 0 {
		t.Fatalf("no snapshot in %s after %d batches", dir, c.maxHeight())
	}

	// Short outage: a few batches, far fewer than the leader's trailing
	// logs, so the leader still holds every entry the follower lacks.
	c.waitHeight(c.maxHeight(), 10*time.Second)
	last := c.nodes[f].Raft().LastIndex()
	c.stop(f)
	for from := uint32(10); from < 14; from++ {
		if _, err := c.submit(ctx, li, c.transfer(from, 9, 1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	_, leader := c.leader(5 * time.Second)
	if first, err := leader.rp.store.FirstIndex(); err != nil || first > last+1 {
		t.Fatalf("leader's log starts at %d (%v); the follower needs %d: outage not short", first, err, last+1)
	}
	c.start(f)
	if restoredSnapshotIndex(t, c.nodes[f]) == 0 {
		t.Fatalf("%s restarted without restoring a snapshot", c.cfgs[f].ID)
	}
	c.waitCaughtUp(f, c.maxHeight(), 10*time.Second)

	// Long outage, under load: wait until the leader has compacted its log
	// past the follower's last entry.
	load = c.startLoad(14, 15, 16, 17, 18, 19)
	last = c.nodes[f].Raft().LastIndex()
	c.stop(f)
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, leader = c.leader(5 * time.Second)
		first, err := leader.rp.store.FirstIndex()
		if err != nil {
			t.Fatal(err)
		}
		if first > last+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("leader's log still starts at %d, follower stopped at %d", first, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.start(f)
	c.waitCaughtUp(f, c.maxHeight(), 10*time.Second)
	if len(snapshotsIn(t, dir)) == 0 {
		t.Fatalf("no snapshot in %s after restart", dir)
	}
	c.waitAckedAfter(c.maxHeight(), 10, 10*time.Second)
	load.stop()
	// The follower installed the leader's snapshot: it holds every
	// unproven batch's witness (those the snapshot carried, and those the
	// log added since) on disk, as the leader does, so it could publish
	// their proof jobs if it led.
	c.waitHeight(c.maxHeight(), 10*time.Second)
	c.checkSameWitnesses()

	// Everybody at once: each replica restores its snapshot, and the log
	// after it is applied once a new leader commits.
	c.waitHeight(c.maxHeight(), 10*time.Second)
	h := c.maxHeight()
	for i := range c.nodes {
		c.stop(i)
	}
	for i := range c.nodes {
		c.start(i)
	}
	c.leader(5 * time.Second)
	c.waitHeight(h, 10*time.Second)
	c.checkInvariants()
}
