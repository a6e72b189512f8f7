package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/wire"
)

// membership lists and changes the Raft configuration, and keeps each
// member's API address in the log (set_member entries), so every replica
// finds the leader's API without extra configuration.
type membership struct {
	id      string // this replica's
	apiAddr string // this replica's, as the others reach it
	log     *slog.Logger
	raft    *raft.Raft
	rep     *replica
	snaps   raft.SnapshotStore
	peers   *peers
	// propose applies a command through Raft (Node.propose).
	propose      func(cmd []byte) (fsm.Result, error)
	applyTimeout time.Duration
}

var _ httpapi.Membership = (*membership)(nil)

// leaderAPI returns the leader's API address from the replicated member
// table.
func leaderAPI(r *raft.Raft, rep *replica) (string, error) {
	_, id := r.LeaderWithID()
	if id == "" {
		return "", wire.ErrNoLeader
	}
	addr := rep.memberAPIs()[string(id)]
	if addr == "" {
		return "", fmt.Errorf("%w: leader %s has not registered its API address yet", wire.ErrNoLeader, id)
	}
	return addr, nil
}

// Members lists the Raft configuration.
func (ms *membership) Members() (wire.MembersResult, error) {
	f := ms.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, err
	}
	apis := ms.rep.memberAPIs()
	_, leader := ms.raft.LeaderWithID()
	out := wire.MembersResult{Index: ms.configIndex()}
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
func (ms *membership) configIndex() uint64 {
	idx := ms.rep.confIndex.Load()
	metas, err := ms.snaps.List()
	if err != nil {
		ms.log.Warn("list snapshots", "err", err)
	}
	for _, m := range metas {
		idx = max(idx, m.ConfigurationIndex)
	}
	return idx
}

// AddMember adds a replica as a non-voter, waits until it has applied what
// the leader has committed, then promotes it to voter. Each step passes the
// configuration index it read, so two concurrent admin calls cannot both
// succeed on a stale view. Leader only.
func (ms *membership) AddMember(ctx context.Context, req wire.AddRequest) (wire.MembersResult, error) {
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
	cur, err := ms.currentMembers()
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
	f := ms.raft.AddNonvoter(raft.ServerID(req.ID), raft.ServerAddress(req.RaftAddr), cur.Index, ms.applyTimeout)
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("add non-voter: %w", configChanged(err))
	}
	idx := f.Index()
	// Record the API address before promotion: once it votes it may lead,
	// and followers must then reach its API to forward.
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: req.ID, Addr: req.APIAddr}
	if _, err := ms.propose(cmd.Encode()); err != nil {
		return wire.MembersResult{}, err
	}
	ms.log.Info("member added as non-voter", "member", req.ID)
	ctx, cancel := context.WithTimeout(ctx, catchUp)
	defer cancel()
	if err := ms.waitCaughtUp(ctx, req.APIAddr); err != nil {
		return wire.MembersResult{}, fmt.Errorf("member %s is a non-voter and has not caught up: %w", req.ID, err)
	}
	f = ms.raft.AddVoter(raft.ServerID(req.ID), raft.ServerAddress(req.RaftAddr), idx, ms.applyTimeout)
	if err := f.Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("promote: %w", configChanged(err))
	}
	ms.log.Info("member promoted to voter", "member", req.ID)
	return ms.Members()
}

// currentMembers is Members on the leader after a barrier. Every entry
// before it, configuration entries included, has then reached the replica,
// so the index is the one Raft checks a change's prevIndex against. Without
// it, a new leader's index lags behind a configuration entry the old leader
// committed (removing itself, say) until its own first commit is applied,
// and a change passing that index is refused.
func (ms *membership) currentMembers() (wire.MembersResult, error) {
	if err := ms.raft.Barrier(ms.applyTimeout).Error(); err != nil {
		return wire.MembersResult{}, err
	}
	return ms.Members()
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
func (ms *membership) waitCaughtUp(ctx context.Context, api string) error {
	for {
		st, err := ms.peers.Status(ctx, api)
		if err == nil && st.AppliedIndex+8 >= ms.raft.CommitIndex() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// RemoveMember removes a replica (leader only). configIndex 0 means "the
// current one".
func (ms *membership) RemoveMember(id string, configIndex uint64) (wire.MembersResult, error) {
	cur, err := ms.currentMembers()
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
	if err := ms.raft.RemoveServer(raft.ServerID(id), cur.Index, ms.applyTimeout).Error(); err != nil {
		return wire.MembersResult{}, fmt.Errorf("remove %s: %w", id, configChanged(err))
	}
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: id}
	if id != ms.id {
		if _, err := ms.propose(cmd.Encode()); err != nil {
			ms.log.Warn("forget removed member's address", "member", id, "err", err)
		}
	}
	ms.log.Info("member removed", "member", id)
	return ms.Members()
}

// TransferLeadership hands leadership to id (or Raft's pick) and returns
// the leader Raft knows afterwards.
func (ms *membership) TransferLeadership(id string) (string, error) {
	if err := ms.transfer(id); err != nil {
		return "", err
	}
	_, leader := ms.raft.LeaderWithID()
	return string(leader), nil
}

func (ms *membership) transfer(id string) error {
	if id == "" {
		return ms.raft.LeadershipTransfer().Error()
	}
	cur, err := ms.Members()
	if err != nil {
		return err
	}
	for _, m := range cur.Members {
		if m.ID == id {
			return ms.raft.LeadershipTransferToServer(raft.ServerID(id), raft.ServerAddress(m.RaftAddr)).Error()
		}
	}
	return fmt.Errorf("%w: %q", wire.ErrUnknownMember, id)
}

// SetMemberAPI records a member's API address (leader only; the id must
// be in the Raft configuration).
func (ms *membership) SetMemberAPI(req wire.MemberAPIRequest) error {
	if ms.raft.State() != raft.Leader {
		return raft.ErrNotLeader
	}
	// Followers forward transactions, with the cluster token, to the
	// address recorded here: it must be the member's own host, and the
	// leader's entry is the leader's to write.
	var raftAddr string
	for _, s := range ms.raft.GetConfiguration().Configuration().Servers {
		if string(s.ID) == req.ID {
			raftAddr = string(s.Address)
		}
	}
	apiHost, _, err := net.SplitHostPort(req.API)
	raftHost, _, rerr := net.SplitHostPort(raftAddr)
	switch {
	case raftAddr == "":
		return fmt.Errorf("%w: %q is not a member", wire.ErrUnknownMember, req.ID)
	case req.ID == ms.id:
		return fmt.Errorf("%w: the leader records its own address", fsm.ErrMalformed)
	case err != nil || rerr != nil || apiHost != raftHost:
		return fmt.Errorf("%w: api address %q is not on member %s's host (%s)", fsm.ErrMalformed, req.API, req.ID, raftHost)
	}
	cmd := fsm.Command{Type: fsm.CmdSetMember, Member: req.ID, Addr: req.API}
	_, err = ms.propose(cmd.Encode())
	return err
}

// registerSelf makes sure the log names this replica's API address: a
// leader records its own on taking over, and a follower that never led
// asks the leader to, so every replica's status page can reach every
// member.
func (ms *membership) registerSelf(ctx context.Context) {
	every := time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		if ms.rep.memberAPIs()[ms.id] == ms.apiAddr || ms.raft.State() == raft.Leader {
			every = 10 * time.Second
			continue
		}
		leader, err := leaderAPI(ms.raft, ms.rep)
		if err != nil {
			continue
		}
		body, _ := json.Marshal(wire.MemberAPIRequest{ID: ms.id, API: ms.apiAddr})
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err = ms.peers.call(cctx, http.MethodPost, leader, "/v1/internal/member", body, nil)
		cancel()
		if err != nil {
			ms.log.Debug("registering api address with the leader", "err", err)
			every = 2 * time.Second
		}
	}
}
