package wire

import "errors"

// The API's own errors, each with the HTTP status a replica answers it
// with. They live here, below both the replica and its HTTP handlers, so
// that the code that returns them and the code that maps them to a status
// share one value (fsm's errors are the other half: 400, 404, 409, 413).
var (
	// ErrNoLeader: no leader is known right now (503; retry).
	ErrNoLeader = errors.New("no leader known; retry shortly")
	// ErrWaitTimeout: not sequenced within the wait; the outcome is unknown
	// and the client may safely resubmit (the hash deduplicates) (504).
	ErrWaitTimeout = errors.New("not sequenced within the wait timeout; query GET /v1/tx/{hash} or resubmit")
	// ErrMempoolFull: the pending set is at its count or byte bound (429).
	ErrMempoolFull = errors.New("mempool full")
	// ErrBacklogFull: the batches sequenced but not yet proven are at
	// their bound (429 with Retry-After); priority operations are exempt.
	ErrBacklogFull = errors.New("unproven backlog at its bound")
	// ErrNonceGap: left out of too many batches waiting for an earlier
	// nonce (409).
	ErrNonceGap = errors.New("nonce gap: an earlier nonce of this sender never arrived")
	// ErrUnknownMember: no member has that id (404).
	ErrUnknownMember = errors.New("unknown member")
	// ErrMemberExists: the id or Raft address is already in the cluster
	// (409); adding it again would re-address a live voter.
	ErrMemberExists = errors.New("member already exists")
	// ErrConfigChanged: a membership change raced another, or passed a
	// stale config_index (409: re-read, retry).
	ErrConfigChanged = errors.New("membership changed since the given config_index")
	// ErrNotCaughtUp: this replica cannot serve the read at the asked
	// consistency yet: it is restoring or catching up, cannot reach the
	// leader for a read index, or has not applied the index asked for
	// (503 with Retry-After; retry here or at another replica). Never a
	// claim that what was asked about does not exist.
	ErrNotCaughtUp = errors.New("replica not caught up for this read; retry")
)

// reasons name the sentinels above for machines: a non-2xx body carries
// its error's as ErrorBody.Reason, so a client, or a replica relaying
// another's answer, tells refusals apart (a full mempool from a full
// backlog, both 429) without parsing a message meant for people. The one
// table serves both directions; a name, once sent, never changes (old
// clients read it). The backlog comes before the mempool: the first
// sentinel an error wraps names it.
var reasons = [...]struct {
	err    error
	reason string
}{
	{ErrBacklogFull, "backlog_full"},
	{ErrMempoolFull, "mempool_full"},
	{ErrNoLeader, "no_leader"},
	{ErrWaitTimeout, "wait_timeout"},
	{ErrNonceGap, "nonce_gap"},
	{ErrUnknownMember, "unknown_member"},
	{ErrMemberExists, "member_exists"},
	{ErrConfigChanged, "config_changed"},
	{ErrNotCaughtUp, "not_caught_up"},
}

// ReasonOf is the reason of the first sentinel err wraps; "" when it
// wraps none of this package's.
func ReasonOf(err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.reason
		}
	}
	return ""
}

// ErrForReason is the sentinel a reason names; nil for "" and for a
// reason this build does not know (a newer replica's).
func ErrForReason(reason string) error {
	for _, r := range reasons {
		if reason != "" && r.reason == reason {
			return r.err
		}
	}
	return nil
}
