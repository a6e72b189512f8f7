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
)
