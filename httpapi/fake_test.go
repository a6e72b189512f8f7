package httpapi

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// fake is a replica without Raft: a real fsm.Machine for reads, canned
// answers elsewhere, and a log of what the handlers asked. A test sets
// next to make the next call fail.
type fake struct {
	mu    sync.Mutex
	m     *fsm.Machine
	calls []string
	// next is the error the next backend call returns (then cleared).
	next error
	// pending: Submit, Forwarded and Priority answer "pending" instead of
	// "sequenced" in batch 7.
	pending bool
	leader  bool
	live    error
	ready   error
	frozen  bool
	dead    []wire.DeadJob
	status  wire.Status
	members map[string]string
	l1      *wire.L1View
	// peers answers Status per API address (absent: an error naming it);
	// peerL1 is the leader's L1 view (nil: an error).
	peers  map[string]wire.Status
	peerL1 *wire.L1View
}

var (
	_ Ingress     = (*fake)(nil)
	_ Reader      = (*fake)(nil)
	_ Consistency = (*fake)(nil)
	_ Probe       = (*fake)(nil)
	_ Membership  = (*fake)(nil)
	_ Jobs        = (*fake)(nil)
	_ FaultHooks  = (*fake)(nil)
	_ Views       = (*fake)(nil)
	_ Peers       = (*fakePeers)(nil)
)

func newFake(g fsm.Genesis) (*fake, error) {
	m, err := fsm.New(g)
	if err != nil {
		return nil, err
	}
	return &fake{m: m, members: map[string]string{}, peers: map[string]wire.Status{}}, nil
}

func (f *fake) backend() Backend {
	return Backend{Ingress: f, Reader: f, Consistency: f, Probe: f, Membership: f, Jobs: f, Faults: f, Views: f, Peers: (*fakePeers)(f)}
}

// call records a call and returns the error set for it, if any.
func (f *fake) call(format string, args ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	err := f.next
	f.next = nil
	return err
}

// takeCalls returns and forgets the calls so far.
func (f *fake) takeCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

func short(h fsm.TxHash) string { return h.String()[:10] }

func (f *fake) answer(tx fsm.Tx) wire.SubmitResult {
	if f.pending {
		return wire.SubmitResult{Hash: tx.Hash(), Status: "pending"}
	}
	return wire.SubmitResult{Hash: tx.Hash(), Status: "sequenced", Batch: 7, Index: 21}
}

func (f *fake) Submit(_ context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	if err := f.call("Submit(%s %s wait=%t)", tx.Kind, short(tx.Hash()), wait); err != nil {
		return wire.SubmitResult{}, err
	}
	return f.answer(tx), nil
}

func (f *fake) Forwarded(_ context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	if err := f.call("Forwarded(%s %s wait=%t)", tx.Kind, short(tx.Hash()), wait); err != nil {
		return wire.SubmitResult{}, err
	}
	return f.answer(tx), nil
}

func (f *fake) Priority(_ context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	if err := f.call("Priority(%s %s queue=%d wait=%t)", tx.Kind, short(tx.Hash()), tx.QueueIndex, wait); err != nil {
		return wire.SubmitResult{}, err
	}
	return f.answer(tx), nil
}

// fakeMeta is how the fake says it read: applied 40 of 42 committed.
func fakeMeta(o wire.ReadOptions) wire.ReadMeta {
	return wire.ReadMeta{Consistency: o.Consistency, AppliedIndex: max(40, o.MinIndex), CommitIndex: 42, LagEntries: 2, Leader: "s1", LastContactMs: 3}
}

// TxStatus: a hash starting 0x00 is not found; any other is pending.
func (f *fake) TxStatus(_ context.Context, h fsm.TxHash, o wire.ReadOptions) (wire.TxStatus, bool, error) {
	if err := f.call("TxStatus(%s consistency=%s min_index=%d)", short(h), o.Consistency, o.MinIndex); err != nil {
		return wire.TxStatus{}, false, err
	}
	meta := fakeMeta(o)
	if h[0] == 0 {
		st := wire.TxStatus{Hash: h, Status: "unknown", Read: &meta}
		if o.Consistency == wire.Stale {
			st.Status = "not_seen"
		}
		return st, false, nil
	}
	return wire.TxStatus{Hash: h, Status: "pending", Read: &meta}, true, nil
}

func (f *fake) Await(_ context.Context, o wire.ReadOptions) (wire.ReadMeta, error) {
	if err := f.call("Await(consistency=%s min_index=%d)", o.Consistency, o.MinIndex); err != nil {
		return wire.ReadMeta{}, err
	}
	return fakeMeta(o), nil
}

func (f *fake) ReadIndex(_ context.Context, tx *fsm.TxHash) (wire.ReadIndex, error) {
	what := "-"
	if tx != nil {
		what = short(*tx)
	}
	if err := f.call("ReadIndex(%s)", what); err != nil {
		return wire.ReadIndex{}, err
	}
	ri := wire.ReadIndex{Index: 42, Term: 3}
	if tx != nil {
		ri.Tx = &wire.TxStatus{Hash: *tx, Status: "pending"}
	}
	return ri, nil
}

func (f *fake) Read(fn func(m *fsm.Machine)) { fn(f.m) }

func (f *fake) Live() error { return f.live }

func (f *fake) Ready() (string, error) {
	if f.ready != nil {
		return "", f.ready
	}
	return "s1", nil
}

func (f *fake) Members() (wire.MembersResult, error) {
	if err := f.call("Members()"); err != nil {
		return wire.MembersResult{}, err
	}
	return wire.MembersResult{Index: 3, Members: []wire.Member{{ID: "s1", RaftAddr: "h:1", Suffrage: "Voter", Leader: true}}}, nil
}

func (f *fake) AddMember(_ context.Context, req wire.AddRequest) (wire.MembersResult, error) {
	if err := f.call("AddMember(%+v)", req); err != nil {
		return wire.MembersResult{}, err
	}
	return wire.MembersResult{Index: 5, Members: []wire.Member{{ID: req.ID, RaftAddr: req.RaftAddr, APIAddr: req.APIAddr, Suffrage: "Voter"}}}, nil
}

func (f *fake) RemoveMember(id string, configIndex uint64) (wire.MembersResult, error) {
	if err := f.call("RemoveMember(%q, %d)", id, configIndex); err != nil {
		return wire.MembersResult{}, err
	}
	return wire.MembersResult{Index: 6, Members: []wire.Member{}}, nil
}

func (f *fake) TransferLeadership(id string) (string, error) {
	if err := f.call("TransferLeadership(%q)", id); err != nil {
		return "", err
	}
	return "s2", nil
}

func (f *fake) SetMemberAPI(req wire.MemberAPIRequest) error {
	return f.call("SetMemberAPI(%+v)", req)
}

func (f *fake) DeadJobs(context.Context) ([]wire.DeadJob, error) {
	if err := f.call("DeadJobs()"); err != nil {
		return nil, err
	}
	return f.dead, nil
}

func (f *fake) ReplayDead(_ context.Context, batch uint64) error {
	return f.call("ReplayDead(%d)", batch)
}

func (f *fake) ReofferJob(_ context.Context, batch uint64, attempt uint32) (wire.ReofferResult, error) {
	if err := f.call("ReofferJob(%d, %d)", batch, attempt); err != nil {
		return wire.ReofferResult{}, err
	}
	return wire.ReofferResult{Batch: batch, Attempt: attempt + 1}, nil
}

func (f *fake) SetFrozen(v bool) {
	_ = f.call("SetFrozen(%t)", v)
	f.frozen = v
}

// FaultRaft knows members s0, s1 and s2, and is s0.
func (f *fake) FaultRaft(block []string, heal bool) error {
	if err := f.call("FaultRaft(%q, %t)", block, heal); err != nil {
		return err
	}
	for _, id := range block {
		if id != "s1" && id != "s2" {
			return fmt.Errorf("%w: block_raft: %q is not another member", fsm.ErrMalformed, id)
		}
	}
	return nil
}

func (f *fake) Status() wire.Status {
	_ = f.call("Status()")
	return f.status
}

func (f *fake) IsLeader() bool { return f.leader }

func (f *fake) MemberAPIs() map[string]string { return maps.Clone(f.members) }

func (f *fake) Pipeline(perState int) wire.Pipeline {
	_ = f.call("Pipeline(%d)", perState)
	return wire.Pipeline{Counts: map[string]uint64{"sequenced": 1}}
}

func (f *fake) L1() *wire.L1View { return f.l1 }

func (f *fake) Backlog() wire.Backlog {
	_ = f.call("Backlog()")
	return wire.Backlog{UnprovenBatches: 7, Bound: 9, History: []wire.BacklogSample{{AtMs: 1, UnprovenBatches: 7}}}
}

// fakePeers answers for the other replicas.
type fakePeers fake

func (p *fakePeers) Status(_ context.Context, api string) (wire.Status, error) {
	f := (*fake)(p)
	_ = f.call("peer Status(%s)", api)
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.peers[api]
	if !ok {
		return wire.Status{}, fmt.Errorf("dial %s: connection refused", api)
	}
	return st, nil
}

func (p *fakePeers) L1(_ context.Context, api string) (wire.L1View, error) {
	f := (*fake)(p)
	_ = f.call("peer L1(%s)", api)
	if f.peerL1 == nil {
		return wire.L1View{}, errors.New("no l1")
	}
	return *f.peerL1, nil
}

// relayed is another replica's answer carried back (a forward).
type relayed struct {
	code int
	msg  string
	// sentinel is what the relaying replica maps the answer back to.
	sentinel error
}

func (e *relayed) Error() string   { return e.msg }
func (e *relayed) StatusCode() int { return e.code }
func (e *relayed) Unwrap() error   { return e.sentinel }

// errNotLeader stands for the consensus layer's own "not the leader".
var errNotLeader = errors.New("node is not the leader")

// namedErrors are the errors a script can make the next call return.
var namedErrors = map[string]error{
	"mempool-full": fmt.Errorf("%w: 10 transactions pending; retry later", wire.ErrMempoolFull),
	"backlog-full": fmt.Errorf("%w: 12 batches sequenced and not yet proven (bound 12); retry later", wire.ErrBacklogFull),
	// The leader's refusal at the backlog's bound, relayed by a follower:
	// its 429 and its Retry-After stand.
	"relayed-backlog-full": &relayed{code: 429, msg: "unproven backlog at its bound: 3 batches sequenced and not yet proven (bound 3); retry later", sentinel: wire.ErrBacklogFull},
	"no-leader":            wire.ErrNoLeader,
	"not-leader":           errNotLeader,
	"wait-timeout":         wire.ErrWaitTimeout,
	"deadline":             context.DeadlineExceeded,
	"nonce-low":            fmt.Errorf("%w: nonce 0, account is at 3", fsm.ErrNonceTooLow),
	"nonce-high":           fmt.Errorf("%w: nonce 99 is beyond the window [0, 64)", fsm.ErrNonceTooHigh),
	"nonce-gap":            wire.ErrNonceGap,
	"config-changed":       fmt.Errorf("%w: 3, now 4", wire.ErrConfigChanged),
	"too-large":            fmt.Errorf("%w: body", fsm.ErrTooLarge),
	"unknown-member":       fmt.Errorf("%w: %q", wire.ErrUnknownMember, "s9"),
	"member-exists":        fmt.Errorf("%w: s2 at h:2 (remove it first)", wire.ErrMemberExists),
	"malformed":            fmt.Errorf("%w: this replica runs without provers", fsm.ErrMalformed),
	"bad-signature":        fmt.Errorf("account 1: %w", fsm.ErrBadSignature),
	"unknown-batch":        fmt.Errorf("%w: 99", fsm.ErrUnknownBatch),
	"priority-order":       fmt.Errorf("%w: queue index 0 already consumed (next is 2)", fsm.ErrPriorityOrder),
	// A leader's 409 relayed by a follower: its code stands.
	"relayed-409": &relayed{code: 409, msg: "nonce too low: nonce 0, account is at 3"},
	// A relayed 5xx also stands.
	"relayed-502": &relayed{code: 502, msg: "bad gateway"},
	"other":       errors.New("disk on fire"),
	// A replica restoring, catching up, or without a read index in time.
	"not-caught-up": fmt.Errorf("%w: applied 40, read needs 42", wire.ErrNotCaughtUp),
}

func errorNames() string { return strings.Join(slices.Sorted(maps.Keys(namedErrors)), ", ") }
