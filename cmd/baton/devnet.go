package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// devnet runs replicas as separate processes of this binary on loopback,
// drives load through their APIs and reports. Everything it starts it stops.
type devnet struct {
	dir     string
	token   string
	rs      *replicaSet
	genesis fsm.Genesis
	out     io.Writer // progress lines
}

// reservedAccounts are left out of the devnet's own load, so that a person
// sending with `baton tx send --from` does not race it for nonces.
const reservedAccounts = 8

type devnetSummary struct {
	TxsSubmitted     int64   `json:"txs_submitted"`
	TxsSequenced     int64   `json:"txs_sequenced"`
	TxsFailed        int64   `json:"txs_failed"`
	BatchesSequenced uint64  `json:"batches_sequenced"`
	RootsIdentical   bool    `json:"roots_identical"`
	AckedLost        int     `json:"acked_lost"`
	Duplicates       int     `json:"duplicates"`
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
	replicas := fs.Int("replicas", 3, "sequencer replicas (3 to 5 for fault tolerance; 1 to 7 accepted)")
	txs := fs.Int("txs", 0, "exit once this many transactions are done (0: run until Ctrl-C)")
	rate := fs.Float64("rate", 0, "load in tx/s (default: 20 without --txs, unpaced with it)")
	accounts := fs.Int("accounts", 256, "funded genesis accounts")
	asJSON := fs.Bool("json", false, "print progress to stderr and end stdout with one JSON summary line")
	dataDir := fs.String("data-dir", "", "data directory (default: a fresh temporary one, removed at exit)")
	keep := fs.Bool("keep", false, "keep the data directory at exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *accounts < reservedAccounts+3 {
		return fmt.Errorf("--accounts must be at least %d", reservedAccounts+3)
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
		// A used directory holds another run's Raft configuration, with
		// ports this run would not reuse.
		if entries, err := os.ReadDir(*dataDir); err == nil && len(entries) > 0 {
			return fmt.Errorf("--data-dir %s is not empty; give a new or empty one", *dataDir)
		}
		d.dir = *dataDir
	}
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return err
	}
	d.token = hex.EncodeToString(tok)
	if err := d.start(*replicas, *accounts); err != nil {
		return err
	}
	defer d.rs.stop()
	apis := d.rs.apis()

	fmt.Fprintf(progress, "devnet: %d replicas, data in %s\n", *replicas, d.dir)
	for i, a := range apis {
		fmt.Fprintf(progress, "  s%d API  http://%s\n", i, a)
	}
	fmt.Fprintf(progress, "  admin token  %s\n  try: curl http://%s/v1/status\n", d.token, apis[0])
	if _, err := d.rs.leader(ctx, d.rs.all(), 20*time.Second); err != nil {
		return err
	}

	st := newLoadStats()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		// The last reservedAccounts stay free for people sending by hand.
		runLoad(loadCtx, loadConfig{APIs: apis, Seed: devSeed, Accounts: *accounts - reservedAccounts,
			ChainID: d.genesis.ChainID, Rate: *rate, Txs: *txs, Workers: min(64, *accounts-1)}, st)
	}()
	d.watch(ctx, st, start, done)
	stopLoad()
	<-done
	elapsed := time.Since(start)

	sum := devnetSummary{
		TxsSubmitted: st.submitted.Load(), TxsSequenced: st.sequenced.Load(), TxsFailed: st.failed.Load(),
		LeaderChanges: d.leaderChanges(), Replicas: *replicas, DurationS: elapsed.Seconds(),
		TxPerS: float64(st.sequenced.Load()) / elapsed.Seconds(),
		P50Ms:  ms(st.percentile(0.5)), P99Ms: ms(st.percentile(0.99)), DataDir: d.dir,
	}
	if head, err := d.rs.converge(context.Background(), d.rs.all(), 10*time.Second); err != nil {
		fmt.Fprintln(progress, "devnet:", err)
	} else {
		sum.BatchesSequenced, sum.StateRoot, sum.RootsIdentical = head.LastBatch, head.StateRoot.String(), true
		st.mu.Lock()
		audit, err := d.rs.auditLog(context.Background(), d.rs.all(), st.acked)
		st.mu.Unlock()
		switch {
		case err != nil:
			fmt.Fprintln(progress, "devnet: audit:", err)
		case audit.Fork != "":
			sum.RootsIdentical = false
			fmt.Fprintln(progress, "devnet: replicas forked at", audit.Fork)
		}
		sum.AckedLost, sum.Duplicates = audit.Lost, audit.Duplicates
	}
	fmt.Fprintf(progress, "summary: %d/%d txs sequenced in %d batches, %.0f tx/s, p50 %.1f ms, p99 %.1f ms, roots identical: %v\n",
		sum.TxsSequenced, sum.TxsSubmitted, sum.BatchesSequenced, sum.TxPerS, sum.P50Ms, sum.P99Ms, sum.RootsIdentical)
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(sum); err != nil {
			return err
		}
	}
	if sum.AckedLost > 0 || sum.Duplicates > 0 {
		return fmt.Errorf("devnet broke an invariant: %d acknowledged transactions lost, %d duplicated", sum.AckedLost, sum.Duplicates)
	}
	if *txs > 0 && (sum.TxsSequenced < int64(*txs) || !sum.RootsIdentical) {
		return fmt.Errorf("devnet incomplete: %d of %d sequenced, roots identical %v", sum.TxsSequenced, *txs, sum.RootsIdentical)
	}
	return nil
}

func (d *devnet) start(n, accounts int) error {
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
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
	rs, err := newReplicaSet(d.dir, n, d.genesis, d.token, nil, nil)
	if err != nil {
		return err
	}
	d.rs = rs
	return rs.startAll()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// watch prints progress every second until the load ends.
func (d *devnet) watch(ctx context.Context, st *loadStats, start time.Time, done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var heights []string
		leader := "-"
		for i, s := range d.rs.statuses(context.Background()) {
			if s == nil {
				heights = append(heights, fmt.Sprintf("s%d:down", i))
				continue
			}
			heights = append(heights, fmt.Sprintf("s%d:%d", i, s.LastBatch))
			if s.Role == "Leader" {
				leader = s.ID + fmt.Sprintf("(term %d)", s.Term)
			}
		}
		fmt.Fprintf(d.out, "%5.0fs  txs %d sequenced / %d sent (%d failed)  leader %s  heights %s\n",
			time.Since(start).Seconds(), st.sequenced.Load(), st.submitted.Load(), st.failed.Load(), leader, strings.Join(heights, " "))
	}
}

// leaderChanges reads how many leaderships each replica has seen
// (baton_raft_leader_changes_total) and returns the most, less the first
// election: polling status would miss changes between polls.
func (d *devnet) leaderChanges() int {
	most := 0
	for _, a := range d.rs.apis() {
		resp, err := http.Get("http://" + a + "/metrics")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, line := range strings.Split(string(body), "\n") {
			if v, ok := strings.CutPrefix(line, "baton_raft_leader_changes_total "); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					most = max(most, int(f))
				}
			}
		}
	}
	return max(0, most-1)
}
