package cluster

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
	"github.com/hashicorp/raft"
)

// ErrUnauthorized: missing or wrong bearer token.
var ErrUnauthorized = errors.New("unauthorized")

// ErrClientCert: with TLS, admin and internal endpoints want a client
// certificate from the cluster's CA as well as the token.
var ErrClientCert = errors.New("a client certificate from the cluster CA is required (mutual TLS)")

func (n *Node) authed(h http.HandlerFunc) http.HandlerFunc {
	want := []byte("Bearer " + n.cfg.Token)
	return func(w http.ResponseWriter, r *http.Request) {
		// The token alone is a shared secret that leaks into shells and
		// CI logs; with TLS on, the caller must also hold a key the CA
		// vouched for. The handshake already verified any certificate
		// offered, so a verified chain is all there is to check.
		if n.cfg.TLS != nil && (r.TLS == nil || len(r.TLS.VerifiedChains) == 0) {
			writeJSON(w, http.StatusForbidden, wire.ErrorBody{Error: ErrClientCert.Error()})
			return
		}
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			writeJSON(w, http.StatusUnauthorized, wire.ErrorBody{Error: ErrUnauthorized.Error()})
			return
		}
		h(w, r)
	}
}

// Members lists the Raft configuration.
func (n *Node) Members() (wire.MembersResult, error) {
	f := n.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, err
	}
	var apis map[string]string
	n.rep.read(func(m *fsm.Machine) { apis = m.Members() })
	_, leader := n.raft.LeaderWithID()
	out := wire.MembersResult{Index: n.configIndex()}
	for _, s := range f.Configuration().Servers {
		out.Members = append(out.Members, wire.Member{
			ID: string(s.ID), RaftAddr: string(s.Address), APIAddr: apis[string(s.ID)],
			Suffrage: s.Suffrage.String(), Leader: s.ID == leader,
		})
	}
	return out, nil
}

// configIndex is the log index of the committed Raft configuration, the
// config_index that admin calls pass back. hashicorp/raft v1.8's
// GetConfiguration reads a copy kept outside its main loop that has no
// index: its Index() is always 0, which made every config_index check a
// no-op (and any non-zero config_index fail). Configuration entries applied
// since start reach the replica through StoreConfiguration; those compacted
// into a snapshot (restored at start or installed from the leader) are in
// the snapshot's metadata. Raft accepts a change only when its latest
// configuration is committed, so during a change in flight this index is
// behind and a call passing it is refused, as it should be.
func (n *Node) configIndex() uint64 {
	idx := n.rep.confIndex.Load()
	metas, err := n.rp.snaps.List()
	if err != nil {
		n.log.Warn("list snapshots", "err", err)
	}
	for _, m := range metas {
		idx = max(idx, m.ConfigurationIndex)
	}
	return idx
}

func (n *Node) handleMembers(w http.ResponseWriter, _ *http.Request) {
	m, err := n.Members()
	if err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (n *Node) handleAddMember(w http.ResponseWriter, r *http.Request) {
	var req wire.AddRequest
	if err := decodeBody(r, &req); err != nil {
		n.fail(w, err)
		return
	}
	res, err := n.AddMember(r.Context(), req)
	if err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// AddMember adds a replica as a non-voter, waits until it has applied what
// the leader has committed, then promotes it to voter. Each step passes the
// configuration index it read, so two concurrent admin calls cannot both
// succeed on a stale view. Leader only.
func (n *Node) AddMember(ctx context.Context, req wire.AddRequest) (wire.MembersResult, error) {
	if req.ID == "" || req.RaftAddr == "" || req.APIAddr == "" || len(req.ID) > fsm.MaxMemberLen || len(req.APIAddr) > fsm.MaxMemberLen {
		return wire.MembersResult{}, fmt.Errorf("%w: id, raft_addr and api_addr are required (≤ %d bytes)", fsm.ErrMalformed, fsm.MaxMemberLen)
	}
	catchUp := 60 * time.Second
	if req.CatchUpTimeout != "" {
		d, err := time.ParseDuration(req.CatchUpTimeout)
		if err != nil {
			return wire.MembersResult{}, fmt.Errorf("%w: catch_up_timeout: %v", fsm.ErrMalformed, err)
		}
		catchUp = d
	}
	cur, err := n.currentMembers()
	if err != nil {
		return wire.MembersResult{}, err
	}
	if req.ConfigIndex != 0 && req.ConfigIndex != cur.Index {
		return wire.MembersResult{}, fmt.Errorf("%w: %d, now %d", wire.ErrConfigChanged, req.ConfigIndex, cur.Index)
	}
	for _, m := range cur.Members {
		if m.ID == req.ID || m.RaftAddr == req.RaftAddr {
			return wire.MembersResult{}, fmt.Errorf("%w: %s at %s (remove it first)", wire.ErrMemberExists, m.ID, m.RaftAddr)
		}
	}
	f := n.raft.AddNonvoter(raft.ServerID(req.ID), raft.ServerAddress(req.RaftAddr), cur.Index, n.cfg.Raft.ApplyTimeout)
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("add non-voter: %w", configChanged(err))
	}
	idx := f.Index()
	// Record the API address before promotion: once it votes it may lead,
	// and followers must then reach its API to forward.
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: req.ID, Addr: req.APIAddr}
	if _, err := n.propose(cmd.Encode()); err != nil {
		return wire.MembersResult{}, err
	}
	n.log.Info("member added as non-voter", "member", req.ID)
	ctx, cancel := context.WithTimeout(ctx, catchUp)
	defer cancel()
	if err := n.waitCaughtUp(ctx, req.APIAddr); err != nil {
		return wire.MembersResult{}, fmt.Errorf("member %s is a non-voter and has not caught up: %w", req.ID, err)
	}
	f = n.raft.AddVoter(raft.ServerID(req.ID), raft.ServerAddress(req.RaftAddr), idx, n.cfg.Raft.ApplyTimeout)
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("promote: %w", configChanged(err))
	}
	n.log.Info("member promoted to voter", "member", req.ID)
	return n.Members()
}

// currentMembers is Members on the leader after a barrier. Every entry
// before it, configuration entries included, has then reached the replica,
// so the index is the one Raft checks a change's prevIndex against. Without
// it, a new leader's index lags behind a configuration entry the old leader
// committed (removing itself, say) until its own first commit is applied,
// and a change passing that index is refused.
func (n *Node) currentMembers() (wire.MembersResult, error) {
	if err := n.raft.Barrier(n.cfg.Raft.ApplyTimeout).Error(); err != nil {
		return wire.MembersResult{}, err
	}
	return n.Members()
}

// configChanged maps Raft's own refusal of a change made on a stale
// prevIndex (a plain error, "configuration changed since N (latest is M)")
// to ErrConfigChanged: a call that loses the race with a concurrent one gets
// the same 409 as one that passed an old config_index.
func configChanged(err error) error {
	if err != nil && strings.HasPrefix(err.Error(), "configuration changed since") {
		return fmt.Errorf("%w: %v", wire.ErrConfigChanged, err)
	}
	return err
}

// waitCaughtUp polls the new member's status until its applied index is
// within a few entries of the leader's commit index.
func (n *Node) waitCaughtUp(ctx context.Context, api string) error {
	for {
		var st wire.Status
		err := n.call(ctx, http.MethodGet, n.apiURL(api, "/v1/status"), nil, &st)
		if err == nil && st.AppliedIndex+8 >= n.raft.CommitIndex() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (n *Node) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	var idx uint64
	if s := r.URL.Query().Get("config_index"); s != "" {
		var err error
		if idx, err = strconv.ParseUint(s, 10, 64); err != nil {
			n.fail(w, fmt.Errorf("%w: config_index", fsm.ErrMalformed))
			return
		}
	}
	res, err := n.RemoveMember(r.PathValue("id"), idx)
	if err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// RemoveMember removes a replica (leader only). configIndex 0 means "the
// current one".
func (n *Node) RemoveMember(id string, configIndex uint64) (wire.MembersResult, error) {
	cur, err := n.currentMembers()
	if err != nil {
		return wire.MembersResult{}, err
	}
	if configIndex != 0 && configIndex != cur.Index {
		return wire.MembersResult{}, fmt.Errorf("%w: %d, now %d", wire.ErrConfigChanged, configIndex, cur.Index)
	}
	found := false
	for _, m := range cur.Members {
		found = found || m.ID == id
	}
	if !found {
		return wire.MembersResult{}, fmt.Errorf("%w: %q", wire.ErrUnknownMember, id)
	}
	if err := n.raft.RemoveServer(raft.ServerID(id), cur.Index, n.cfg.Raft.ApplyTimeout).Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("remove %s: %w", id, configChanged(err))
	}
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: id}
	if id != n.cfg.ID {
		if _, err := n.propose(cmd.Encode()); err != nil {
			n.log.Warn("forget removed member's address", "member", id, "err", err)
		}
	}
	n.log.Info("member removed", "member", id)
	return n.Members()
}

func (n *Node) handleTransfer(w http.ResponseWriter, r *http.Request) {
	var req wire.TransferRequest
	if err := decodeBody(r, &req); err != nil {
		n.fail(w, err)
		return
	}
	if err := n.TransferLeadership(req.ID); err != nil {
		n.fail(w, err)
		return
	}
	_, leader := n.raft.LeaderWithID()
	writeJSON(w, http.StatusOK, map[string]string{"leader": string(leader)})
}

// TransferLeadership hands leadership to id (or Raft's pick).
func (n *Node) TransferLeadership(id string) error {
	if id == "" {
		return n.raft.LeadershipTransfer().Error()
	}
	cur, err := n.Members()
	if err != nil {
		return err
	}
	for _, m := range cur.Members {
		if m.ID == id {
			return n.raft.LeadershipTransferToServer(raft.ServerID(id), raft.ServerAddress(m.RaftAddr)).Error()
		}
	}
	return fmt.Errorf("%w: %q", wire.ErrUnknownMember, id)
}

// handlePriority accepts an L1 priority operation (deposit or forced exit)
// on a cluster without L1 settlement (tests, a sequencer-only devnet);
// with it, the leader feeds them from the contract's events. Same
// validation as any operation; queue order is enforced by the batch.
func (n *Node) handlePriority(w http.ResponseWriter, r *http.Request) {
	var j wire.TxJSON
	if err := decodeBody(r, &j); err != nil {
		n.fail(w, err)
		return
	}
	tx, err := j.Tx()
	if err != nil {
		n.fail(w, err)
		return
	}
	if !tx.Kind.IsPriority() {
		n.fail(w, fmt.Errorf("%w: %s is not a priority operation", fsm.ErrMalformed, tx.Kind))
		return
	}
	if n.cfg.Settlement != nil {
		// The contract's queue is the only source then: an entry it does
		// not hold would make every later commit revert.
		n.fail(w, fmt.Errorf("%w: priority operations come from the L1 contract's queue", fsm.ErrMalformed))
		return
	}
	var (
		next  uint64
		depth int
	)
	n.rep.read(func(m *fsm.Machine) { next, depth = m.NextPriority(), m.Config().TreeDepth })
	// The fsm would consume an exit naming an index beyond the tree as a
	// no-op, but the circuit cannot show why; the L1 contract refuses such
	// requests when they are queued, and so does this stand-in for it.
	if tx.Kind == fsm.KindForcedExit && uint64(tx.From) >= uint64(1)<<depth {
		n.fail(w, fmt.Errorf("%w: account %d is beyond the tree (depth %d)", fsm.ErrMalformed, tx.From, depth))
		return
	}
	if tx.QueueIndex < next {
		n.fail(w, fmt.Errorf("%w: queue index %d already consumed (next is %d)", fsm.ErrPriorityOrder, tx.QueueIndex, next))
		return
	}
	wait := r.URL.Query().Get("wait") != "false"
	var res wire.SubmitResult
	if n.IsLeader() {
		res, err = n.enqueue(r.Context(), tx, fsm.SigVerified{}, wait)
	} else {
		// The same path as forwarded transactions: retried while no leader
		// is reachable, answered from this replica's log if need be.
		res, err = n.forwardAndWait(r.Context(), tx, fsm.SigVerified{}, wait)
	}
	if err != nil {
		n.fail(w, err)
		return
	}
	writeSubmitResult(w, res)
}

// registerSelf makes sure the log names this replica's API address: a
// leader records its own on taking over, and a follower that never led
// asks the leader to, so every replica's status page can reach every
// member.
func (n *Node) registerSelf(ctx context.Context) {
	every := time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		var addr string
		n.rep.read(func(m *fsm.Machine) { addr = m.Members()[n.cfg.ID] })
		if addr == n.apiAddr || n.IsLeader() {
			every = 10 * time.Second
			continue
		}
		leader, err := n.leaderAPI()
		if err != nil {
			continue
		}
		body, _ := json.Marshal(wire.MemberAPIRequest{ID: n.cfg.ID, API: n.apiAddr})
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err = n.call(cctx, http.MethodPost, n.apiURL(leader, "/v1/internal/member"), body, nil)
		cancel()
		if err != nil {
			n.log.Debug("registering api address with the leader", "err", err)
			every = 2 * time.Second
		}
	}
}

// handleMemberAPI records a member's API address (leader only; the id
// must be in the Raft configuration).
func (n *Node) handleMemberAPI(w http.ResponseWriter, r *http.Request) {
	var req wire.MemberAPIRequest
	if err := decodeBody(r, &req); err != nil {
		n.fail(w, err)
		return
	}
	if !n.IsLeader() {
		n.fail(w, raft.ErrNotLeader)
		return
	}
	// Followers forward transactions, with the cluster token, to the
	// address recorded here: it must be the member's own host, and the
	// leader's entry is the leader's to write.
	var raftAddr string
	for _, s := range n.raft.GetConfiguration().Configuration().Servers {
		if string(s.ID) == req.ID {
			raftAddr = string(s.Address)
		}
	}
	apiHost, _, err := net.SplitHostPort(req.API)
	raftHost, _, rerr := net.SplitHostPort(raftAddr)
	switch {
	case raftAddr == "":
		n.fail(w, fmt.Errorf("%w: %q is not a member", wire.ErrUnknownMember, req.ID))
		return
	case req.ID == n.cfg.ID:
		n.fail(w, fmt.Errorf("%w: the leader records its own address", fsm.ErrMalformed))
		return
	case err != nil || rerr != nil || apiHost != raftHost:
		n.fail(w, fmt.Errorf("%w: api address %q is not on member %s's host (%s)", fsm.ErrMalformed, req.API, req.ID, raftHost))
		return
	}
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: req.ID, Addr: req.API}
	if _, err := n.propose(cmd.Encode()); err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}
