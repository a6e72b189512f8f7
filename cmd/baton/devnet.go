package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
)

// devnet runs replicas as separate processes of this binary on loopback,
// drives load through their APIs and reports. Everything it starts it stops.
type devnet struct {
	dir     string
	token   string
	apis    []string
	procs   []*exec.Cmd
	genesis fsm.Genesis
	out     io.Writer // progress lines
}

type devnetSummary struct {
	TxsSubmitted     int64   `json:"txs_submitted"`
	TxsSequenced     int64   `json:"txs_sequenced"`
	TxsFailed        int64   `json:"txs_failed"`
	BatchesSequenced uint64  `json:"batches_sequenced"`
	RootsIdentical   bool    `json:"roots_identical"`
	LeaderChanges    int     `json:"leader_changes"`
	Replicas         int     `json:"replicas"`
	DurationS        float64 `json:"duration_s"`
	TxPerS           float64 `json:"tx_per_s"`
	P50Ms            float64 `json:"p50_ms"`
	P99Ms            float64 `json:"p99_ms"`
	StateRoot        string  `json:"state_root"`
	DataDir          string  `json:"data_dir"`
}

func runDevnet(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devnet", flag.ContinueOnError)
	replicas := fs.Int("replicas", 3, "sequencer replicas (3 to 5)")
	txs := fs.Int("txs", 0, "exit once this many transactions are done (0: run until Ctrl-C)")
	rate := fs.Float64("rate", 0, "load in tx/s (default: 20 without --txs, unpaced with it)")
	accounts := fs.Int("accounts", 256, "funded genesis accounts")
	asJSON := fs.Bool("json", false, "print progress to stderr and end stdout with one JSON summary line")
	dataDir := fs.String("data-dir", "", "data directory (default: a fresh temporary one, removed at exit)")
	keep := fs.Bool("keep", false, "keep the data directory at exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *replicas < 1 || *replicas > 7 {
		return fmt.Errorf("--replicas %d: want 1 to 7", *replicas)
	}
	if *rate == 0 && *txs == 0 {
		*rate = 20
	}
	progress := stdout
	if *asJSON {
		progress = os.Stderr
	}
	d := &devnet{out: progress, genesis: devGenesis(*accounts)}
	if *dataDir == "" {
		dir, err := os.MkdirTemp("", "baton-devnet-")
		if err != nil {
			return err
		}
		d.dir = dir
		if !*keep {
			defer os.RemoveAll(dir)
		}
	} else {
		d.dir = *dataDir
	}
	tok := make([]byte, 16)
	if _, err := io.ReadFull(randReader{}, tok); err != nil {
		return err
	}
	d.token = hex.EncodeToString(tok)
	if err := d.start(*replicas, *accounts); err != nil {
		d.stop()
		return err
	}
	defer d.stop()

	fmt.Fprintf(progress, "devnet: %d replicas, data in %s\n", *replicas, d.dir)
	for i, a := range d.apis {
		fmt.Fprintf(progress, "  s%d API  http://%s\n", i, a)
	}
	fmt.Fprintf(progress, "  admin token  %s\n  try: curl http://%s/v1/status\n", d.token, d.apis[0])
	if err := d.waitLeader(ctx, 20*time.Second); err != nil {
		return err
	}

	st := newLoadStats()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		runLoad(loadCtx, loadConfig{APIs: d.apis, Seed: devSeed, Accounts: *accounts,
			ChainID: d.genesis.ChainID, Rate: *rate, Txs: *txs, Workers: min(64, *accounts-1)}, st)
	}()
	leaders := d.watch(ctx, st, start, done)
	stopLoad()
	<-done
	elapsed := time.Since(start)

	sum := devnetSummary{
		TxsSubmitted: st.submitted.Load(), TxsSequenced: st.sequenced.Load(), TxsFailed: st.failed.Load(),
		LeaderChanges: max(0, leaders-1), Replicas: *replicas, DurationS: elapsed.Seconds(),
		TxPerS: float64(st.sequenced.Load()) / elapsed.Seconds(),
		P50Ms:  ms(st.percentile(0.5)), P99Ms: ms(st.percentile(0.99)), DataDir: d.dir,
	}
	sum.BatchesSequenced, sum.StateRoot, sum.RootsIdentical = d.converge(10 * time.Second)
	fmt.Fprintf(progress, "summary: %d/%d txs sequenced in %d batches, %.0f tx/s, p50 %.1f ms, p99 %.1f ms, roots identical: %v\n",
		sum.TxsSequenced, sum.TxsSubmitted, sum.BatchesSequenced, sum.TxPerS, sum.P50Ms, sum.P99Ms, sum.RootsIdentical)
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(sum); err != nil {
			return err
		}
	}
	if *txs > 0 && (sum.TxsSequenced < int64(*txs) || !sum.RootsIdentical) {
		return fmt.Errorf("devnet incomplete: %d of %d sequenced, roots identical %v", sum.TxsSequenced, *txs, sum.RootsIdentical)
	}
	return nil
}

func freePorts(n int) ([]string, error) {
	var out []string
	var lns []net.Listener
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, l)
		out = append(out, l.Addr().String())
	}
	return out, nil
}

func (d *devnet) start(n, accounts int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	gpath := filepath.Join(d.dir, "genesis.json")
	if err := writeJSON(gpath, d.genesis); err != nil {
		return err
	}
	// The devnet's keys, beside the genesis, for anyone poking the API.
	keys := map[string]string{}
	for i := range accounts {
		keys[fmt.Sprint(i)] = hex.EncodeToString(fsm.DevKey(devSeed, uint64(i)).Bytes())
	}
	if err := writeJSON(filepath.Join(d.dir, "genesis-keys.json"), keys); err != nil {
		return err
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return err
	}
	var peers []string
	for i := range n {
		peers = append(peers, fmt.Sprintf("s%d=%s", i, ports[i]))
	}
	for i := range n {
		id := fmt.Sprintf("s%d", i)
		d.apis = append(d.apis, ports[n+i])
		logf, err := os.Create(filepath.Join(d.dir, id+".log"))
		if err != nil {
			return err
		}
		cmd := exec.Command(self, "sequencer", "--id", id, "--raft-addr", ports[i], "--api-addr", ports[n+i],
			"--data-dir", filepath.Join(d.dir, id), "--genesis", gpath, "--bootstrap", "--peers", strings.Join(peers, ","))
		cmd.Env = append(os.Environ(), "BATON_TOKEN="+d.token)
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s: %w", id, err)
		}
		d.procs = append(d.procs, cmd)
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// stop sends SIGTERM and waits, then kills what is left.
func (d *devnet) stop() {
	for _, p := range d.procs {
		if p.Process != nil {
			_ = p.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, p := range d.procs {
		done := make(chan struct{})
		go func() { _ = p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = p.Process.Kill()
			<-done
		}
	}
	d.procs = nil
}

func (d *devnet) statuses(ctx context.Context) []*cluster.Status {
	out := make([]*cluster.Status, len(d.apis))
	for i, a := range d.apis {
		c := cluster.NewClient(a, d.token)
		c.HTTP.Timeout = time.Second
		if st, err := c.Status(ctx); err == nil {
			out[i] = &st
		}
	}
	return out
}

func (d *devnet) waitLeader(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, st := range d.statuses(ctx) {
			if st != nil && st.LeaderAPI != "" {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("no leader after %v (logs in %s)", timeout, d.dir)
}

// watch prints progress every second until the load ends; it returns how
// many distinct leaderships it saw.
func (d *devnet) watch(ctx context.Context, st *loadStats, start time.Time, done <-chan struct{}) int {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	leaders, last := 0, ""
	for {
		select {
		case <-done:
			return leaders
		case <-ctx.Done():
			return leaders
		case <-t.C:
		}
		var heights []string
		leader := "-"
		for i, s := range d.statuses(context.Background()) {
			if s == nil {
				heights = append(heights, fmt.Sprintf("s%d:down", i))
				continue
			}
			heights = append(heights, fmt.Sprintf("s%d:%d", i, s.LastBatch))
			if s.Role == "Leader" {
				leader = s.ID + fmt.Sprintf("(term %d)", s.Term)
				if s.ID+fmt.Sprint(s.Term) != last {
					leaders++
					last = s.ID + fmt.Sprint(s.Term)
				}
			}
		}
		fmt.Fprintf(d.out, "%5.0fs  txs %d sequenced / %d sent (%d failed)  leader %s  heights %s\n",
			time.Since(start).Seconds(), st.sequenced.Load(), st.submitted.Load(), st.failed.Load(), leader, strings.Join(heights, " "))
	}
}

// converge waits until every replica reports the same height and compares
// their roots and head hashes there.
func (d *devnet) converge(timeout time.Duration) (uint64, string, bool) {
	deadline := time.Now().Add(timeout)
	for {
		sts := d.statuses(context.Background())
		same := true
		for _, s := range sts {
			if s == nil || sts[0] == nil || s.LastBatch != sts[0].LastBatch || s.StateRoot != sts[0].StateRoot || s.HeadHash != sts[0].HeadHash {
				same = false
			}
		}
		if same || time.Now().After(deadline) {
			if sts[0] == nil {
				return 0, "", false
			}
			return sts[0].LastBatch, sts[0].StateRoot.String(), same
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// randReader reads from the OS's secure source.
type randReader struct{}

func (randReader) Read(p []byte) (int, error) {
	f, err := os.Open("/dev/urandom")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return f.Read(p)
}
