package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/watchdog"
)

// devnet runs replicas as separate processes of this binary on loopback,
// drives load through their APIs and reports. Everything it starts it stops.
type devnet struct {
	dir     string
	token   string
	rs      *replicaSet
	genesis fsm.Genesis
	out     io.Writer // progress lines

	// procs: NATS, etcd and the L1 run as processes of their own
	// (baton nats, baton etcd, baton l1 simulated) rather than in this one.
	procs bool
	// withTLS: replicas serve Raft and the API over TLS, with certificates
	// from a throwaway CA in <dir>/tls; tlsFiles holds them by name (s<i>
	// for replicas, "client" for the devnet, watchdogs and people).
	withTLS  bool
	tlsFiles map[string]tlsconf.Files
	// services stop what start began besides baton's own processes (in
	// this process or not), after those processes: a replica stopping
	// still talks to them.
	services []func()

	// The prover farm: NATS, keys, workers (nil without).
	natsURL string
	provers *proverSet
	keysDir string
	farm    *farmWatch

	// The L1: embedded chain and contracts (nil without provers), and
	// each batch's way through its states.
	l1     *devL1
	stages *stageWatch

	// The watchdog: etcd and the watchdog processes.
	etcdCli   *clientv3.Client
	etcdKeys  watchdog.Keys
	watchdogs *proverSet
	wd        watchdogOpts
	// ackWait overrides the job AckWait (the watchdog benchmark's
	// baseline); zero keeps the default.
	ackWait time.Duration
}

// watchdogOpts are the devnet's watchdog timings: short, so failover
// shows in seconds.
type watchdogOpts struct {
	ttl, check, stale, commitStall, cooldown, probation, deadlineFloor time.Duration
}

func defaultWatchdogOpts() watchdogOpts {
	return watchdogOpts{ttl: 3 * time.Second, check: 500 * time.Millisecond, stale: 3 * time.Second, commitStall: 8 * time.Second,
		cooldown: 20 * time.Second, probation: 10 * time.Second, deadlineFloor: 10 * time.Second}
}

// farmWatch follows the provers from their heartbeats (a job started) and
// results (a proof done), for the progress line.
type farmWatch struct {
	nc      *nats.Conn
	mu      sync.Mutex
	current map[string]uint64 // prover → batch it is proving
	done    map[string]int
	lastMs  map[string]int64
	// queueS and proveS: each result's time waiting in the queue (publish
	// to fetch) and proving, in seconds.
	queueS, proveS []float64
}

func watchFarm(url string, opts ...nats.Option) (*farmWatch, error) {
	nc, err := nats.Connect(url, append(opts, nats.Name("baton-devnet"))...)
	if err != nil {
		return nil, err
	}
	f := &farmWatch{nc: nc, current: map[string]uint64{}, done: map[string]int{}, lastMs: map[string]int64{}}
	if _, err := nc.Subscribe("baton.heartbeats.*", func(m *nats.Msg) {
		if h, err := queue.DecodeHeartbeat(m.Data); err == nil {
			f.mu.Lock()
			f.current[h.Prover] = h.Batch
			f.mu.Unlock()
		}
	}); err != nil {
		nc.Close()
		return nil, err
	}
	if _, err := nc.Subscribe("baton.results.>", func(m *nats.Msg) {
		if r, err := queue.DecodeResult(m.Data); err == nil {
			f.mu.Lock()
			if f.current[r.Prover] == r.Batch {
				delete(f.current, r.Prover)
			}
			f.done[r.Prover]++
			f.lastMs[r.Prover] = r.ProveMs
			f.queueS = append(f.queueS, float64(r.QueueMs)/1000)
			f.proveS = append(f.proveS, float64(r.ProveMs)/1000)
			f.mu.Unlock()
		}
	}); err != nil {
		nc.Close()
		return nil, err
	}
	return f, nil
}

// line is e.g. "p0 proving #12 (3 done, last 2.1s) · p1 idle (4 done)".
func (f *farmWatch) line(ids []string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var parts []string
	for _, id := range ids {
		state := "idle"
		if b, ok := f.current[id]; ok {
			state = fmt.Sprintf("proving #%d", b)
		}
		if n := f.done[id]; n > 0 {
			state += fmt.Sprintf(" (%d done, last %.1fs)", n, float64(f.lastMs[id])/1000)
		}
		parts = append(parts, id+" "+state)
	}
	return strings.Join(parts, " · ")
}

// reservedAccounts are left out of the devnet's own load, so that a person
// sending with `baton tx send --from` does not race it for nonces.
const reservedAccounts = 8

type devnetSummary struct {
	TxsSubmitted      int64   `json:"txs_submitted"`
	TxsSequenced      int64   `json:"txs_sequenced"`
	TxsFailed         int64   `json:"txs_failed"`
	BatchesSequenced  uint64  `json:"batches_sequenced"`
	BatchesProven     uint64  `json:"batches_proven"`
	BatchesFinalized  uint64  `json:"batches_finalized"`
	Deposits          int     `json:"deposits"`
	DepositsCredited  int     `json:"deposits_credited"`
	GasCommitPerBatch float64 `json:"gas_commit_per_batch"`
	GasProvePerBatch  float64 `json:"gas_prove_per_batch"`
	GasPerTx          float64 `json:"gas_per_tx"`
	L1Reverted        int     `json:"l1_txs_reverted"`
	ProvenP50S        float64 `json:"proven_p50_s"`
	QueueP50S         float64 `json:"queue_p50_s"`
	ProveP50S         float64 `json:"prove_p50_s"`
	L1P50S            float64 `json:"l1_p50_s"`
	FinalityP50S      float64 `json:"finality_p50_s"`
	FinalityP99S      float64 `json:"finality_p99_s"`
	ProofsRejected    int     `json:"proofs_rejected"`
	Provers           int     `json:"provers"`
	RootsIdentical    bool    `json:"roots_identical"`
	AckedLost         int     `json:"acked_lost"`
	Duplicates        int     `json:"duplicates"`
	LeaderChanges     int     `json:"leader_changes"`
	Replicas          int     `json:"replicas"`
	DurationS         float64 `json:"duration_s"`
	TxPerS            float64 `json:"tx_per_s"`
	P50Ms             float64 `json:"p50_ms"`
	P99Ms             float64 `json:"p99_ms"`
	StateRoot         string  `json:"state_root"`
	DataDir           string  `json:"data_dir"`
	// With --chaos: the faults injected and how each was got past.
	ChaosEvents int          `json:"chaos_events,omitempty"`
	Chaos       []chaosEvent `json:"chaos,omitempty"`
	// JobsReoffered: attempts the watchdog had voided and the leader
	// offered again (counted by replicas alive at the end).
	JobsReoffered int `json:"jobs_reoffered"`
}

// newDevnet is a devnet on genesis g, progress to out, with a fresh admin
// token and the default watchdog timings; the caller sets the data dir
// and any other option before start.
func newDevnet(out io.Writer, g fsm.Genesis, keysDir string) (*devnet, error) {
	tok, err := newToken()
	if err != nil {
		return nil, err
	}
	return &devnet{out: out, genesis: g, keysDir: keysDir, token: tok, wd: defaultWatchdogOpts(),
		stages: &stageWatch{batches: map[uint64]*batchStages{}}}, nil
}

// newToken is a fresh admin token.
func newToken() (string, error) {
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return "", err
	}
	return hex.EncodeToString(tok), nil
}

// summaryOf reads the JSON summary `devnet --json` ends its output with.
func summaryOf(out string) (devnetSummary, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var sum devnetSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		return sum, fmt.Errorf("the last line is not the devnet's JSON summary: %w", err)
	}
	return sum, nil
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
	provers := fs.Int("provers", 2, "prover workers (0: sequencing only, nothing is proven)")
	batchSize := fs.Int("batch-size", 4, "operations per batch: the circuit's slots when proving")
	treeDepth := fs.Int("tree-depth", 10, "account tree depth when proving (the circuit grows with it)")
	keysDir := fs.String("keys-dir", defaultKeysDir(), "Groth16 key cache (a first run for a circuit size makes them)")
	finalityTimeout := fs.Duration("finality-timeout", 15*time.Minute, "with --txs: how long to wait for every batch to be proven and finalized on L1")
	l1BlockTime := fs.Duration("l1-block-time", time.Second, "block time of the embedded L1 (with provers)")
	l1Conf := fs.Uint64("l1-confirmations", 2, "L1 confirmations the replicas wait for")
	deposits := fs.Int("deposits", 2, "deposits an L1 user makes to new L2 accounts at the start (with provers)")
	// Instead of the embedded chain: any node, e.g. geth --dev, with a
	// funded account in a keystore (the sequencer; it also funds the
	// devnet's L1 user). --l1-block-time then says the node's block time.
	l1f := bindL1Flags(fs, false)
	withTLS := fs.Bool("tls", false, "make a throwaway CA and run Raft and NATS over mutual TLS and the APIs over HTTPS (certificates in <data-dir>/tls)")
	procs := fs.Bool("procs", false, "run NATS, etcd and the simulated L1 as OS processes of their own too (replicas, provers and watchdogs always are)")
	withChaos := fs.Bool("chaos", false, "kill and freeze the leader, a prover and the active watchdog during the run (needs provers)")
	chaosPause := fs.Duration("chaos-pause", 3*time.Second, "with --chaos: quiet time before each fault")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *withChaos && *provers < 2 {
		return fmt.Errorf("--chaos needs at least 2 provers (one is killed while another takes its job)")
	}
	if *deposits < 0 || *deposits > 64 {
		return fmt.Errorf("--deposits %d: want 0 to 64", *deposits)
	}
	if *l1BlockTime < 50*time.Millisecond {
		return fmt.Errorf("--l1-block-time %v: want at least 50ms", *l1BlockTime)
	}
	if *provers < 0 || *provers > 16 {
		return fmt.Errorf("--provers %d: want 0 to 16", *provers)
	}
	if *accounts < reservedAccounts+3 {
		return fmt.Errorf("--accounts must be at least %d", reservedAccounts+3)
	}
	if *replicas < 1 || *replicas > 7 {
		return fmt.Errorf("--replicas %d: want 1 to 7", *replicas)
	}
	if *rate == 0 && *withChaos {
		// The faults need traffic while they happen (a frozen batcher is
		// only noticed with transactions waiting), so the load is paced.
		*rate = 1
	}
	if *rate == 0 && *txs == 0 {
		// Modest: on two cores the provers keep up with about 1 tx/s (each
		// slot of the circuit costs ~0.4 s of one core).
		*rate = 20
		if *provers > 0 {
			*rate = 1
		}
	}
	progress := stdout
	if *asJSON {
		progress = os.Stderr
	}
	d, err := newDevnet(progress, devGenesis(*accounts), *keysDir)
	if err != nil {
		return err
	}
	d.procs, d.withTLS = *procs, *withTLS
	if *provers > 0 {
		cfg := fsm.DefaultConfig()
		cfg.MaxBatchTxs, cfg.TreeDepth = *batchSize, *treeDepth
		d.genesis = fsm.DevGenesis(cfg, devSeed, *accounts, 1_000_000_000, 0)
		if err := d.genesis.Validate(); err != nil {
			return err
		}
	}
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
	// Registered before start, so that a failed start stops what it began.
	defer d.close()
	if err := d.start(ctx, *replicas, *accounts, *provers, l1Opts{blockTime: *l1BlockTime, conf: *l1Conf, flags: l1f}); err != nil {
		return err
	}
	apis := d.rs.apis()

	fmt.Fprintf(progress, "devnet: %d replicas, %d provers, data in %s\n", *replicas, *provers, d.dir)
	where := "embedded"
	if d.procs {
		where = "own process"
	}
	fmt.Fprintf(progress, "  etcd  %s (%s)\n", d.etcdURL(), where)
	if d.natsURL != "" {
		fmt.Fprintf(progress, "  NATS  %s (JetStream, %s)\n", d.natsURL, where)
	}
	if d.l1 != nil {
		kind := fmt.Sprintf("simulated chain, %v blocks, %s", *l1BlockTime, where)
		if d.l1.external {
			kind = "external node"
		}
		fmt.Fprintf(progress, "  L1    %s (%s)  rollup %s  verifier %s\n", d.l1.url, kind, d.l1.dep.Rollup, d.l1.dep.Verifier)
	}
	for i := range apis {
		fmt.Fprintf(progress, "  s%d API  %s\n", i, d.rs.client(i).Base)
	}
	fmt.Fprintf(progress, "  admin token  %s\n", d.token)
	if f, ok := d.tlsClient(); ok {
		fmt.Fprintf(progress, "  TLS   throwaway CA %s; admin client certificate %s, key %s\n", f.CA, f.Cert, f.Key)
		fmt.Fprintf(progress, "  try: curl --cacert %s %s/v1/status\n", f.CA, d.rs.client(0).Base)
	} else {
		fmt.Fprintf(progress, "  try: curl %s/v1/status\n", d.rs.client(0).Base)
	}
	if _, err := d.rs.leader(ctx, d.rs.all(), 30*time.Second); err != nil {
		return err
	}
	// Every API up before the load starts: with provers, a replica first
	// compiles the circuit to verify proofs, and takes a few seconds.
	if err := d.waitAPIs(ctx, 60*time.Second); err != nil {
		return err
	}

	watchCtx, cancelWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		d.stages.run(watchCtx, d.rs, 250*time.Millisecond)
	}()
	// Stopped before the replicas are (d.close runs after this).
	stopWatch := func() { cancelWatch(); <-watchDone }
	defer stopWatch()
	if d.l1 != nil {
		for i := range *deposits {
			key := fsm.DevKey(devSeed, uint64(*accounts+i)).Public()
			if err := d.l1.deposit(ctx, key, 1_000_000); err != nil {
				return err
			}
		}
	}

	start := time.Now()
	lcfg := d.loadConfig(*rate, min(64, *accounts-1))
	lcfg.Txs = *txs
	load := loadgen.Start(ctx, lcfg)
	defer load.Stop()
	st := load.Stats()
	var (
		ch       *chaos
		chaosErr error
	)
	chaosDone := make(chan struct{})
	if *withChaos {
		ch = &chaos{d: d, out: progress, pause: *chaosPause}
		go func() { defer close(chaosDone); chaosErr = ch.run(ctx) }()
	} else {
		close(chaosDone)
	}
	// Shown until the load is done and every fault is undone
	// (restarted, thawed).
	settled := make(chan struct{})
	go func() { <-load.Done(); <-chaosDone; close(settled) }()
	d.watch(ctx, st, start, settled)
	load.Stop()
	elapsed := time.Since(start)
	if d.provers != nil && *txs > 0 && ctx.Err() == nil {
		d.waitFinalized(ctx, *finalityTimeout)
	}
	stopWatch()

	nonceOrder := 0
	sum := devnetSummary{
		TxsSubmitted: st.Submitted(), TxsSequenced: st.Sequenced(), TxsFailed: st.Failed(),
		LeaderChanges: int(d.metricMax("baton_raft_leader_changes_total")) - 1, Replicas: *replicas, DurationS: elapsed.Seconds(),
		Provers: *provers, ProofsRejected: int(d.metricSum("baton_proofs_rejected_total")),
		TxPerS: float64(st.Sequenced()) / elapsed.Seconds(),
		P50Ms:  ms(st.Percentile(0.5)), P99Ms: ms(st.Percentile(0.99)), DataDir: d.dir,
	}
	if head, err := d.rs.converge(context.Background(), d.rs.all(), 10*time.Second); err != nil {
		fmt.Fprintln(progress, "devnet:", err)
	} else {
		sum.BatchesSequenced, sum.StateRoot, sum.RootsIdentical = head.LastBatch, head.StateRoot.String(), true
		sum.BatchesProven, sum.BatchesFinalized = head.Proven, head.Finalized
		rep, err := d.rs.audit(context.Background(), d.rs.all(), st.Acked())
		switch {
		case err != nil:
			fmt.Fprintln(progress, "devnet: audit:", err)
		case rep.Fork != "" || rep.Chain != "":
			sum.RootsIdentical = false
			fmt.Fprintln(progress, "devnet: replicas forked at", rep.Fork+rep.Chain)
		}
		sum.AckedLost, sum.Duplicates, nonceOrder = rep.Lost, rep.Duplicates, rep.NonceOrder
	}
	sum.LeaderChanges = max(0, sum.LeaderChanges)
	sum.JobsReoffered = int(d.metricSum("baton_proof_jobs_reoffered_total"))
	if ch != nil {
		sum.Chaos, sum.ChaosEvents = ch.events, len(ch.events)
	}
	if d.l1 != nil {
		d.settlementSummary(&sum, *accounts, *deposits)
	}
	for msg, n := range st.Errors() {
		fmt.Fprintf(progress, "devnet: %d failed: %s\n", n, msg)
	}
	fmt.Fprintf(progress, "summary: %d/%d txs sequenced in %d batches (%d proven, %d proofs rejected), %.0f tx/s, p50 %.1f ms, p99 %.1f ms, roots identical: %v\n",
		sum.TxsSequenced, sum.TxsSubmitted, sum.BatchesSequenced, sum.BatchesProven, sum.ProofsRejected, sum.TxPerS, sum.P50Ms, sum.P99Ms, sum.RootsIdentical)
	if d.l1 != nil {
		fmt.Fprintf(progress, "L1: %d batches finalized, %d/%d deposits credited; gas %.0f per commit, %.0f per proof, %.0f per tx\n",
			sum.BatchesFinalized, sum.DepositsCredited, sum.Deposits, sum.GasCommitPerBatch, sum.GasProvePerBatch, sum.GasPerTx)
		fmt.Fprintf(progress, "finality: sequenced→proven p50 %.1f s (queue %.2f s, prove %.1f s), proven→finalized p50 %.1f s; sequenced→finalized p50 %.1f s, p99 %.1f s\n",
			sum.ProvenP50S, sum.QueueP50S, sum.ProveP50S, sum.L1P50S, sum.FinalityP50S, sum.FinalityP99S)
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(sum); err != nil {
			return err
		}
	}
	if chaosErr != nil {
		return fmt.Errorf("chaos: a fault was not got past: %w", chaosErr)
	}
	if sum.AckedLost > 0 || sum.Duplicates > 0 || nonceOrder > 0 {
		return fmt.Errorf("devnet broke an invariant: %d acknowledged transactions lost, %d duplicated, %d out of nonce order", sum.AckedLost, sum.Duplicates, nonceOrder)
	}
	if *txs > 0 && (sum.TxsSequenced < int64(*txs) || !sum.RootsIdentical) {
		return fmt.Errorf("devnet incomplete: %d of %d sequenced, roots identical %v", sum.TxsSequenced, *txs, sum.RootsIdentical)
	}
	if *txs > 0 && *provers > 0 && (sum.BatchesFinalized < sum.BatchesSequenced || sum.DepositsCredited < sum.Deposits) {
		return fmt.Errorf("devnet incomplete: %d of %d batches finalized, %d of %d deposits credited",
			sum.BatchesFinalized, sum.BatchesSequenced, sum.DepositsCredited, sum.Deposits)
	}
	return nil
}

func (d *devnet) waitAPIs(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		up := 0
		for _, s := range d.rs.statuses(ctx) {
			if s != nil {
				up++
			}
		}
		if up == len(d.rs.procs) {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d replica APIs answer after %v", up, len(d.rs.procs), timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitFinalized waits until every replica reports every batch finalized
// on L1 (the summary reads whichever replica it asks).
func (d *devnet) waitFinalized(ctx context.Context, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	last := time.Time{}
	for ctx.Err() == nil && time.Now().Before(deadline) {
		proven, final, head, up := uint64(1<<63), uint64(1<<63), uint64(0), 0
		for _, s := range d.rs.statuses(ctx) {
			if s != nil {
				up++
				proven, final, head = min(proven, s.Proven), min(final, s.Finalized), max(head, s.LastBatch)
			}
		}
		if up == len(d.rs.procs) && head > 0 && final >= head {
			return
		}
		if time.Since(last) > 5*time.Second {
			fmt.Fprintf(d.out, "waiting for L1: %d of %d batches proven, %d finalized on every replica\n", min(proven, head), head, min(final, head))
			last = time.Now()
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// settlementSummary adds the L1's figures: gas from the chain itself,
// stage latencies from the watcher, deposits from the accounts they made.
func (d *devnet) settlementSummary(sum *devnetSummary, accounts, deposits int) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d.stages.poll(ctx, d.rs)
	proven, final, l1, ops := d.stages.latencies()
	sum.ProvenP50S, sum.FinalityP50S, sum.FinalityP99S = quantile(proven, 0.5), quantile(final, 0.5), quantile(final, 0.99)
	sum.L1P50S = quantile(l1, 0.5)
	d.farm.mu.Lock()
	q, p := slices.Clone(d.farm.queueS), slices.Clone(d.farm.proveS)
	d.farm.mu.Unlock()
	slices.Sort(q)
	slices.Sort(p)
	sum.QueueP50S, sum.ProveP50S = quantile(q, 0.5), quantile(p, 0.5)
	if g, err := d.l1.gas(ctx); err != nil {
		fmt.Fprintln(d.out, "devnet: L1 gas:", err)
	} else {
		sum.L1Reverted = g.reverted
		if n := float64(sum.BatchesFinalized); n > 0 {
			sum.GasCommitPerBatch, sum.GasProvePerBatch = float64(g.commit)/n, float64(g.prove)/n
		}
		if ops > 0 {
			sum.GasPerTx = float64(g.commit+g.prove) / float64(ops)
		}
	}
	sum.Deposits = deposits
	c := d.rs.client(0)
	for i := range deposits {
		a, err := c.Account(ctx, uint32(accounts+i))
		if err == nil && a.PubKey == fsm.DevKey(devSeed, uint64(accounts+i)).Public() && a.Balance == 1_000_000 {
			sum.DepositsCredited++
		}
	}
}

func (d *devnet) close() {
	if d.farm != nil {
		d.farm.nc.Close()
	}
	if d.watchdogs != nil {
		if err := d.watchdogs.stop(); err != nil {
			fmt.Fprintln(d.out, "devnet:", err)
		}
	}
	if d.provers != nil {
		if err := d.provers.stop(); err != nil {
			fmt.Fprintln(d.out, "devnet:", err)
		}
	}
	if d.rs != nil {
		d.rs.stop()
	}
	if d.l1 != nil {
		d.l1.close()
	}
	if d.etcdCli != nil {
		d.etcdCli.Close()
	}
	for i := len(d.services) - 1; i >= 0; i-- {
		d.services[i]()
	}
}

func (d *devnet) start(ctx context.Context, n, accounts, provers int, l1 l1Opts) error {
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return err
	}
	// Flags every replica gets: batches no longer than the circuit.
	extra := []string{"--batch-max-txs", strconv.Itoa(d.genesis.MaxBatchTxs)}
	if d.withTLS {
		var names []string
		for i := range n {
			names = append(names, fmt.Sprintf("s%d", i))
		}
		var err error
		if d.tlsFiles, err = tlsconf.WriteDevPKI(filepath.Join(d.dir, "tls"), []string{"127.0.0.1", "localhost"}, append(names, "nats"), "client"); err != nil {
			return err
		}
	}
	etcdArgs, err := d.startEtcd(ctx)
	if err != nil {
		return err
	}
	extra = append(extra, etcdArgs...)
	if provers > 0 {
		p := prover.ParamsFor(d.genesis.Config, d.genesis.MaxBatchTxs)
		fmt.Fprintf(d.out, "devnet: Groth16 keys for %s in %s (made once per circuit size; minutes the first time)\n", p, d.keysDir)
		start := time.Now()
		log, _ := newLogger("warn", "text", os.Stderr)
		k, created, err := prover.Setup(d.keysDir, p, log)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(d.out, "devnet: setup of %d constraints took %v (single party: devnet keys only)\n", k.Constraints(), time.Since(start).Round(time.Second))
		}
		if err := d.startNATS(ctx); err != nil {
			return err
		}
		natsArgs := append([]string{"--nats", d.natsURL, "--keys-dir", d.keysDir}, d.natsArgs()...)
		if d.ackWait > 0 {
			natsArgs = append(natsArgs, "--job-ack-wait", d.ackWait.String())
		}
		// A proof costs the same whether its slots are full or not, so
		// batches wait a little to fill up.
		extra = append(extra, append(natsArgs, "--batch-interval", "3s")...)
		if d.provers, err = newProverSet(d.dir, append(append(natsArgs, etcdArgs...), "--genesis", filepath.Join(d.dir, "genesis.json"))); err != nil {
			return err
		}
		d.provers.metrics = true
		if d.farm, err = watchFarm(d.natsURL, d.natsTLS()...); err != nil {
			return err
		}
		if d.procs {
			l1.spawn = d.startL1Proc
		}
		if d.l1, err = startDevL1(ctx, d.dir, l1, k, d.genesis); err != nil {
			return err
		}
		extra = append(extra, d.l1.args...)
	}
	// The devnet's keys, beside the genesis, for anyone poking the API.
	keys := map[string]string{}
	for i := range accounts {
		keys[fmt.Sprint(i)] = hex.EncodeToString(fsm.DevKey(devSeed, uint64(i)).Bytes())
	}
	if err := writeJSON(filepath.Join(d.dir, "genesis-keys.json"), keys); err != nil {
		return err
	}
	rs, err := newReplicaSet(d.dir, n, d.genesis, d.token, extra, nil)
	if err != nil {
		return err
	}
	d.rs = rs
	if f, ok := d.tlsClient(); ok {
		tc, err := f.Client()
		if err != nil {
			return err
		}
		rs.setTLS(d.tlsFiles, tc)
	}
	if err := rs.startAll(); err != nil {
		return err
	}
	if d.provers != nil {
		for range provers {
			if err := d.provers.start(); err != nil {
				return err
			}
		}
	}
	// One active watchdog and one standby.
	for range 2 {
		if err := d.watchdogs.start(); err != nil {
			return err
		}
	}
	return nil
}

// startEtcd runs the devnet's etcd in this process (its data in the data
// dir) and prepares the watchdog processes; it returns the flags replicas
// and provers get.
func (d *devnet) startEtcd(ctx context.Context) ([]string, error) {
	addrs, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	etcdURL := "http://" + addrs[0]
	dir := filepath.Join(d.dir, "etcd")
	if d.procs {
		err = d.startService(ctx, "etcd", []string{"--name", "etcd0", "--data-dir", dir,
			"--listen-client", addrs[0], "--listen-peer", addrs[1]}, func(ctx context.Context) error {
			cli, err := watchdog.Connect(ctx, watchdog.EtcdConfig{Endpoints: []string{etcdURL}, DialTimeout: time.Second})
			if err != nil {
				return err
			}
			defer cli.Close()
			_, err = cli.Status(ctx, etcdURL)
			return err
		})
	} else {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		var m *watchdog.Member
		if m, err = watchdog.StartMember(sctx, watchdog.MemberConfig{Name: "etcd0", Dir: dir, ClientAddr: addrs[0], PeerAddr: addrs[1]}); err == nil {
			d.services = append(d.services, m.Close)
		}
	}
	if err != nil {
		return nil, err
	}
	if d.etcdCli, err = watchdog.Connect(ctx, watchdog.EtcdConfig{Endpoints: []string{etcdURL}}); err != nil {
		return nil, err
	}
	if d.etcdKeys, err = watchdog.NewKeys("devnet"); err != nil {
		return nil, err
	}
	o := d.wd
	args := []string{"--etcd", etcdURL, "--cluster-name", "devnet", "--etcd-ttl", o.ttl.String()}
	wargs := append(slices.Clone(args), "--check", o.check.String(), "--stale-after", o.stale.String(),
		"--commit-stall", o.commitStall.String(), "--cooldown", o.cooldown.String(), "--probation", o.probation.String(),
		"--deadline-floor", o.deadlineFloor.String())
	if d.watchdogs, err = newProcSet(d.dir, "watchdog", "w", wargs); err != nil {
		return nil, err
	}
	d.watchdogs.env = []string{"BATON_TOKEN=" + d.token}
	if f, ok := d.tlsClient(); ok {
		d.watchdogs.args = append(d.watchdogs.args, tlsArgs("", f)...)
	}
	d.watchdogs.metrics = true
	return args, nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// watch prints progress every second until the load ends.
func (d *devnet) watch(ctx context.Context, st *loadgen.Stats, start time.Time, done <-chan struct{}) {
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
		leader, proven := "-", ""
		for i, s := range d.rs.statuses(context.Background()) {
			if s == nil {
				heights = append(heights, fmt.Sprintf("s%d:down", i))
				continue
			}
			heights = append(heights, fmt.Sprintf("s%d:%d", i, s.LastBatch))
			if s.Role == "Leader" {
				leader = s.ID + fmt.Sprintf("(term %d)", s.Term)
				if d.provers != nil {
					proven = fmt.Sprintf("  proven %d/%d  finalized %d", s.Proven, s.LastBatch, s.Finalized)
				}
			}
		}
		fmt.Fprintf(d.out, "%5.0fs  txs %d sequenced / %d sent (%d failed)  leader %s  heights %s%s\n",
			time.Since(start).Seconds(), st.Sequenced(), st.Submitted(), st.Failed(), leader, strings.Join(heights, " "), proven)
		if d.farm != nil {
			var ids []string
			for _, p := range d.provers.procs {
				ids = append(ids, p.id)
			}
			fmt.Fprintf(d.out, "       provers: %s\n", d.farm.line(ids))
		}
		if line := d.etcdLine(ctx); line != "" {
			fmt.Fprintf(d.out, "       etcd: %s\n", line)
		}
	}
}

// etcdLine is what the watchdog's records say: leader, active watchdog,
// each prover's job and the proving deadline.
func (d *devnet) etcdLine(ctx context.Context) string {
	if d.etcdCli == nil {
		return ""
	}
	rctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	st, err := watchdog.ReadState(rctx, d.etcdCli, d.etcdKeys)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	leader := "none"
	if st.Leader != nil {
		leader = fmt.Sprintf("%s (term %d)", st.Leader.ID, st.Leader.Term)
	}
	wd := "none"
	if st.Watchdog != "" {
		wd = st.Watchdog + " active"
		if len(st.Standby) > 0 {
			wd += ", standby " + strings.Join(st.Standby, ",")
		}
	}
	var ps []string
	for _, p := range st.Provers {
		job := "idle"
		if p.Job != nil {
			job = fmt.Sprintf("batch %d/%d", p.Job.Batch, p.Job.Attempt)
		}
		ps = append(ps, fmt.Sprintf("%s:%s", p.ID, job))
	}
	line := fmt.Sprintf("leader %s  watchdog %s  provers [%s]", leader, wd, strings.Join(ps, " "))
	for c, dl := range st.Deadlines {
		line += fmt.Sprintf("  deadline %s %.0fs", c, float64(dl.DeadlineMs)/1000)
	}
	return line
}

// metricMax reads a counter from every replica's /metrics and returns the
// largest value (leader changes: polling status would miss some).
func (d *devnet) metricMax(name string) float64 {
	most := 0.0
	for _, v := range d.metric(name) {
		most = max(most, v)
	}
	return most
}

// metricSum adds a counter over replicas and label values (rejected
// proofs: each leader counts its own).
func (d *devnet) metricSum(name string) float64 {
	total := 0.0
	for _, v := range d.metric(name) {
		total += v
	}
	return total
}

func (d *devnet) metric(name string) []float64 {
	var out []float64
	for i := range d.rs.procs {
		c := d.rs.client(i)
		resp, err := c.HTTP.Get(c.Base + "/metrics")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, line := range strings.Split(string(body), "\n") {
			rest, ok := strings.CutPrefix(line, name)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '{') {
				continue
			}
			if i := strings.LastIndexByte(rest, ' '); i >= 0 {
				if f, err := strconv.ParseFloat(rest[i+1:], 64); err == nil {
					out = append(out, f)
				}
			}
		}
	}
	return out
}
