package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
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

// seqProc is one `baton sequencer` process.
type seqProc struct {
	id, raftAddr, apiAddr, dir, logPath string

	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // its exit status, once done
}

func (p *seqProc) running() bool {
	if p.done == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// seqCluster runs replicas as separate OS processes on loopback, started
// the way devnet starts them, so they can be SIGKILLed.
type seqCluster struct {
	t           *testing.T
	exe         string
	token       string
	genesisPath string
	genesis     fsm.Genesis
	peers       string
	procs       []*seqProc
}

func newSeqCluster(t *testing.T, n int) *seqCluster {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 10
	cfg.CheckpointInterval = 8
	c := &seqCluster{t: t, exe: exe, token: hex.EncodeToString([]byte(t.Name())),
		genesisPath: filepath.Join(dir, "genesis.json"), genesis: fsm.DevGenesis(cfg, devSeed, 32, 1_000_000, 0)}
	if err := writeJSON(c.genesisPath, c.genesis); err != nil {
		t.Fatal(err)
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	for i := range n {
		id := fmt.Sprintf("s%d", i)
		peers = append(peers, id+"="+ports[i])
		c.procs = append(c.procs, &seqProc{id: id, raftAddr: ports[i], apiAddr: ports[n+i],
			dir: filepath.Join(dir, id), logPath: filepath.Join(dir, id+".log")})
	}
	c.peers = strings.Join(peers, ",")
	t.Cleanup(func() {
		c.stopAll()
		if t.Failed() {
			for _, p := range c.procs {
				b, _ := os.ReadFile(p.logPath)
				lines := strings.Split(strings.TrimSpace(string(b)), "\n")
				t.Logf("--- %s log (last 40 lines) ---\n%s", p.id, strings.Join(lines[max(0, len(lines)-40):], "\n"))
			}
		}
	})
	for i := range n {
		c.start(i)
	}
	return c
}

// start runs replica i with its data dir; on a restart --bootstrap is a
// no-op because state exists.
func (c *seqCluster) start(i int) {
	c.t.Helper()
	p := c.procs[i]
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	defer logf.Close()
	p.cmd = exec.Command(c.exe, "sequencer", "--id", p.id, "--raft-addr", p.raftAddr, "--api-addr", p.apiAddr,
		"--data-dir", p.dir, "--genesis", c.genesisPath, "--bootstrap", "--peers", c.peers,
		"--batch-interval", "20ms", "--wait-timeout", "5s")
	p.cmd.Env = append(os.Environ(), runMainEnv+"=1", "BATON_TOKEN="+c.token)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	setPdeathsig(p.cmd)
	if err := p.cmd.Start(); err != nil {
		c.t.Fatalf("start %s: %v", p.id, err)
	}
	p.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		p.err = cmd.Wait()
		close(done)
	}(p.cmd, p.done)
}

// kill sends SIGKILL: no shutdown code runs.
func (c *seqCluster) kill(i int) {
	c.t.Helper()
	p := c.procs[i]
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		c.t.Fatalf("kill %s: %v", p.id, err)
	}
	<-p.done
}

// stopAll sends SIGTERM to every running replica and waits, killing any
// that does not exit within 10 s; it returns each clean exit's error.
func (c *seqCluster) stopAll() map[string]error {
	out := map[string]error{}
	for _, p := range c.procs {
		if p.running() {
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, p := range c.procs {
		if !p.running() {
			continue
		}
		select {
		case <-p.done:
			out[p.id] = p.err
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			out[p.id] = errors.New("did not stop within 10 s of SIGTERM")
		}
	}
	return out
}

func (c *seqCluster) client(i int) *cluster.Client {
	cl := cluster.NewClient(c.procs[i].apiAddr, c.token)
	cl.HTTP.Timeout = 5 * time.Second
	return cl
}

func (c *seqCluster) apis() []string {
	var out []string
	for _, p := range c.procs {
		out = append(out, p.apiAddr)
	}
	return out
}

// leader waits until one of the replicas in among says it leads and has
// registered its API address.
func (c *seqCluster) leader(among []int, timeout time.Duration) int {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, i := range among {
			st, err := c.client(i).Status(context.Background())
			if err == nil && st.Role == "Leader" && st.LeaderAPI == c.procs[i].apiAddr {
				return i
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("no leader among %v within %v", among, timeout)
	return -1
}

// converge waits until the replicas in among report the same height, state
// root and head hash, and returns the height.
func (c *seqCluster) converge(among []int, timeout time.Duration) uint64 {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	var last []cluster.Status
	for time.Now().Before(deadline) {
		last = last[:0]
		same := true
		for _, i := range among {
			st, err := c.client(i).Status(context.Background())
			if err != nil {
				same = false
				break
			}
			last = append(last, st)
			if st.LastBatch != last[0].LastBatch || st.StateRoot != last[0].StateRoot || st.HeadHash != last[0].HeadHash {
				same = false
			}
		}
		if same {
			return last[0].LastBatch
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, st := range last {
		c.t.Logf("%s: batch %d root %s head %s", st.ID, st.LastBatch, st.StateRoot, st.HeadHash)
	}
	c.t.Fatalf("replicas %v did not converge within %v", among, timeout)
	return 0
}

// ackedAfter counts acknowledged transactions in batches above h.
func ackedAfter(st *loadStats, h uint64) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	k := 0
	for _, b := range st.acked {
		if b > h {
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

	st := newLoadStats()
	ctx, stopLoad := context.WithCancel(context.Background())
	defer stopLoad()
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		runLoad(ctx, loadConfig{APIs: c.apis(), Seed: devSeed, Accounts: len(c.genesis.Accounts),
			ChainID: c.genesis.ChainID, Workers: 8}, st)
	}()
	waitFor(t, "40 transactions sequenced before the kill", 20*time.Second, func() bool { return st.sequenced.Load() >= 40 })

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
	s, err := c.client(nl).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "40 transactions acknowledged in the new leader's batches", 20*time.Second,
		func() bool { return ackedAfter(st, s.LastBatch) >= 40 })

	// The killed replica comes back from its data dir and catches up while
	// the load goes on.
	c.start(old)
	waitFor(t, "the restarted replica to catch up", 20*time.Second, func() bool {
		a, err1 := c.client(old).Status(context.Background())
		b, err2 := c.client(nl).Status(context.Background())
		return err1 == nil && err2 == nil && a.LastBatch >= b.LastBatch
	})
	stopLoad()
	<-loadDone
	t.Logf("load: %d sequenced, %d failed, %d resubmissions; errors %v", st.sequenced.Load(), st.failed.Load(), st.retries.Load(), st.errs)

	height := c.converge(all, 15*time.Second)
	checkLogs(t, c, all, survivors, height, st)

	for id, err := range c.stopAll() {
		if err != nil {
			t.Errorf("%s on SIGTERM: %v", id, err)
		}
	}
}

// checkLogs compares every batch up to height across the replicas in all,
// counts each transaction, and asks each survivor for every acknowledged
// transaction by hash.
func checkLogs(t *testing.T, c *seqCluster, all, survivors []int, height uint64, st *loadStats) {
	t.Helper()
	ctx := context.Background()
	// The fields compared, decoded on their own: fsm.BatchState marshals
	// to text but cannot be unmarshalled, so cluster.Client.Batch fails.
	type batchRecord struct {
		Header struct {
			PostRoot fsm.Hash `json:"post_root"`
		} `json:"header"`
		Hash     fsm.Hash     `json:"hash"`
		TxHashes []fsm.TxHash `json:"tx_hashes"`
	}
	seen := map[fsm.TxHash]int{}
	for b := uint64(1); b <= height; b++ {
		var want batchRecord
		for k, i := range all {
			var rec batchRecord
			err := getJSON(ctx, c.client(i), fmt.Sprintf("/v1/batches/%d", b), &rec)
			if err != nil {
				t.Fatalf("%s batch %d: %v", c.procs[i].id, b, err)
			}
			if k == 0 {
				want = rec
				for _, h := range rec.TxHashes {
					seen[h]++
				}
				continue
			}
			if rec.Hash != want.Hash || rec.Header.PostRoot != want.Header.PostRoot {
				t.Fatalf("fork at batch %d: %s has %s, %s has %s", b, c.procs[all[0]].id, want.Hash, c.procs[i].id, rec.Hash)
			}
		}
	}
	for h, k := range seen {
		if k != 1 {
			t.Fatalf("tx %s appears %d times in the log", h, k)
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.acked) == 0 {
		t.Fatal("nothing was acknowledged")
	}
	for h, batch := range st.acked {
		if seen[h] != 1 {
			t.Fatalf("acknowledged tx %s appears %d times in the log", h, seen[h])
		}
		for _, i := range survivors {
			var got cluster.TxStatus
			// local=1: this replica's own log, not the leader's view.
			cl := c.client(i)
			if err := getJSON(ctx, cl, "/v1/tx/"+h.String()+"?local=1", &got); err != nil {
				t.Fatalf("%s: GET tx %s: %v", c.procs[i].id, h, err)
			}
			if got.Batch != batch || got.Status == "pending" || got.Status == "rejected" {
				t.Fatalf("%s: acknowledged tx %s in batch %d: status %+v", c.procs[i].id, h, batch, got)
			}
		}
	}
}

// getJSON GETs path (query included) from the client's replica.
func getJSON(ctx context.Context, cl *cluster.Client, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cl.Base+path, nil)
	if err != nil {
		return err
	}
	resp, err := cl.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, body)
	}
	return json.Unmarshal(body, out)
}
