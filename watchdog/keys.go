package watchdog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Keys is one cluster's etcd layout, everything under /baton/<cluster>/ so
// that clusters can share an etcd. Batch numbers are zero-padded, so a
// prefix range lists them in order.
type Keys struct{ prefix string }

// NewKeys checks the cluster name (it becomes a key segment).
func NewKeys(cluster string) (Keys, error) {
	if cluster == "" || strings.ContainsAny(cluster, "/ \t\n") {
		return Keys{}, fmt.Errorf("cluster name %q: want a non-empty name without '/' or spaces", cluster)
	}
	return Keys{prefix: "/baton/" + cluster + "/"}, nil
}

func (k Keys) Leader() string                 { return k.prefix + "leader" }
func (k Keys) Sequencers() string             { return k.prefix + "sequencers/" }
func (k Keys) Sequencer(id string) string     { return k.Sequencers() + id }
func (k Keys) Provers() string                { return k.prefix + "provers/" }
func (k Keys) Prover(id string) string        { return k.Provers() + id }
func (k Keys) Jobs() string                   { return k.prefix + "jobs/" }
func (k Keys) Job(batch uint64) string        { return k.Jobs() + padBatch(batch) }
func (k Keys) Attempts() string               { return k.prefix + "attempts/" }
func (k Keys) BatchAttempts(b uint64) string  { return k.Attempts() + padBatch(b) + "/" }
func (k Keys) Deadlines() string              { return k.prefix + "deadlines/" }
func (k Keys) Deadline(circuit string) string { return k.Deadlines() + circuit }
func (k Keys) ProvenThrough() string          { return k.prefix + "proven_through" }
func (k Keys) Election() string               { return k.prefix + "watchdog/election" }
func (k Keys) Decisions() string              { return k.prefix + "watchdog/decisions" }

// Attempt is the record of one proof attempt, kept (without a lease) until
// the batch is proven: that an attempt was claimed outlives the claim, so a
// watchdog that starts after the claimant died still sees the gap.
func (k Keys) Attempt(batch uint64, attempt uint32) string {
	return fmt.Sprintf("%s%010d", k.BatchAttempts(batch), attempt)
}

func padBatch(b uint64) string { return fmt.Sprintf("%020d", b) }

// parseAttempt reads batch and attempt back from an Attempt key.
func (k Keys) parseAttempt(key string) (batch uint64, attempt uint32, err error) {
	b, a, ok := strings.Cut(strings.TrimPrefix(key, k.Attempts()), "/")
	if !ok {
		return 0, 0, fmt.Errorf("attempt key %q", key)
	}
	if batch, err = strconv.ParseUint(b, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("attempt key %q: %w", key, err)
	}
	n, err := strconv.ParseUint(a, 10, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("attempt key %q: %w", key, err)
	}
	return batch, uint32(n), nil
}

// LeaderRecord is the leader key: who leads, for clients, provers, `baton
// ctl` and the watchdog. Written by the leader under its lease.
type LeaderRecord struct {
	ID        string `json:"id"`
	API       string `json:"api"`
	RaftAddr  string `json:"raft_addr,omitempty"`
	Term      uint64 `json:"term"`
	SinceMs   int64  `json:"since_ms"`
	UpdatedMs int64  `json:"updated_ms"`
}

// SequencerRecord is one replica's heartbeat.
type SequencerRecord struct {
	ID           string `json:"id"`
	API          string `json:"api"`
	Role         string `json:"role"` // Leader, Follower, Candidate
	Leader       string `json:"leader"`
	Voter        bool   `json:"voter"`
	Term         uint64 `json:"term"`
	CommitIndex  uint64 `json:"commit_index"`
	AppliedIndex uint64 `json:"applied_index"`
	LastBatch    uint64 `json:"last_batch"`
	LastBatchMs  int64  `json:"last_batch_ms"`
	// Pending is the mempool depth; OldestPendingMs when its oldest entry
	// arrived (0 when empty).
	Pending         int   `json:"pending"`
	OldestPendingMs int64 `json:"oldest_pending_ms,omitempty"`
	// LastPosted is the last batch on L1; with Settling, LastBatch minus
	// it is the posting lag.
	LastPosted    uint64 `json:"last_posted"`
	Settling      bool   `json:"settling"`
	ProvenThrough uint64 `json:"proven_through"`
	LastFinalized uint64 `json:"last_finalized"`
	UpdatedMs     int64  `json:"updated_ms"`
}

// ProverRecord is a prover's registration.
type ProverRecord struct {
	ID       string   `json:"id"`
	Backend  string   `json:"backend"` // cpu or gpu
	Circuits []string `json:"circuits"`
	// Job is what it proves now (nil when idle).
	Job       *JobRef `json:"job,omitempty"`
	Proved    uint64  `json:"proved"`
	StartedMs int64   `json:"started_ms"`
	UpdatedMs int64   `json:"updated_ms"`
}

// JobRef names one attempt at one batch.
type JobRef struct {
	Batch   uint64 `json:"batch"`
	Attempt uint32 `json:"attempt"`
}

// Claim is jobs/<batch>: the prover working on it, under that prover's
// lease, so a dead prover's claim disappears by itself.
type Claim struct {
	Prover     string `json:"prover"`
	Batch      uint64 `json:"batch"`
	Attempt    uint32 `json:"attempt"`
	Circuit    string `json:"circuit"`
	StartMs    int64  `json:"start_ms"`
	DeadlineMs int64  `json:"deadline_ms"`
	ProgressMs int64  `json:"progress_ms"`
	Phase      string `json:"phase"`
}

// AttemptRecord is attempts/<batch>/<attempt>, without a lease.
type AttemptRecord struct {
	Prover  string `json:"prover"`
	Circuit string `json:"circuit"`
	StartMs int64  `json:"start_ms"`
	// Done: the prover published a proof (its time in ProveMs).
	Done    bool  `json:"done,omitempty"`
	ProveMs int64 `json:"prove_ms,omitempty"`
	// Released: the prover handed the job back to the queue (shutdown, a
	// failure it will retry): JetStream redelivers it at once, so the
	// watchdog leaves it alone and the next claimant takes the attempt.
	Released bool `json:"released,omitempty"`
	// Voided: the watchdog gave up on it and asked for a new attempt. A
	// claim of a voided attempt is refused.
	Voided   bool   `json:"voided,omitempty"`
	VoidedMs int64  `json:"voided_ms,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Decision is one action or judgement of the active watchdog, kept (the
// last 20) under watchdog/decisions for the status page.
type Decision struct {
	AtMs   int64  `json:"at_ms"`
	By     string `json:"by"`
	Action string `json:"action"`
	Reason string `json:"reason"`
	What   string `json:"what"`
}

// DeadlineRecord is the proving deadline for one circuit, kept by the
// active watchdog from measured proof times.
type DeadlineRecord struct {
	DeadlineMs int64 `json:"deadline_ms"`
	P95Ms      int64 `json:"p95_ms"`
	Samples    int   `json:"samples"`
	UpdatedMs  int64 `json:"updated_ms"`
}

func nowMs() int64 { return time.Now().UnixMilli() }

func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Every record is plain data; failing here is a programming error.
		panic(fmt.Sprintf("watchdog: encode %T: %v", v, err))
	}
	return string(b)
}

func decode[T any](b []byte) (T, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}
