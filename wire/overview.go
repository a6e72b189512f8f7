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
}
