package wire

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// ErrorBody is every non-2xx answer's body.
type ErrorBody struct {
	Error string `json:"error"`
	// Reason names the error's sentinel for machines ("backlog_full",
	// "mempool_full", ...: ReasonOf); absent for errors without one, and
	// from replicas older than the field.
	Reason string `json:"reason,omitempty"`
	Leader string `json:"leader,omitempty"`
}

// SubmitResult answers POST /v1/tx (200 once sequenced, 202 while pending),
// the admin priority endpoint and the leader's internal one.
type SubmitResult struct {
	Hash   fsm.TxHash `json:"hash"`
	Status string     `json:"status"`
	Batch  uint64     `json:"batch,omitempty"`
	// Index is the Raft log index of the batch's entry (sequenced only):
	// a read with ReadOptions.MinIndex = Index at any replica sees it.
	Index uint64 `json:"index,omitempty"`
}

// TxStatus answers GET /v1/tx/{hash}. Status is "unknown" (404) only
// when a linearizable read rules the transaction out; a stale read that
// misses says "not_seen" (404): it cannot prove absence.
type TxStatus struct {
	Hash   fsm.TxHash `json:"hash"`
	Status string     `json:"status"`
	Batch  uint64     `json:"batch,omitempty"`
	// Index is the Raft log index of the batch's entry.
	Index   uint64       `json:"index,omitempty"`
	Reason  string       `json:"reason,omitempty"`
	Receipt *fsm.Receipt `json:"receipt,omitempty"`
	// L1 transactions that posted the batch and finalized it.
	PostedRef    fsm.Hash `json:"posted_ref,omitzero"`
	FinalizedRef fsm.Hash `json:"finalized_ref,omitzero"`
	// Journey is when its batch reached each state, as this replica saw
	// it (absent once the replica has forgotten the batch).
	Journey *BatchTimes `json:"journey,omitempty"`
	// Read says how the answer was read (absent from older replicas and
	// from the leader's internal answers).
	Read *ReadMeta `json:"read,omitempty"`
}

// The read consistency levels (?consistency=).
const (
	// Linearizable, the default: the answer reflects every write
	// acknowledged before the read began (a read index from the leader,
	// applied here).
	Linearizable = "linearizable"
	// Stale: this replica's state as it is, once it has caught up since
	// its start; monotonic per replica, possibly behind the leader.
	Stale = "stale"
)

// ReadOptions are a read's query parameters: ?consistency= and
// ?min_index= (wait until this replica has applied that log index: a
// write's SubmitResult.Index gives read-your-writes anywhere).
type ReadOptions struct {
	Consistency string
	MinIndex    uint64
}

// Query is the options as a query string ("" for the defaults), with
// the leading '?'.
func (o ReadOptions) Query() string {
	v := url.Values{}
	if o.Consistency != "" && o.Consistency != Linearizable {
		v.Set("consistency", o.Consistency)
	}
	if o.MinIndex > 0 {
		v.Set("min_index", strconv.FormatUint(o.MinIndex, 10))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// ReadMeta says how a read was served, as "read" in every read's answer.
type ReadMeta struct {
	Consistency  string `json:"consistency"`
	AppliedIndex uint64 `json:"applied_index"`
	CommitIndex  uint64 `json:"commit_index"`
	// LagEntries is commit − applied as this replica knows them: how far
	// it knows it lags (a cut-off replica does not know the real commit).
	LagEntries uint64 `json:"lag_entries"`
	Leader     string `json:"leader,omitempty"`
	// LastContactMs is the age of the last contact with a leader (0 on
	// the leader itself; -1: none since start).
	LastContactMs int64 `json:"last_contact_ms"`
}

// AccountRead answers GET /v1/accounts/{i}: the account, its fields at
// the top level as before, and how it was read.
type AccountRead struct {
	fsm.Account
	Read *ReadMeta `json:"read,omitempty"`
}

// BatchRead answers GET /v1/batches/{n}.
type BatchRead struct {
	fsm.BatchRecord
	Read *ReadMeta `json:"read,omitempty"`
}

// ReadIndex answers the leader's internal GET /v1/internal/read-index: the
// commit index a follower must apply before a linearizable read, and, when
// asked about a transaction, the leader's own status of it (pending and
// rejected ones are known only there).
type ReadIndex struct {
	Index uint64    `json:"index"`
	Term  uint64    `json:"term"`
	Tx    *TxStatus `json:"tx,omitempty"`
}

// BatchTimes says when a replica saw a batch reach each state (Unix ms; 0
// when not seen). The fsm keeps no clock, since replay must be identical,
// so the times are the replica's own: sequenced is the leader's batch
// timestamp, the rest when the entry was applied there (a restarted
// replica sees its replay).
type BatchTimes struct {
	SequencedMs int64 `json:"sequenced_ms"`
	PostedMs    int64 `json:"posted_ms,omitempty"`
	ProvingMs   int64 `json:"proving_ms,omitempty"`
	ProvenMs    int64 `json:"proven_ms,omitempty"`
	FinalizedMs int64 `json:"finalized_ms,omitempty"`
}

// Status answers GET /v1/status.
type Status struct {
	ID           string   `json:"id"`
	Role         string   `json:"role"`
	Leader       string   `json:"leader"`
	LeaderAPI    string   `json:"leader_api,omitempty"`
	Term         uint64   `json:"term"`
	CommitIndex  uint64   `json:"commit_index"`
	AppliedIndex uint64   `json:"applied_index"`
	LastBatch    uint64   `json:"last_batch"`
	Proven       uint64   `json:"batches_proven"`
	StateRoot    fsm.Hash `json:"state_root"`
	HeadHash     fsm.Hash `json:"head_hash"`
	Accounts     int      `json:"accounts"`
	Mempool      int      `json:"mempool"`
	Finalized    uint64   `json:"last_finalized"`
	// LastBatchMs is the head batch's leader timestamp; OldestPendingMs
	// when the mempool's oldest entry arrived (0: empty). A leader with
	// pending work and an old head is not batching.
	LastBatchMs     int64 `json:"last_batch_ms"`
	OldestPendingMs int64 `json:"oldest_pending_ms,omitempty"`
	// LastPosted is the last batch L1 has; Settling says this replica
	// posts to L1 when it leads (otherwise posting lag means nothing).
	LastPosted    uint64 `json:"last_posted"`
	Settling      bool   `json:"settling"`
	ProvenThrough uint64 `json:"proven_through"`
	Voter         bool   `json:"voter"`
	// BatcherFrozen reports the fault hook (tests and chaos runs).
	BatcherFrozen bool `json:"batcher_frozen,omitempty"`
}

// Member is one entry of GET /v1/admin/members.
type Member struct {
	ID       string `json:"id"`
	RaftAddr string `json:"raft_addr"`
	APIAddr  string `json:"api_addr,omitempty"`
	Suffrage string `json:"suffrage"`
	Leader   bool   `json:"leader"`
}

// MembersResult lists members with the configuration index they were read
// at; mutations can pass it back to fail if someone changed the set since.
type MembersResult struct {
	Index   uint64   `json:"config_index"`
	Members []Member `json:"members"`
}

// AddRequest asks the leader to add a replica.
type AddRequest struct {
	ID       string `json:"id"`
	RaftAddr string `json:"raft_addr"`
	APIAddr  string `json:"api_addr"`
	// ConfigIndex, if set, must equal the current configuration index.
	ConfigIndex uint64 `json:"config_index,omitempty"`
	// CatchUpTimeout bounds the wait before promotion (default 60 s).
	CatchUpTimeout string `json:"catch_up_timeout,omitempty"`
}

// TransferRequest names the target, or leaves it empty for the most
// up-to-date follower.
type TransferRequest struct {
	ID string `json:"id,omitempty"`
}

// MemberAPIRequest is a replica telling the leader where its API listens
// (POST /v1/internal/member).
type MemberAPIRequest struct {
	ID  string `json:"id"`
	API string `json:"api"`
}

// FaultsRequest switches fault hooks over the admin API, so chaos runs can
// freeze or partition a replica in another process. FreezeBatcher is set
// as given by every request. Heal restores every Raft link this replica
// cut, then BlockRaft cuts its links to the named members (ids from the
// configuration): its own Raft calls to them fail, while theirs to it and
// its answers still flow, so blocking on both ends is a symmetric
// partition and on one end a one-way one. An id not in the configuration
// (or the replica's own) is a 400 and changes nothing.
type FaultsRequest struct {
	FreezeBatcher bool     `json:"freeze_batcher"`
	BlockRaft     []string `json:"block_raft,omitempty"`
	Heal          bool     `json:"heal,omitempty"`
}

// ReplayRequest asks the leader to offer a dead-lettered job again.
type ReplayRequest struct {
	Batch uint64 `json:"batch"`
}

// ReofferRequest asks the leader to give up an attempt (the watchdog saw
// its prover die or miss its deadline).
type ReofferRequest struct {
	Batch   uint64 `json:"batch"`
	Attempt uint32 `json:"attempt"`
}

// ReofferResult is the batch's attempt after the request; Proven when
// there was nothing left to do.
type ReofferResult struct {
	Batch   uint64 `json:"batch"`
	Attempt uint32 `json:"attempt"`
	Proven  bool   `json:"proven,omitempty"`
}

// DeadJob is one entry of GET /v1/admin/jobs/dead: a dead-lettered proof
// job, queue.DeadJob on the wire. It is a copy rather than queue's own
// type because queue embeds a NATS server, which clients of the API (the
// watchdog, the CLI) should not link; the replica converts queue's type
// into this one, so a field that drifts apart fails to compile, and this
// package's tests pin the JSON.
type DeadJob struct {
	Job        *Job      `json:"job"`
	Reason     string    `json:"reason"`
	Deliveries uint64    `json:"deliveries"`
	At         time.Time `json:"at"`
}

// Job is a proof job's envelope as published (queue.Job on the wire).
type Job struct {
	V     int    `json:"v"`
	Batch uint64 `json:"batch"`
	// RaftTerm and RaftIndex of the entry that committed the batch.
	RaftTerm  uint64 `json:"raft_term"`
	RaftIndex uint64 `json:"raft_index"`
	// Attempt numbers the offers of this job.
	Attempt uint32 `json:"attempt"`
	// Circuit is the size tag in the subject; CircuitID the hash of the
	// constraint system.
	Circuit   string `json:"circuit"`
	CircuitID string `json:"circuit_id"`
	// Input is the batch inline, or InputObject names the object holding it.
	Input       json.RawMessage `json:"input,omitempty"`
	InputObject string          `json:"input_object,omitempty"`
	PublishedMs int64           `json:"published_ms"`
}
