package wire

// L1View is the settlement duty's last look at L1 (GET /v1/l1).
type L1View struct {
	Block         uint64 `json:"block"`
	LastCommitted uint64 `json:"last_committed"`
	LastFinalized uint64 `json:"last_finalized"`
	// QueueBacklog is the priority entries queued and not yet consumed;
	// OldestAgeBlocks the age of the oldest, against InclusionDeadline.
	QueueBacklog      uint64 `json:"queue_backlog"`
	OldestAgeBlocks   uint64 `json:"oldest_age_blocks"`
	InclusionDeadline uint64 `json:"inclusion_deadline_blocks"`
	Sender            string `json:"sender"`
	BalanceWei        string `json:"balance_wei,omitempty"`
	AtMs              int64  `json:"at_ms"`
}

// MemberView is one member as the replica serving the overview reached it.
type MemberView struct {
	ID     string  `json:"id"`
	API    string  `json:"api"`
	Status *Status `json:"status,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// BatchView is one batch in the pipeline.
type BatchView struct {
	Number uint64     `json:"number"`
	State  string     `json:"state"`
	Ops    int        `json:"ops"`
	Prover string     `json:"prover,omitempty"`
	Times  BatchTimes `json:"times"`
}

// Pipeline counts batches by state and lists the latest.
type Pipeline struct {
	Counts map[string]uint64 `json:"counts"`
	// Partial: more batches are unfinished than a request walks (the
	// counts of the unfinished states cover the latest ones only).
	Partial bool        `json:"partial,omitempty"`
	Latest  []BatchView `json:"latest"`
	// Medians over the last 50 batches, as this replica saw them.
	ProvenP50S    float64 `json:"sequenced_to_proven_p50_s"`
	FinalizedP50S float64 `json:"proven_to_finalized_p50_s"`
}

// Overview is GET /v1/overview: everything the status page shows.
type Overview struct {
	Node     Status       `json:"node"`
	Members  []MemberView `json:"members"`
	Pipeline Pipeline     `json:"pipeline"`
	L1       *L1View      `json:"l1,omitempty"`
	// Extra is what the process adds (cmd/baton: provers and the
	// watchdog from etcd).
	Extra any `json:"extra,omitempty"`
	// Backlog is the work not yet proven or finalized, as the serving
	// replica's log has it (absent from replicas older than issue 16).
	Backlog *Backlog `json:"backlog,omitempty"`
}

// Backlog is the work sequenced and not yet proven, and proven and not
// yet finalized on L1, read from the serving replica's own log. Ages are
// against its clock; the history is what it sampled since it started.
type Backlog struct {
	// UnprovenBatches: head − proven-through (what ingress bounds);
	// Bound is that bound (0: none).
	UnprovenBatches uint64 `json:"unproven_batches"`
	Bound           uint64 `json:"bound"`
	// WitnessBytes held for the unproven batches.
	WitnessBytes uint64 `json:"witness_bytes"`
	// OldestUnprovenAgeS: since the lowest unproven batch was sequenced
	// (0 when none).
	OldestUnprovenAgeS float64 `json:"oldest_unproven_age_s"`
	// DrainBatchesPerS: batches reaching proven per second, averaged
	// over about a minute.
	DrainBatchesPerS float64 `json:"drain_batches_per_s"`
	// L1LagBatches: proven and not yet finalized; L1UnfinalizedAgeS:
	// since the oldest of them was proven.
	L1LagBatches      uint64  `json:"l1_lag_batches"`
	L1UnfinalizedAgeS float64 `json:"l1_unfinalized_age_s"`
	// RefusalsTotal: API transactions this replica refused at the bound.
	RefusalsTotal uint64 `json:"refusals_total"`
	// SampleEveryS is the history's step; History is oldest first.
	SampleEveryS float64         `json:"sample_every_s"`
	History      []BacklogSample `json:"history"`
}

// BacklogSample is the backlog at one moment of the history.
type BacklogSample struct {
	AtMs            int64  `json:"at_ms"`
	UnprovenBatches uint64 `json:"unproven_batches"`
	// UnfinalizedBatches: head − last finalized.
	UnfinalizedBatches uint64 `json:"unfinalized_batches"`
	// FinalityLagS: since the oldest unfinalized batch was sequenced (0
	// when every batch is final).
	FinalityLagS float64 `json:"finality_lag_s"`
}
