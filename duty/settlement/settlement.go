// Package settlement is the leader's L1 duty: post committed batches and
// verified proofs to the rollup contract in batch order, record what
// confirmed L1 blocks show through Raft, and feed the contract's priority
// queue to the mempool. The contract is the arbiter: every send is
// computed from its state and the log, so a repeat (a new leader, a
// resend) reverts on its checks and harms nothing.
package settlement

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/wire"
)

// Config connects a replica to the L1 rollup contract. Every replica has
// it; only the leader acts on it.
type Config struct {
	Eth    contracts.Eth
	Rollup common.Address
	// Sender holds the sequencer key (the contract's sequencer address),
	// confirmations, fee bumps and the fee cap.
	Sender contracts.SenderConfig
	// Poll is how often the leader looks at L1 (about a block time;
	// default 1 s).
	Poll time.Duration
	// Window bounds the transactions in flight at once (default 16).
	Window int
}

// Log is what the duty needs of the replica: its log and state, and Raft
// to record through.
type Log interface {
	// Read runs f against the state under the read lock.
	Read(f func(m *fsm.Machine))
	// Propose applies a command through Raft and returns its typed
	// result (res.Err: committed but rejected).
	Propose(cmd fsm.Command) (fsm.Result, error)
	// VerifyLeader confirms leadership with a quorum, bounded.
	VerifyLeader(ctx context.Context) error
}

// Mempool takes the contract's priority operations in, for the batcher.
// A repeat is no error.
type Mempool interface {
	AddPriority(ctx context.Context, tx fsm.Tx) error
}

// MempoolFunc makes a function a Mempool.
type MempoolFunc func(ctx context.Context, tx fsm.Tx) error

// AddPriority calls f.
func (f MempoolFunc) AddPriority(ctx context.Context, tx fsm.Tx) error { return f(ctx, tx) }

// Proofs is what settlement needs of the proof system.
type Proofs interface {
	// SolidityProof turns a recorded proof into the L1 verifier's words.
	SolidityProof(proof []byte) ([8]*big.Int, error)
}

// Deps are what the duty works with besides its Config.
type Deps struct {
	Log     Log
	Mempool Mempool
	// Proofs is nil without provers: batches are then committed, never
	// proven.
	Proofs Proofs
	// Chain is the genesis parameters the contract must have been
	// deployed for.
	Chain fsm.Config
	// Sizes are the chain's circuit sizes (nil: Chain.MaxBatchTxs alone):
	// each batch is committed for the smallest that holds it, and the
	// contract needs a verifier for each.
	Sizes   fsm.Sizes
	Metrics prometheus.Registerer
	// Observed, if set, hears each look at L1 (the status page).
	Observed func(wire.L1View)
	// Clock is the time source (nil: the wall clock).
	Clock  clock.Clock
	Logger *slog.Logger
}

// Duty is the settlement duty of one replica. Run works for one
// leadership; the L1 sender outlives it.
type Duty struct {
	cfg    Config
	log    Log
	pool   Mempool
	proofs Proofs
	chain  fsm.Config
	sizes  fsm.Sizes
	clock  clock.Clock
	slog   *slog.Logger
	m      *metrics
	onView func(wire.L1View)

	// sender is kept across leaderships (only Run, one at a time,
	// touches it): what it sent while this replica led before is still
	// its own to follow.
	sender *contracts.Sender
}

// New returns the duty and registers its metrics.
func New(cfg Config, d Deps) *Duty {
	lg := d.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	if len(d.Sizes) == 0 {
		d.Sizes = fsm.Sizes{d.Chain.MaxBatchTxs}
	}
	return &Duty{cfg: cfg, log: d.Log, pool: d.Mempool, proofs: d.Proofs, chain: d.Chain, sizes: d.Sizes, clock: clock.Or(d.Clock),
		slog: lg, m: newMetrics(d.Metrics), onView: d.Observed}
}

func (d *Duty) observed(v wire.L1View) {
	if d.onView != nil {
		d.onView(v)
	}
}

// Run is the duty while this replica leads: open the contract (retrying,
// less often as a failure persists), then look at L1 every Poll.
func (d *Duty) Run(ctx context.Context) {
	poll := cmp.Or(d.cfg.Poll, time.Second)
	var s *settler
	for wait := poll; s == nil; wait = min(2*wait, time.Minute) {
		var err error
		if s, err = d.open(ctx); err != nil {
			// An unreachable node or a misconfiguration (wrong key,
			// wrong contract): loud, and less often as it persists.
			d.slog.Error("l1 settlement not started; retrying", "err", err, "in", wait)
			t := d.clock.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C():
			}
		}
	}
	tick := d.clock.NewTicker(poll)
	defer tick.Stop()
	for {
		if err := s.step(ctx); err != nil && ctx.Err() == nil {
			// Transient (the node, the network): the sender keeps what
			// it tracks, and the next step starts from the chain again.
			d.slog.Warn("l1 settlement step failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C():
		}
	}
}

// settler is one leadership's L1 state; the chain and the log hold the rest.
type settler struct {
	d      *Duty
	rollup *contracts.Rollup
	sender *contracts.Sender
	conf   uint64
	window int
	// cursor is the first L1 block whose events are not yet taken in.
	cursor uint64
	// backoff: calls that reverted wait before they are sent again.
	backoff map[string]time.Time
	// gas is the limit per call kind ("commit", "prove"), raised from
	// the worst-case floor by estimates and out-of-gas failures.
	gas map[string]uint64
	m   *metrics
}

func (d *Duty) open(ctx context.Context) (*settler, error) {
	sc := d.cfg
	r, err := contracts.OpenRollup(ctx, sc.Eth, sc.Rollup)
	if err != nil {
		return nil, err
	}
	if err := d.checkRollup(r.Params); err != nil {
		return nil, err
	}
	s := &settler{d: d, rollup: r, conf: sc.Sender.Confirmations, window: cmp.Or(sc.Window, 16),
		backoff: map[string]time.Time{}, m: d.m,
		gas: map[string]uint64{}}
	for _, n := range d.sizes {
		s.gas[gasKey("commit", n)], s.gas[gasKey("prove", n)] = r.CommitGas(n), r.ProveGas(n)
	}
	head, err := sc.Eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("l1 head: %w", err)
	}
	if s.cursor, err = s.startBlock(ctx, s.final(head.Number.Uint64())); err != nil {
		return nil, err
	}
	if from := crypto.PubkeyToAddress(sc.Sender.Key.PublicKey); from != r.Params.Sequencer {
		return nil, fmt.Errorf("sequencer key is %s, the contract's sequencer is %s", from, r.Params.Sequencer)
	}
	// The sender outlives one leadership: what it sent last time it led
	// is still its own to follow, and a fresh one would take those nonces
	// over with empty transfers, as if another leader had sent them.
	if d.sender == nil {
		if d.sender, err = contracts.NewSender(ctx, sc.Eth, sc.Sender); err != nil {
			return nil, err
		}
	}
	s.sender = d.sender
	if !r.SequencerProves {
		d.slog.Warn("the sequencer is not a permissioned prover: its proofs revert until each batch's proving deadline",
			"deadline_blocks", r.Params.ProveDeadline)
	}
	d.slog.Info("l1 settlement start", "rollup", sc.Rollup, "from_block", s.cursor, "confirmations", s.conf)
	return s, nil
}

// checkRollup refuses a contract this chain cannot settle on.
func (d *Duty) checkRollup(p contracts.RollupParams) error {
	g := d.chain
	switch {
	case p.TreeDepth != g.TreeDepth:
		return fmt.Errorf("rollup tree depth %d, genesis %d", p.TreeDepth, g.TreeDepth)
	}
	for _, n := range d.sizes {
		if !slices.Contains(p.Sizes, n) {
			return fmt.Errorf("rollup has verifiers for circuit sizes %v, the chain proves %v: no verifier for %d slots", p.Sizes, []int(d.sizes), n)
		}
	}
	return nil
}
