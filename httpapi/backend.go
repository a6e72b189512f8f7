package httpapi

import (
	"context"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// The handlers see the replica only through these interfaces, each the
// need of a few endpoints. cluster implements them over Raft; the tests of
// this package over a fake.

// Ingress takes transactions in, at any replica, and says what became of
// them.
type Ingress interface {
	// Submit checks a signed transfer or withdrawal and hands it to the
	// leader; with wait it returns once sequenced or rejected
	// (POST /v1/tx).
	Submit(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error)
	// Forwarded is the leader's side of another replica's Submit
	// (POST /v1/internal/tx).
	Forwarded(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error)
	// Priority feeds an L1 priority operation on a cluster without L1
	// settlement (POST /v1/admin/priority).
	Priority(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error)
	// TxStatus is what the cluster knows of a transaction at o's
	// consistency, with st.Read filled in. found false is 404: "unknown"
	// when a linearizable read ruled it out, "not_seen" from a stale one.
	// An error (wire.ErrNotCaughtUp) means the replica cannot say yet.
	TxStatus(ctx context.Context, h fsm.TxHash, o wire.ReadOptions) (st wire.TxStatus, found bool, err error)
}

// Consistency gates reads of the chain (transactions, accounts, batches)
// by their consistency level.
type Consistency interface {
	// Await returns once this replica may serve a read at o's level and
	// minimum index, with how it stands; wire.ErrNotCaughtUp when it
	// cannot within its read timeout.
	Await(ctx context.Context, o wire.ReadOptions) (wire.ReadMeta, error)
	// ReadIndex is the leader's side of a follower's linearizable read
	// (GET /v1/internal/read-index): its read index and, given tx, its
	// own status of it.
	ReadIndex(ctx context.Context, tx *fsm.TxHash) (wire.ReadIndex, error)
}

// Reader reads the replica's state (batches, accounts).
type Reader interface {
	// Read runs f against the state under its read lock.
	Read(f func(m *fsm.Machine))
}

// Probe answers the health endpoints; it must not wait for the state's
// lock, which a long apply holds.
type Probe interface {
	// Live is nil while consensus runs (GET /healthz).
	Live() error
	// Ready returns the leader once one is known and this replica has
	// applied what it knows to be committed (GET /readyz).
	Ready() (leader string, err error)
}

// Membership changes and lists the cluster's members (admin).
type Membership interface {
	Members() (wire.MembersResult, error)
	AddMember(ctx context.Context, req wire.AddRequest) (wire.MembersResult, error)
	RemoveMember(id string, configIndex uint64) (wire.MembersResult, error)
	// TransferLeadership hands leadership to id (or consensus's pick) and
	// returns the leader known afterwards.
	TransferLeadership(id string) (leader string, err error)
	// SetMemberAPI records where a member's API listens (leader only;
	// replicas register themselves).
	SetMemberAPI(req wire.MemberAPIRequest) error
}

// Jobs is the proving duty's admin surface.
type Jobs interface {
	DeadJobs(ctx context.Context) ([]wire.DeadJob, error)
	ReplayDead(ctx context.Context, batch uint64) error
	ReofferJob(ctx context.Context, batch uint64, attempt uint32) (wire.ReofferResult, error)
}

// FaultHooks are the fault injections chaos runs reach over the API.
type FaultHooks interface {
	SetFrozen(frozen bool)
	// FaultRaft restores every Raft link this replica cut (heal), then
	// cuts its links to the members with the given ids. An id not in the
	// configuration, or the replica's own, is fsm.ErrMalformed and
	// changes nothing.
	FaultRaft(block []string, heal bool) error
}

// Views are this replica's parts of the status page.
type Views interface {
	Status() wire.Status
	IsLeader() bool
	// MemberAPIs is every member's API address as the log names it.
	MemberAPIs() map[string]string
	// Pipeline counts the log's batches by state and lists the latest
	// perState of each.
	Pipeline(perState int) wire.Pipeline
	// L1 is the settlement duty's last look at L1 (nil: it has not led).
	L1() *wire.L1View
	// Backlog is the unproven and unfinalized backlog as this replica's
	// log has it, with its recent history.
	Backlog() wire.Backlog
}

// Peers asks other replicas, each call bounded by ctx.
type Peers interface {
	Status(ctx context.Context, api string) (wire.Status, error)
	L1(ctx context.Context, api string) (wire.L1View, error)
}

// Backend is everything the handlers call.
type Backend struct {
	Ingress Ingress
	Reader  Reader
	// Consistency gates the reads of Reader.
	Consistency Consistency
	Probe       Probe
	Membership  Membership
	Jobs        Jobs
	Faults      FaultHooks
	Views       Views
	Peers       Peers
}
