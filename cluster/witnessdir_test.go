package cluster

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// checkWitnessDir: replica n keeps exactly one witness directory, holding
// one file per unproven batch of the size its record says, and nothing
// proven; no witness fell back to memory. So the machine's RAM holds no
// witness at all.
func checkWitnessDir(t *testing.T, n *Node) {
	t.Helper()
	gens, err := os.ReadDir(witnessRoot(n.cfg.DataDir))
	if err != nil || len(gens) != 1 {
		t.Fatalf("%s: witness root holds %d generations (%v), want 1", n.ID(), len(gens), err)
	}
	n.Read(func(m *fsm.Machine) {
		dir := n.rep.wdir.dir
		if filepath.Base(dir) != gens[0].Name() {
			t.Fatalf("%s: the machine uses %s, the root holds %s", n.ID(), dir, gens[0].Name())
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		files := map[uint64]int64{}
		var sum uint64
		for _, e := range entries {
			b, err := strconv.ParseUint(strings.TrimSuffix(e.Name(), ".wit"), 10, 64)
			info, ierr := e.Info()
			if err != nil || ierr != nil {
				t.Fatalf("%s: stray file %s in %s", n.ID(), e.Name(), dir)
			}
			files[b] = info.Size()
			sum += uint64(info.Size())
		}
		unproven := 0
		for b := uint64(1); b <= m.Head().Number; b++ {
			rec, _ := m.Batch(b)
			size, ok := files[b]
			switch {
			case rec.State >= fsm.StateProven && ok:
				t.Fatalf("%s: proven batch %d still has a witness file", n.ID(), b)
			case rec.State < fsm.StateProven && (!ok || size != int64(rec.WitnessBytes) || size == 0):
				t.Fatalf("%s: unproven batch %d: file %v of %d bytes, record says %d", n.ID(), b, ok, size, rec.WitnessBytes)
			case rec.State < fsm.StateProven:
				unproven++
			}
		}
		if len(files) != unproven || sum != m.UnprovenWitnessBytes() || m.WitnessStoreFaults() != 0 {
			t.Fatalf("%s: %d files of %d bytes for %d unproven batches of %d bytes; %d store faults",
				n.ID(), len(files), sum, unproven, m.UnprovenWitnessBytes(), m.WitnessStoreFaults())
		}
	})
}

// checkSameWitnesses: every running replica serves the same witness as the
// first for every batch both have unproven, and checks its directory.
func (c *testCluster) checkSameWitnesses() {
	c.t.Helper()
	nodes := c.running()
	for _, n := range nodes {
		checkWitnessDir(c.t, n)
	}
	witnesses := func(n *Node) map[uint64][]byte {
		out := map[uint64][]byte{}
		n.Read(func(m *fsm.Machine) {
			for b := uint64(1); b <= m.Head().Number; b++ {
				if w, err := m.Witness(b); err == nil {
					out[b] = fsm.EncodeWitness(w)
				}
			}
		})
		return out
	}
	ref := witnesses(nodes[0])
	for _, n := range nodes[1:] {
		for b, w := range witnesses(n) {
			if r, ok := ref[b]; ok && !bytes.Equal(r, w) {
				c.t.Fatalf("%s and %s hold different witnesses for batch %d", nodes[0].ID(), n.ID(), b)
			}
		}
	}
}

// TestWitnessesOnDisk: with nothing proving, every replica's witnesses are
// files under its data dir, one per batch, and the machine holds none in
// RAM; a recorded proof deletes the batch's file on every replica.
func TestWitnessesOnDisk(t *testing.T) {
	c := newTestCluster(t, 3)
	li, _ := c.leader(5 * time.Second)
	ctx := ctxFor(t, 20*time.Second)
	for from := uint32(1); from <= 6; from++ {
		if _, err := c.submit(ctx, li, c.transfer(from, 9, 1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	c.waitHeight(c.maxHeight(), 10*time.Second)
	h := c.maxHeight()
	if h == 0 {
		t.Fatal("nothing sequenced")
	}
	c.checkSameWitnesses()

	_, leader := c.leader(5 * time.Second)
	res, err := leader.propose((&fsm.Command{Type: fsm.CmdRecordProof, Number: 1, Prover: "test", Proof: []byte{1}}).Encode())
	if err != nil || res.Err != nil || !res.Advanced {
		t.Fatalf("record proof: %v %+v", err, res)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, n := range c.running() {
		for {
			var st fsm.BatchState
			n.Read(func(m *fsm.Machine) { rec, _ := m.Batch(1); st = rec.State })
			if st >= fsm.StateProven {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not apply the proof", n.ID())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := os.Stat(n.rep.wdir.path(1)); !os.IsNotExist(err) {
			t.Fatalf("%s: batch 1's witness file after its proof: %v", n.ID(), err)
		}
	}
	c.checkSameWitnesses()
}

// TestWitnessDirStartsEmpty: a replica's store starts empty whatever an
// earlier process left, since Raft's restore and replay rewrite every
// witness the new machine needs.
func TestWitnessDirStartsEmpty(t *testing.T) {
	root := witnessRoot(t.TempDir())
	stale := filepath.Join(root, "1")
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "7.wit"), []byte("old history"), 0o600); err != nil {
		t.Fatal(err)
	}
	gens, err := openWitnessGens(root)
	if err != nil {
		t.Fatal(err)
	}
	d, err := gens.fresh()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(7); err == nil {
		t.Fatal("a stale witness survived")
	}
	if err := d.Put(7, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(7); err != nil || string(got) != "new" {
		t.Fatalf("get: %q %v", got, err)
	}
	if err := d.Delete(7); err != nil {
		t.Fatal(err)
	}
	if err := d.Delete(7); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	if entries, _ := os.ReadDir(d.dir); len(entries) != 0 {
		t.Fatalf("left %d files", len(entries))
	}
}
