package chaos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/loadgen"
)

// Config is one chaos run.
type Config struct {
	// Seed makes the schedule (and which follower or prover a fault
	// picks); a failed run's seed replays it.
	Seed uint64
	// Faults is how many faults the schedule has (Schedule, if set, wins).
	Faults   int
	Schedule Schedule
	// Replicas, Provers and Clients: the cluster and the modelled clients
	// (at most devnet.ReservedAccounts). Provers 0 runs no NATS and no
	// L1: only the sequencers, etcd and the watchdogs are faulted.
	Replicas, Provers, Clients int
	// Mutate breaks one guarantee on purpose (linearizable reads served
	// locally, with no read index): the checker must then fail.
	Mutate bool
	// BatchSize and TreeDepth are the circuit's; Accounts the genesis'.
	BatchSize, TreeDepth, Accounts int
	// L1BlockTime of the simulated L1.
	L1BlockTime time.Duration
	// Rate is the background load (transactions per second) on the
	// accounts the modelled clients do not own.
	Rate float64
	// Dir holds every process's data and logs and the run's schedule,
	// history and findings; KeysDir caches Groth16 keys; Exe is the baton
	// binary (empty: this process's own).
	Dir, KeysDir, Exe string
	// FinalityTimeout bounds the wait for every batch to be finalized.
	FinalityTimeout time.Duration
	// Progress receives a line per fault and step (nil: none).
	Progress io.Writer
}

// DefaultConfig is `make chaos`: 100 faults on 3 replicas and 2 provers.
func DefaultConfig() Config {
	return Config{Seed: 1, Faults: 100, Replicas: 3, Provers: 2, Clients: 6, BatchSize: 2, TreeDepth: 4, Accounts: 16,
		L1BlockTime: 250 * time.Millisecond, Rate: 4, FinalityTimeout: 3 * time.Minute}
}

// Validate reports a config that cannot run.
func (c Config) Validate() error {
	switch {
	case c.Faults < 1 && len(c.Schedule) == 0:
		return errors.New("chaos: at least one fault")
	case c.Replicas < 3:
		return errors.New("chaos: at least 3 replicas (a quorum must survive one fault)")
	case c.Clients < 1 || c.Clients > devnet.ReservedAccounts:
		return fmt.Errorf("chaos: 1 to %d modelled clients", devnet.ReservedAccounts)
	case c.Provers < 0 || c.Rate < 0:
		return errors.New("chaos: provers and rate must not be negative")
	case c.Dir == "":
		return errors.New("chaos: a data dir is required")
	}
	return nil
}

// Result is a run's outcome; `baton chaos --json` prints it as its last
// line (the keys are an interface: scripts read them).
type Result struct {
	Seed             uint64         `json:"seed"`
	Faults           int            `json:"faults"`
	FaultKinds       map[string]int `json:"fault_kinds"`
	Ops              int            `json:"ops"`
	OpsIndeterminate int            `json:"ops_indeterminate"`
	ReadsRetryable   int            `json:"reads_retryable"`
	// Unanswered are indeterminate submits and failed reads by answer.
	Unanswered map[string]int `json:"unanswered"`
	BadInput   int            `json:"bad_input"`
	AckedLost  int            `json:"acked_lost"`
	Duplicates int            `json:"duplicates"`
	Forks      int            `json:"forks"`
	NonceOrder int            `json:"nonce_order"`
	Verdict
	BatchesSequenced uint64   `json:"batches_sequenced"`
	BatchesFinalized uint64   `json:"batches_finalized"`
	LoadAcked        int      `json:"load_acked"`
	Provers          int      `json:"provers"`
	Mutated          bool     `json:"mutated"`
	ElapsedS         float64  `json:"elapsed_s"`
	Findings         []string `json:"findings"`
	Dir              string   `json:"data_dir"`
}

// OK says the run found nothing wrong.
func (r *Result) OK() bool {
	return len(r.Findings) == 0 && r.AckedLost == 0 && r.Duplicates == 0 && r.Forks == 0 && r.NonceOrder == 0 &&
		r.Linearizable && r.StaleMonotonic && (r.Provers == 0 || r.BatchesFinalized == r.BatchesSequenced)
}

// kinds are the faults a cluster of cfg's shape can take.
func (c Config) kinds() []Kind {
	if c.Provers > 0 {
		return AllKinds
	}
	var out []Kind
	for _, k := range AllKinds {
		switch k {
		case KillProver, StopProver, RestartNATS, RestartL1:
		default:
			out = append(out, k)
		}
	}
	return out
}

// Run starts a devnet of processes, runs the load, the modelled clients
// and the schedule, waits for finality and checks everything. The result
// is nil if the run could not get going; with a result, the error says
// what the checks found.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	sched := cfg.Schedule
	if sched == nil {
		var err error
		if sched, err = NewSchedule(cfg.Seed, cfg.Faults, cfg.kinds()); err != nil {
			return nil, err
		}
	}
	if cfg.Mutate {
		sched = mutated(sched)
	}
	out := cfg.Progress
	if out == nil {
		out = io.Discard
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(cfg.Dir, "schedule.json"), sched); err != nil {
		return nil, err
	}
	px := newProxies()
	defer px.close()
	d, err := devnet.StartReady(ctx, cfg.devnetConfig(px, out))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	r := &runner{cfg: cfg, d: d, px: px, out: out, hist: NewHistory(), start: time.Now()}
	return r.run(ctx, sched)
}

func (c Config) devnetConfig(px *proxies, out io.Writer) devnet.Config {
	dc := devnet.DefaultConfig()
	dc.Dir, dc.KeysDir, dc.Exe = filepath.Join(c.Dir, "devnet"), c.KeysDir, c.Exe
	dc.Genesis = devnet.DevGenesis(c.Accounts, c.BatchSize, c.TreeDepth)
	dc.Replicas, dc.Provers, dc.Procs = c.Replicas, c.Provers, true
	dc.L1.BlockTime = c.L1BlockTime
	dc.Proxy = px.hook
	dc.Progress = out
	if c.Mutate {
		dc.ReplicaEnv = []string{MutateEnv + "=" + Mutation}
	}
	return dc
}

// MutateEnv and Mutation are how --mutate breaks a replica on purpose: a
// test-only switch the sequencer reads from its environment.
const (
	MutateEnv = "BATON_MUTATE"
	Mutation  = cluster.MutationLinearizableReadsLocal
)

// mutated puts a partitioned follower first, held long enough for the
// clients to read there: with linearizable reads served locally, it
// answers from a state the others have moved past, and the checker must
// see that.
func mutated(s Schedule) Schedule {
	first := Step{At: 3 * time.Second, Faults: []Fault{{Kind: PartitionReplica, Hold: 6 * time.Second}}}
	out := Schedule{first}
	for _, st := range s {
		st.At += 9 * time.Second
		out = append(out, st)
	}
	return out
}

// runner is one run on a started devnet.
type runner struct {
	cfg   Config
	d     *devnet.Devnet
	px    *proxies
	out   io.Writer
	hist  *History
	start time.Time

	mu       sync.Mutex
	applied  []applied
	findings []string
}

func (r *runner) say(format string, args ...any) {
	fmt.Fprintf(r.out, "chaos %6.1fs: %s\n", time.Since(r.start).Seconds(), fmt.Sprintf(format, args...))
}

func (r *runner) finding(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.say("FINDING: %s", msg)
	r.mu.Lock()
	r.findings = append(r.findings, msg)
	r.mu.Unlock()
}

func (r *runner) run(ctx context.Context, sched Schedule) (*Result, error) {
	g := r.d.Genesis()
	lcfg := r.d.LoadConfig(r.cfg.Rate, 8)
	load := loadgen.Start(ctx, lcfg)
	defer load.Stop()
	clients := r.clients(g)
	cctx, stopClients := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); c.run(cctx) }()
	}
	r.faults(ctx, sched)
	stopClients()
	wg.Wait()
	load.Stop()
	res := &Result{Seed: r.cfg.Seed, Provers: r.cfg.Provers, Mutated: r.cfg.Mutate, Dir: r.cfg.Dir, FaultKinds: map[string]int{}, Unanswered: map[string]int{}}
	r.mu.Lock()
	for _, a := range r.applied {
		res.Faults++
		res.FaultKinds[string(a.Kind)]++
	}
	r.mu.Unlock()
	if err := writeJSON(filepath.Join(r.cfg.Dir, "faults.json"), r.applied); err != nil {
		r.finding("faults.json: %v", err)
	}
	acks := load.Stats().Acked()
	res.LoadAcked = len(acks)
	for _, c := range clients {
		c.mu.Lock()
		for h, a := range c.acks {
			acks[h] = a
		}
		res.OpsIndeterminate += c.counts.Indeterminate
		res.ReadsRetryable += c.counts.Retryable
		for a, n := range c.counts.Unanswered {
			res.Unanswered[a] += n
		}
		res.BadInput += c.counts.BadInput
		r.findings = append(r.findings, c.findings...)
		c.mu.Unlock()
	}
	if r.cfg.Provers > 0 {
		r.say("waiting for every batch to be finalized on L1")
		r.d.WaitFinalized(ctx, r.cfg.FinalityTimeout)
	}
	r.audit(ctx, res, acks)
	ops := r.hist.Ops()
	res.Ops = len(ops)
	if err := writeJSON(filepath.Join(r.cfg.Dir, "history.json"), ops); err != nil {
		r.finding("history.json: %v", err)
	}
	init := func(a uint32) AccountState { return AccountState{Balance: g.Accounts[a].Balance} }
	res.Verdict = Check(ops, init, time.Minute, r.cfg.Dir)
	res.Findings = r.findings
	if res.Findings == nil {
		res.Findings = []string{}
	}
	res.ElapsedS = time.Since(r.start).Seconds()
	if !res.OK() {
		return res, fmt.Errorf("chaos: seed %d broke a guarantee (schedule in %s)", r.cfg.Seed, filepath.Join(r.cfg.Dir, "schedule.json"))
	}
	return res, nil
}

// clients makes the modelled clients, one per reserved account (the
// devnet's load leaves those alone). They send to account 0, which the
// load leaves alone too and nobody reads.
func (r *runner) clients(g fsm.Genesis) []*client {
	rs := r.d.Replicas()
	var out []*client
	for i := range r.cfg.Clients {
		acct := uint32(len(g.Accounts) - devnet.ReservedAccounts + i)
		c := &client{id: i, account: acct, key: fsm.DevKey(devnet.Seed, uint64(acct)), chainID: g.ChainID, sink: 0,
			hist: r.hist, rng: rand.New(rand.NewPCG(r.cfg.Seed, uint64(i)+1)), opTimeout: 5 * time.Second,
			signed: map[uint64]fsm.Tx{}, acks: map[fsm.TxHash]audit.Ack{}}
		for j := range rs.Len() {
			c.apis = append(c.apis, rs.Client(j))
			c.ids = append(c.ids, rs.ID(j))
		}
		out = append(out, c)
	}
	return out
}

// audit checks the replicas' logs against every acknowledgement: the
// invariants every devnet and cluster test checks.
func (r *runner) audit(ctx context.Context, res *Result, acks map[fsm.TxHash]audit.Ack) {
	rs := r.d.Replicas()
	head, err := rs.Converge(ctx, rs.All(), time.Minute)
	if err != nil {
		r.finding("replicas did not converge: %v", err)
		return
	}
	res.BatchesSequenced, res.BatchesFinalized = head.LastBatch, head.Finalized
	rep, err := rs.Audit(ctx, rs.All(), acks)
	if err != nil {
		r.finding("audit: %v", err)
		return
	}
	res.AckedLost, res.Duplicates, res.NonceOrder = rep.Lost, rep.Duplicates, rep.NonceOrder
	if rep.Fork != "" || rep.Chain != "" {
		res.Forks = 1
		r.finding("replicas forked at %s", rep.Fork+rep.Chain)
	}
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
