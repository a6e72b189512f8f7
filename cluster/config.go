package cluster

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"time"

	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/duty/settlement"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/sequencer"
)

// Config configures one sequencer replica. Flags live in cmd/baton; this is
// the single place defaults come from.
type Config struct {
	// ID is this replica's Raft server id; stable across restarts.
	ID string
	// RaftAddr is the TCP address Raft listens on, and advertises to peers
	// unless RaftAdvertise is set.
	RaftAddr string
	// APIAddr is the HTTP address of the API; ":0"-style ports are resolved
	// when the listener opens, and the resolved address is what peers see
	// unless APIAdvertise is set.
	APIAddr string
	// APIAdvertise and RaftAdvertise, if set, are the host:port the other
	// replicas reach this one at, when that is not the listen address (a
	// replica listening on 0.0.0.0, or behind NAT). RaftAdvertise must be
	// the address the Raft configuration names for this replica.
	APIAdvertise, RaftAdvertise string
	// DataDir holds the Raft log, stable store and snapshots.
	DataDir string
	// Genesis is the chain every replica must start from.
	Genesis fsm.Genesis
	// Bootstrap makes this replica form a new cluster from Peers (itself
	// included) if it has no Raft state yet. Exactly one replica, or all
	// with identical Peers, should set it.
	Bootstrap bool
	// Peers is the initial voter set for Bootstrap.
	Peers []Peer
	// Token guards the admin API and replica-to-replica forwarding.
	Token string

	Raft    RaftConfig
	Mempool sequencer.MempoolConfig
	Batcher sequencer.BatcherConfig

	// NonceWindow is how far ahead of its account's nonce a transaction may
	// be when it is admitted: enough for a client to pipeline, not enough to
	// fill the mempool with transactions that cannot run for a long time.
	NonceWindow uint64
	// VerifyWorkers bounds concurrent signature checks at the API; 0 means
	// GOMAXPROCS. Replicas sharing one machine may want fewer.
	VerifyWorkers int
	// ForwardTimeout bounds one attempt of a follower's forward to the
	// leader: unanswered that long, the leader is taken to have stopped
	// answering (frozen, cut off) and the forward is sent again, to
	// whoever leads then, within WaitTimeout. Far shorter than
	// WaitTimeout; a healthy leader that takes longer to sequence costs
	// one more request per attempt, answered from the same mempool entry.
	ForwardTimeout time.Duration
	// WaitTimeout bounds how long POST /v1/tx waits to be sequenced.
	WaitTimeout time.Duration
	// ReadTimeout bounds a linearizable read's wait for its read index (a
	// follower's call to the leader, the leader's quorum check) and any
	// read's wait to apply up to the index it needs; past it the read is
	// 503 not_caught_up, which the client retries.
	ReadTimeout time.Duration
	// MaxUnprovenBatches bounds the batches sequenced but not yet proven:
	// at the bound, ingress refuses API transactions with 429 so that
	// sequencing cannot outrun the farm (priority operations from L1 are
	// never refused). 0 derives the bound from the farm's measured pace
	// (BacklogTarget of proving work, at least 16 batches, at most 1,024),
	// or sets none without a farm; a positive value fixes it; -1 turns it
	// off.
	MaxUnprovenBatches int
	// MaxUnprovenWitnessBytes bounds the witness bytes of unproven
	// batches the same way, whatever the batch size (0: 64 MiB, -1: none;
	// never bounded when MaxUnprovenBatches sets no bound).
	MaxUnprovenWitnessBytes int64
	// BacklogTarget is the proving time the derived bound queues: the
	// farm's pace times this (default DefaultBacklogTarget).
	BacklogTarget time.Duration

	// Proving connects the replica to the prover farm (nil: none).
	Proving *proving.Config
	// Settlement connects the replica to the L1 rollup contract (nil:
	// none; batches are never posted or finalized, and priority
	// operations come through the admin API instead).
	Settlement *settlement.Config
	// OverviewExtra adds the process's own part to GET /v1/overview (the
	// status page): cmd/baton puts provers and the watchdog from etcd
	// there, which this package does not reach. Bounded by its ctx.
	OverviewExtra func(ctx context.Context) any

	// TLS secures the replica's links (nil: plain TCP and HTTP, for a
	// trusted network).
	TLS *TLSConfig

	Logger *slog.Logger

	// Mutation deliberately breaks one guarantee, for tests that prove
	// their checker can fail; "" in production. The only one is
	// MutationLinearizableReadsLocal. Logged at ERROR when set.
	Mutation string
}

// MutationLinearizableReadsLocal makes linearizable reads skip the read
// index and the catch-up gate: they answer this replica's state as it is.
const MutationLinearizableReadsLocal = "linearizable-reads-local"

// TLSConfig is a replica's TLS: Raft becomes mutual TLS (both ends present
// a certificate the CA signed for server use, a replica's; certificates
// for client use only cannot speak Raft), and the API HTTPS, where admin
// and internal endpoints also want a client certificate from that CA
// besides the token. tlsconf builds both from PEM files.
type TLSConfig struct {
	// Server presents this replica's certificate and verifies clients'
	// against the CA (ClientCAs).
	Server *tls.Config
	// Client verifies servers against the CA and presents this replica's
	// certificate: Raft dials, forwarding, the status page's calls.
	Client *tls.Config
}

// Peer is one initial cluster member.
type Peer struct {
	ID       string `json:"id"`
	RaftAddr string `json:"raft_addr"`
	APIAddr  string `json:"api_addr"`
}

// RaftConfig holds the consensus timing, tuned for a LAN.
type RaftConfig struct {
	// HeartbeatTimeout: a follower without contact from the leader this long
	// starts an election. hashicorp/raft's default (1 s) fails over in about
	// 1.8 s; on a LAN 250 ms is ample and fails over in well under a second.
	HeartbeatTimeout time.Duration
	// ElectionTimeout: a candidate without a result this long retries.
	ElectionTimeout time.Duration
	// LeaderLeaseTimeout: a leader without quorum contact this long steps
	// down, which bounds how long a partitioned leader believes it leads.
	LeaderLeaseTimeout time.Duration
	// CommitTimeout: the longest a follower waits to learn a commit index
	// when there is nothing else to send.
	CommitTimeout time.Duration
	// SnapshotInterval and SnapshotThreshold: how often Raft checks, and how
	// many new entries make it snapshot. Every fsm checkpoint also snapshots.
	SnapshotInterval  time.Duration
	SnapshotThreshold uint64
	// TrailingLogs are kept after a snapshot so that a briefly lagging
	// follower catches up from the log instead of a whole snapshot.
	TrailingLogs uint64
	// SnapshotsRetained on disk.
	SnapshotsRetained int
	// ApplyTimeout bounds enqueuing a proposal.
	ApplyTimeout time.Duration
	// NoSync skips fsync on the log store. Unsafe: only for benchmarks of
	// Raft's own overhead.
	NoSync bool
}

// DefaultConfig returns LAN defaults; ID, addresses and data dir are left
// for the caller.
func DefaultConfig() Config {
	return Config{
		Genesis: fsm.Genesis{Config: fsm.DefaultConfig()},
		Raft: RaftConfig{
			HeartbeatTimeout:   150 * time.Millisecond,
			ElectionTimeout:    150 * time.Millisecond,
			LeaderLeaseTimeout: 150 * time.Millisecond,
			CommitTimeout:      20 * time.Millisecond,
			SnapshotInterval:   10 * time.Second,
			SnapshotThreshold:  4096,
			TrailingLogs:       2048,
			SnapshotsRetained:  2,
			ApplyTimeout:       5 * time.Second,
		},
		Mempool: sequencer.MempoolConfig{MaxTxs: 50_000, MaxBytes: 8 << 20, MaxDeferrals: 50},
		Batcher: sequencer.BatcherConfig{MaxTxs: 1024, MaxBytes: 128 << 10, Interval: 100 * time.Millisecond, FlushOnStart: true},

		NonceWindow:    64,
		ForwardTimeout: 2 * time.Second,
		WaitTimeout:    15 * time.Second,
		ReadTimeout:    time.Second,
	}
}

// readErrors checks the read path's settings.
func (c *Config) readErrors() []error {
	var errs []error
	if c.ReadTimeout < 0 {
		errs = append(errs, errors.New("read timeout must not be negative (0: the default)"))
	}
	if c.Mutation != "" && c.Mutation != MutationLinearizableReadsLocal {
		errs = append(errs, fmt.Errorf("unknown mutation %q (the only one is %q)", c.Mutation, MutationLinearizableReadsLocal))
	}
	return errs
}

// Validate checks cross-field rules without changing anything.
func (c *Config) Validate() error {
	errs := c.readErrors()
	if c.ID == "" {
		errs = append(errs, errors.New("id is required"))
	}
	if c.RaftAddr == "" || c.APIAddr == "" {
		errs = append(errs, errors.New("raft and API addresses are required"))
	}
	for _, a := range []struct{ what, listen, advertise string }{{"raft", c.RaftAddr, c.RaftAdvertise}, {"api", c.APIAddr, c.APIAdvertise}} {
		if a.advertise == "" {
			// The other replicas would be told to dial 0.0.0.0.
			if host, _, err := net.SplitHostPort(a.listen); err == nil && unspecified(host) {
				errs = append(errs, fmt.Errorf("%s address %q listens on every interface: also give the address the other replicas reach it at (%s advertise)", a.what, a.listen, a.what))
			}
			continue
		}
		if host, port, err := net.SplitHostPort(a.advertise); err != nil || port == "" || port == "0" || unspecified(host) {
			errs = append(errs, fmt.Errorf("advertised %s address %q: want a reachable host and a port", a.what, a.advertise))
		}
	}
	if c.Bootstrap {
		// The configuration bootstrap writes is what the others dial; a
		// replica advertising something else would be a stranger to it.
		self := cmp.Or(c.RaftAdvertise, c.RaftAddr)
		for _, p := range c.Peers {
			if p.ID == c.ID && p.RaftAddr != self {
				errs = append(errs, fmt.Errorf("bootstrap peers name this replica at %s, but it advertises %s", p.RaftAddr, self))
			}
		}
	}
	if len(c.ID) > fsm.MaxMemberLen || len(c.APIAddr) > fsm.MaxMemberLen || len(c.APIAdvertise) > fsm.MaxMemberLen {
		// They travel in set_member entries with one-byte lengths.
		errs = append(errs, fmt.Errorf("id and API address must be at most %d bytes", fsm.MaxMemberLen))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("data dir is required"))
	}
	if err := c.Genesis.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("genesis: %w", err))
	}
	if c.Bootstrap {
		self := false
		for _, p := range c.Peers {
			self = self || p.ID == c.ID
		}
		if !self {
			errs = append(errs, errors.New("bootstrap peers must include this replica"))
		}
	}
	if c.Raft.LeaderLeaseTimeout > c.Raft.HeartbeatTimeout {
		errs = append(errs, errors.New("leader lease timeout must not exceed heartbeat timeout"))
	}
	if c.Raft.HeartbeatTimeout < 10*time.Millisecond || c.Raft.ElectionTimeout < c.Raft.HeartbeatTimeout {
		errs = append(errs, errors.New("heartbeat timeout must be ≥ 10ms and election timeout ≥ heartbeat timeout"))
	}
	if c.Batcher.MaxTxs < 1 || c.Batcher.MaxTxs > c.Genesis.MaxBatchTxs {
		errs = append(errs, fmt.Errorf("batcher max txs %d not in [1, %d] (genesis max_batch_txs)", c.Batcher.MaxTxs, c.Genesis.MaxBatchTxs))
	}
	if c.MaxUnprovenBatches < -1 || c.MaxUnprovenWitnessBytes < -1 || c.BacklogTarget < 0 {
		errs = append(errs, errors.New("max unproven batches must be -1 (no bound), 0 (derived from the farm's pace) or a bound, max unproven witness bytes -1, 0 (64 MiB) or a bound; the backlog target must not be negative"))
	}
	if c.Batcher.Interval <= 0 || c.ForwardTimeout <= 0 || c.WaitTimeout <= 0 {
		errs = append(errs, errors.New("batch interval, forward timeout and wait timeout must be positive"))
	}
	if c.Mempool.MaxTxs < c.Batcher.MaxTxs || c.Mempool.MaxBytes < c.Batcher.MaxBytes {
		errs = append(errs, errors.New("mempool must hold at least one full batch"))
	}
	if c.Token == "" {
		errs = append(errs, errors.New("token is required (admin API and forwarding)"))
	}
	if t := c.TLS; t != nil && (t.Server == nil || t.Client == nil || t.Server.ClientCAs == nil || t.Client.RootCAs == nil) {
		errs = append(errs, errors.New("tls needs server and client configurations, each with the CA"))
	}
	if p := c.Proving; p != nil {
		switch {
		case p.Queue == nil || p.System == nil:
			errs = append(errs, errors.New("proving needs a queue and a proof system"))
		case !slices.Equal(p.System.Sizes(), c.Genesis.Sizes()):
			// A batch of a size without keys could be committed but
			// never proven.
			errs = append(errs, fmt.Errorf("the proof system has circuit sizes %v, the genesis %v", p.System.Sizes(), c.Genesis.Sizes()))
		}
	}
	if s := c.Settlement; s != nil {
		switch {
		case s.Eth == nil || s.Sender.Key == nil:
			errs = append(errs, errors.New("settlement needs an L1 node and the sequencer key"))
		case c.Proving == nil:
			// Without a farm nothing here can finalize a batch.
			errs = append(errs, errors.New("settlement needs proving"))
		case s.Sender.Confirmations < 1:
			// The head block itself can be reorged away: what Raft
			// records from L1 must not be.
			errs = append(errs, errors.New("settlement needs at least one L1 confirmation"))
		case s.Sender.BumpAfter <= 0 || s.Sender.MaxFeeCap == nil || s.Sender.MaxFeeCap.Sign() <= 0:
			errs = append(errs, errors.New("settlement: fee bump interval and max fee cap must be positive"))
		}
	}
	return errors.Join(errs...)
}

// unspecified reports whether host is no host at all: empty, 0.0.0.0 or ::.
func unspecified(host string) bool {
	return host == "" || net.ParseIP(host).IsUnspecified()
}

// tlsClient is t's client side (nil without TLS).
func tlsClient(t *TLSConfig) *tls.Config {
	if t == nil {
		return nil
	}
	return t.Client
}
