// Package devnet runs a whole baton pipeline on one machine: sequencer
// replicas, provers and watchdogs as OS processes of the baton binary,
// NATS, etcd and a simulated L1 embedded (or, with Procs, as processes of
// their own), with load, optional chaos, live progress and a summary whose
// figures come from the replicas, the L1 and the audit.
//
// Devnet starts and stops the parts; Run is `baton devnet`: it drives a
// Devnet, prints its progress and returns the Summary.
package devnet

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// Seed is the seed of the devnet's dev keys: the genesis and the load
// generator derive the same accounts from it. It is fsm.DevnetSeed, the
// seed a sequencer or prover without --genesis assumes too.
const Seed = fsm.DevnetSeed

// ReservedAccounts are left out of the devnet's own load, so that a person
// sending with `baton tx send --from` does not race it for nonces.
const ReservedAccounts = 8

// Config is what a devnet starts.
type Config struct {
	// Dir holds every process's data and log, the genesis, its keys and,
	// with TLS, the throwaway CA. Required by New; Run makes a temporary
	// one when empty.
	Dir string
	// Exe is the baton binary the processes run; empty: this process's own
	// executable.
	Exe string
	// KeysDir caches Groth16 keys, one dir per circuit (made on first use).
	KeysDir string
	// Genesis of the chain; with provers its max_batch_txs and tree depth
	// are the circuit's. DevGenesis makes one from Seed.
	Genesis fsm.Genesis
	// Replicas is the number of sequencer replicas (ids s0, s1, ...).
	Replicas int
	// Provers is the number of prover workers; 0 runs no NATS and no L1,
	// and nothing is proven.
	Provers int
	// TLS makes a throwaway CA and runs Raft and NATS over mutual TLS and
	// the APIs over HTTPS.
	TLS bool
	// Procs runs NATS, etcd and the simulated L1 as OS processes of their
	// own (baton nats, baton etcd, baton l1 simulated) rather than in
	// this one.
	Procs bool
	// L1 is the chain the replicas settle on (with provers).
	L1 L1Config
	// Watchdog holds the watchdogs' timings.
	Watchdog WatchdogConfig
	// UnprovenBound is the replicas' --max-unproven-batches: 0 leaves
	// their default (derived from the farm's pace), -1 none.
	UnprovenBound int
	// AckWait overrides the proof jobs' AckWait (the watchdog benchmark's
	// baseline); zero keeps the queue's default.
	AckWait time.Duration
	// NATS runs the job queue's server even without provers (nothing
	// then uses it: a chaos run's service faults and their tests).
	NATS bool
	// Proxy, if set, is asked for the address each process of the devnet
	// is given for a service, instead of the service's own: name is
	// "nats", "etcd", "l1" (the simulated chain only) or a replica's id
	// ("s0", ...) for its --api-advertise, and addr its host:port. The
	// chaos suite puts a fault-injecting proxy there, so that the
	// replicas' links to the services, and replica-to-replica forwarding
	// (peers dial the advertised API), cross it. The devnet's own clients,
	// and the clients of Replicas, go direct.
	Proxy func(name, addr string) (string, error)
	// Progress receives what the devnet has to say as it goes: key
	// setup, waits, the live progress and summary of Run (nil: nothing).
	Progress io.Writer
	// Log receives key setup's messages (nil: warnings to stderr).
	Log *slog.Logger
}

// L1Config is the devnet's L1: the embedded simulated chain, or an
// external node (RPC set) with a funded sequencer account in a keystore.
type L1Config struct {
	// BlockTime of the simulated chain (an external node's, if RPC is
	// set: deadlines and polling follow it).
	BlockTime time.Duration
	// Confirmations the replicas wait for on L1.
	Confirmations uint64
	// RPC is an external node's JSON-RPC URL (empty: the simulated chain).
	RPC string
	// Keystore and PasswordFile hold the external node's funded account,
	// which becomes the sequencer and funds the devnet's L1 user.
	Keystore, PasswordFile string
}

// WatchdogConfig are the devnet's watchdog timings: short, so failover
// shows in seconds. Each is the watchdog flag of the same name.
type WatchdogConfig struct {
	// TTL is the etcd lease TTL of every record and claim.
	TTL time.Duration
	// Check is how often the elected watchdog reads the records.
	Check time.Duration
	// StaleAfter: a heartbeat older than this is stale.
	StaleAfter time.Duration
	// CommitStall: a leader with work pending and no batch this long is
	// stalled.
	CommitStall time.Duration
	// Cooldown is the least time between two leadership transfers.
	Cooldown time.Duration
	// Probation is the time a new leader has to show health.
	Probation time.Duration
	// DeadlineFloor is the least proving deadline.
	DeadlineFloor time.Duration
}

// DefaultWatchdogConfig are the devnet's timings.
func DefaultWatchdogConfig() WatchdogConfig {
	return WatchdogConfig{TTL: 3 * time.Second, Check: 500 * time.Millisecond, StaleAfter: 3 * time.Second,
		CommitStall: 8 * time.Second, Cooldown: 20 * time.Second, Probation: 10 * time.Second, DeadlineFloor: 10 * time.Second}
}

// DefaultConfig is `baton devnet`'s network: 3 replicas, 2 provers on the
// 4-slot, depth-10 circuit, 256 accounts, a simulated L1 with 1 s blocks
// and 2 confirmations. The caller names Dir and KeysDir.
func DefaultConfig() Config {
	return Config{Genesis: DevGenesis(256, 4, 10), Replicas: 3, Provers: 2,
		L1: L1Config{BlockTime: time.Second, Confirmations: 2}, Watchdog: DefaultWatchdogConfig()}
}

// SmallConfig is a devnet on the 2-slot, depth-4 circuit with 14
// accounts: keys in seconds, a proof in about one. Tests and benchmarks
// use it with L1 blocks every 250 ms.
func SmallConfig(dir, keysDir string) Config {
	c := DefaultConfig()
	c.Dir, c.KeysDir, c.Genesis = dir, keysDir, DevGenesis(14, 2, 4)
	c.L1.BlockTime = 250 * time.Millisecond
	return c
}

// DevGenesis is fsm.DevnetGenesis (accounts dev accounts from Seed, each
// with 10^9) on a circuit of batchSize slots and treeDepth levels (0: the
// fsm's defaults), the sizes `baton devnet` and its tests choose.
func DevGenesis(accounts, batchSize, treeDepth int) fsm.Genesis {
	if batchSize > 0 {
		return DevGenesisSizes(accounts, treeDepth, []int{batchSize})
	}
	return DevGenesisSizes(accounts, treeDepth, nil)
}

// DevGenesisSizes is DevGenesis with several circuit sizes (ascending;
// the largest is the batch size; none: the fsm's default batch size).
func DevGenesisSizes(accounts, treeDepth int, sizes []int) fsm.Genesis {
	cfg := fsm.DefaultConfig()
	if len(sizes) > 0 {
		cfg.MaxBatchTxs = sizes[len(sizes)-1]
	}
	if treeDepth > 0 {
		cfg.TreeDepth = treeDepth
	}
	g := fsm.DevnetGenesis(cfg, accounts)
	if len(sizes) > 1 {
		g.CircuitSizes = sizes
	}
	return g
}

// Validate reports a devnet that cannot start; it changes nothing.
func (c Config) Validate() error {
	switch {
	case c.Replicas < 1 || c.Replicas > 7:
		return fmt.Errorf("devnet: %d replicas: want 1 to 7", c.Replicas)
	case c.Provers < 0 || c.Provers > 16:
		return fmt.Errorf("devnet: %d provers: want 0 to 16", c.Provers)
	case len(c.Genesis.Accounts) < ReservedAccounts+3:
		return fmt.Errorf("devnet: %d accounts: want at least %d", len(c.Genesis.Accounts), ReservedAccounts+3)
	case c.L1.BlockTime < 50*time.Millisecond:
		return fmt.Errorf("devnet: L1 block time %v: want at least 50ms", c.L1.BlockTime)
	case c.Provers > 0 && c.KeysDir == "":
		return errors.New("devnet: provers need a KeysDir")
	case c.L1.RPC != "" && c.L1.Keystore == "":
		return errors.New("devnet: an external L1 needs the sequencer's keystore")
	case c.UnprovenBound < -1:
		return fmt.Errorf("devnet: unproven bound %d: want -1 (none), 0 (the replicas' default) or more", c.UnprovenBound)
	}
	return c.Genesis.Validate()
}

// RunConfig is one `baton devnet` run: the network, the load and the
// faults.
type RunConfig struct {
	Config
	// Keep leaves a temporary Dir in place at the end.
	Keep bool
	// Txs ends the run once this many transactions are done (0: run until
	// the context ends).
	Txs int
	// Rate of the load in tx/s; 0 picks one (DefaultRate).
	Rate float64
	// Max loads as hard as ingress allows (loadgen's Max: unpaced, 429s
	// waited out by their Retry-After), with MaxLoadWorkers senders; with
	// provers, the backlog fills to the replicas' bound within seconds and
	// ingress pushes back.
	Max bool
	// Deposits an L1 user makes to new L2 accounts at the start (with
	// provers).
	Deposits int
	// FinalityTimeout: with Txs, how long to wait for every batch to be
	// proven and finalized on L1 after the load.
	FinalityTimeout time.Duration
	// Chaos kills and freezes the leader, a prover and the active
	// watchdog during the run; ChaosPause is the quiet time before each.
	Chaos      bool
	ChaosPause time.Duration
}

// DefaultRunConfig is `baton devnet` without flags.
func DefaultRunConfig() RunConfig {
	return RunConfig{Config: DefaultConfig(), Deposits: 2, FinalityTimeout: 15 * time.Minute, ChaosPause: 3 * time.Second}
}

// MaxLoadWorkers are a Max load's senders, each with one transaction in
// flight: enough to keep ingress busy on a small machine.
const MaxLoadWorkers = 64

// SetLoad reads `baton devnet --load`: "max" (Max) or a rate in tx/s.
func (c *RunConfig) SetLoad(s string) error {
	if s == "max" {
		c.Max = true
		return nil
	}
	r, err := strconv.ParseFloat(s, 64)
	if err != nil || r < 0 {
		return fmt.Errorf("%q: want max or a rate in tx/s", s)
	}
	c.Rate = r
	return nil
}

// DefaultRate is the load's rate when none is given: paced so that the
// faults have traffic to act on (with Chaos), otherwise modest; unpaced
// with Txs. On two cores the provers keep up with about 1 tx/s (each slot
// of the circuit costs ~0.4 s of one core).
func (c RunConfig) DefaultRate() float64 {
	switch {
	case c.Max:
		return 0
	case c.Rate > 0:
		return c.Rate
	case c.Chaos:
		return 1 // a frozen batcher is only noticed with transactions waiting
	case c.Txs > 0:
		return 0
	case c.Provers > 0:
		return 1
	}
	return 20
}

// Validate reports a run that cannot go; it changes nothing.
func (c RunConfig) Validate() error {
	switch {
	case c.Chaos && c.Provers < 2:
		return errors.New("devnet: chaos needs at least 2 provers (one is killed while another takes its job)")
	case c.Deposits < 0 || c.Deposits > 64:
		return fmt.Errorf("devnet: %d deposits: want 0 to 64", c.Deposits)
	case c.Txs < 0 || c.Rate < 0:
		return errors.New("devnet: Txs and Rate must not be negative")
	case c.Max && c.Rate > 0:
		return errors.New("devnet: a Max load is unpaced; it takes no Rate")
	}
	return c.Config.Validate()
}
