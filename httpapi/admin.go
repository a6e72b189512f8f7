package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

func (s *Server) handleMembers(w http.ResponseWriter, _ *http.Request) {
	m, err := s.b.Membership.Members()
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) handleAddMember(w http.ResponseWriter, r *http.Request) {
	var req wire.AddRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.b.Membership.AddMember(r.Context(), req)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	var idx uint64
	if q := r.URL.Query().Get("config_index"); q != "" {
		var err error
		if idx, err = strconv.ParseUint(q, 10, 64); err != nil {
			s.fail(w, fmt.Errorf("%w: config_index", fsm.ErrMalformed))
			return
		}
	}
	res, err := s.b.Membership.RemoveMember(r.PathValue("id"), idx)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request) {
	var req wire.TransferRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	leader, err := s.b.Membership.TransferLeadership(req.ID)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"leader": leader})
}

// handleMemberAPI records a member's API address (a replica registering
// itself with the leader).
func (s *Server) handleMemberAPI(w http.ResponseWriter, r *http.Request) {
	var req wire.MemberAPIRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	if err := s.b.Membership.SetMemberAPI(req); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}

func (s *Server) handleDeadJobs(w http.ResponseWriter, r *http.Request) {
	dead, err := s.b.Jobs.DeadJobs(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	if dead == nil {
		dead = []wire.DeadJob{} // [], not null
	}
	writeJSON(w, http.StatusOK, dead)
}

func (s *Server) handleReplayJob(w http.ResponseWriter, r *http.Request) {
	var req wire.ReplayRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	if err := s.b.Jobs.ReplayDead(r.Context(), req.Batch); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]uint64{"replayed": req.Batch})
}

func (s *Server) handleReofferJob(w http.ResponseWriter, r *http.Request) {
	var req wire.ReofferRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.b.Jobs.ReofferJob(r.Context(), req.Batch, req.Attempt)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleFaults(w http.ResponseWriter, r *http.Request) {
	var req wire.FaultsRequest
	if err := decodeBody(r, &req); err != nil {
		s.fail(w, err)
		return
	}
	// The Raft links first: a bad id must leave the batcher as it was too.
	if len(req.BlockRaft) > 0 || req.Heal {
		if err := s.b.Faults.FaultRaft(req.BlockRaft, req.Heal); err != nil {
			s.fail(w, err)
			return
		}
	}
	s.b.Faults.SetFrozen(req.FreezeBatcher)
	s.cfg.Logger.Warn("fault hooks set", "freeze_batcher", req.FreezeBatcher, "block_raft", req.BlockRaft, "heal", req.Heal)
	writeJSON(w, http.StatusOK, req)
}
