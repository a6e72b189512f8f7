package watchdog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// leaderHealth is what the active instance remembers between rounds.
type leaderHealth struct {
	badID string // the leader the readings are about
	bad   int    // consecutive unhealthy readings of it

	lastAction time.Time
	// escalation doubles the cooldown while the same symptom follows
	// leadership from replica to replica (up to 8×).
	escalation int
	// pending is the transfer under probation (nil when none).
	pending *transfer
}

type transfer struct {
	from, to, reason string
	at               time.Time
	until            time.Time
}

// symptom is one reason a leader is unhealthy: kind is the stable label
// (metrics, probation's "same symptom"), text the evidence for people.
type symptom struct{ kind, text string }

// symptoms lists why the leader s is unhealthy at v.at (nil: healthy).
func (w *Watchdog) symptoms(v *view, l LeaderRecord, s *SequencerRecord) []symptom {
	c := w.cfg
	if s == nil {
		return []symptom{{"heartbeat_stale", "heartbeat missing"}}
	}
	var out []symptom
	if age := v.at.Sub(time.UnixMilli(s.UpdatedMs)); age > c.StaleAfter {
		out = append(out, symptom{"heartbeat_stale", fmt.Sprintf("heartbeat stale (%v old)", age.Round(time.Millisecond))})
	}
	if s.Pending > 0 && s.OldestPendingMs > 0 {
		waiting := v.at.Sub(time.UnixMilli(s.OldestPendingMs))
		idle := v.at.Sub(time.UnixMilli(s.LastBatchMs))
		if waiting > c.CommitStall && idle > c.CommitStall {
			out = append(out, symptom{"commit_stalled", fmt.Sprintf("commit stalled (%d pending, oldest %v, last batch %d %v ago)",
				s.Pending, waiting.Round(time.Second), s.LastBatch, idle.Round(time.Second))})
		}
	}
	if c.MaxPostLag > 0 && s.Settling && s.LastBatch > s.LastPosted+c.MaxPostLag {
		out = append(out, symptom{"l1_posting_lag", fmt.Sprintf("L1 posting lags (%d batches not on L1, limit %d)", s.LastBatch-s.LastPosted, c.MaxPostLag)})
	}
	return out
}

// currentLeader finds who leads: the leader record, unless fresh
// heartbeats report a later term (the record's writer was deposed and its
// successor has not written yet).
func currentLeader(v *view, stale time.Duration) (LeaderRecord, bool) {
	var best LeaderRecord
	found := false
	if v.leader != nil {
		best, found = *v.leader, true
	}
	for _, s := range v.sequencers {
		if s.Role != "Leader" || v.at.Sub(time.UnixMilli(s.UpdatedMs)) > stale {
			continue
		}
		if !found || s.Term > best.Term {
			best, found = LeaderRecord{ID: s.ID, API: s.API, Term: s.Term}, true
		}
	}
	return best, found
}

// checkLeader judges the leader and, when it has been unhealthy for
// Confirm readings in a row, outside cool-down and probation, asks it to
// hand leadership to the healthiest caught-up follower.
func (w *Watchdog) checkLeader(ctx context.Context, v *view) {
	h := &w.health
	l, ok := currentLeader(v, w.cfg.StaleAfter)
	if !ok {
		// Raft elects by itself; nothing here could help.
		h.bad, h.badID = 0, ""
		w.m.leaderState.Set(0)
		return
	}
	var s *SequencerRecord
	if r, ok := v.sequencers[l.ID]; ok {
		s = &r
	}
	sym := w.symptoms(v, l, s)
	w.judgeProbation(v, l, sym)
	if len(sym) == 0 {
		if h.bad > 0 {
			w.log.Info("leader healthy again", "leader", l.ID, "after_readings", h.bad)
		}
		if h.pending == nil && s != nil && (s.Pending == 0 || s.LastBatchMs > h.lastAction.UnixMilli()) {
			// Healthy by itself, with evidence: the next incident starts
			// from the base cool-down.
			h.escalation = 0
		}
		h.bad, h.badID = 0, l.ID
		w.m.leaderState.Set(0)
		return
	}
	if l.ID != h.badID {
		h.bad, h.badID = 0, l.ID
	}
	h.bad++
	w.m.leaderState.Set(float64(h.bad))
	reason := sym[0].kind
	texts := make([]string, len(sym))
	for i, s := range sym {
		texts[i] = s.text
	}
	evidence := []any{"leader", l.ID, "term", l.Term, "symptoms", strings.Join(texts, "; "), "readings", h.bad}
	if h.bad < w.cfg.Confirm {
		w.decide(ctx, "wait_confirm", reason, "leader looks unhealthy; waiting for confirmation", evidence...)
		return
	}
	if h.pending != nil {
		w.decide(ctx, "probation", reason, "leader unhealthy but the last transfer is still on probation",
			append(evidence, "transfer_to", h.pending.to, "until", h.pending.until.Format(time.RFC3339))...)
		return
	}
	cool := w.cfg.Cooldown << h.escalation
	if since := v.at.Sub(h.lastAction); !h.lastAction.IsZero() && since < cool {
		w.decide(ctx, "cooldown", reason, "leader unhealthy but in cool-down",
			append(evidence, "since_last", since.Round(time.Millisecond), "cooldown", cool)...)
		return
	}
	target, why := w.pickTarget(v, l, s)
	if target == "" {
		w.decide(ctx, "no_target", reason, "leader unhealthy but no follower is fit to lead", append(evidence, "followers", why)...)
		return
	}
	w.transfer(ctx, v, l, target, reason, append(evidence, "followers", why))
}

// judgeProbation ends the probation of the last transfer: a success when
// the new leader has batched since (or has nothing to batch), a failure
// that escalates the cool-down when its time ran out with the same
// symptom, nothing learned when leadership did not move at all.
func (w *Watchdog) judgeProbation(v *view, l LeaderRecord, sym []symptom) {
	h := &w.health
	p := h.pending
	if p == nil {
		return
	}
	s, ok := v.sequencers[l.ID]
	// Health needs positive evidence: a batch since the transfer (or
	// nothing to batch). A new leader whose mempool was just handed over
	// looks fine for a while by the stall rule alone.
	progressed := ok && (s.LastBatchMs > p.at.UnixMilli() || s.Pending == 0)
	switch {
	case l.ID != p.from && progressed && len(sym) == 0:
		w.log.Info("transfer succeeded: new leader healthy", "leader", l.ID, "asked_for", p.to, "took", v.at.Sub(p.at).Round(time.Millisecond))
		h.pending, h.escalation = nil, 0
	case v.at.Before(p.until):
	case l.ID == p.from:
		w.log.Warn("leadership did not move after the transfer request", "leader", l.ID, "asked_for", p.to)
		h.pending = nil
	case !progressed || len(sym) > 0 && sym[0].kind == p.reason:
		h.escalation = min(h.escalation+1, 3)
		w.log.Warn("the symptom followed leadership: likely not the leader's fault; cooling down longer",
			"from", p.from, "now", l.ID, "symptom", p.reason, "cooldown", w.cfg.Cooldown<<h.escalation)
		h.pending = nil
	default:
		h.pending = nil
	}
}

// pickTarget chooses the follower to hand leadership to: fresh heartbeat,
// a voter, following the same leader, caught up within MaxBehind of the
// leader's commit index; the most caught-up wins. why explains every
// follower's standing, for the decision log.
func (w *Watchdog) pickTarget(v *view, l LeaderRecord, s *SequencerRecord) (string, string) {
	var commit uint64
	if s != nil {
		commit = s.CommitIndex
	}
	for _, r := range v.sequencers {
		// A stale leader heartbeat: the freshest commit index any replica
		// knows stands in for it.
		commit = max(commit, r.CommitIndex)
	}
	type cand struct {
		id      string
		applied uint64
	}
	var fit []cand
	var why []string
	ids := make([]string, 0, len(v.sequencers))
	for id := range v.sequencers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := v.sequencers[id]
		if id == l.ID {
			continue
		}
		var no string
		switch age := v.at.Sub(time.UnixMilli(r.UpdatedMs)); {
		case age > w.cfg.StaleAfter:
			no = fmt.Sprintf("stale heartbeat (%v)", age.Round(time.Millisecond))
		case !r.Voter:
			no = "not a voter"
		case r.Role != "Follower":
			no = "role " + r.Role
		case r.Leader != l.ID:
			no = fmt.Sprintf("follows %q", r.Leader)
		case r.AppliedIndex+w.cfg.MaxBehind < commit:
			no = fmt.Sprintf("behind (applied %d, commit %d)", r.AppliedIndex, commit)
		}
		if no != "" {
			why = append(why, id+": "+no)
			continue
		}
		why = append(why, fmt.Sprintf("%s: fit (applied %d)", id, r.AppliedIndex))
		fit = append(fit, cand{id, r.AppliedIndex})
	}
	if len(fit) == 0 {
		return "", strings.Join(why, ", ")
	}
	slices.SortFunc(fit, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.applied, a.applied), cmp.Compare(a.id, b.id))
	})
	return fit[0].id, strings.Join(why, ", ")
}

// transfer asks the leader to hand over to target. Whatever the answer,
// the next round re-reads etcd: a timed-out request may or may not have
// moved leadership, and only the records say which.
func (w *Watchdog) transfer(ctx context.Context, v *view, l LeaderRecord, target, reason string, evidence ...any) {
	h := &w.health
	if w.fence != nil && !w.stillElected(ctx) {
		w.log.Warn("not asking for a transfer: no longer the elected watchdog")
		return
	}
	tctx, cancel := context.WithTimeout(ctx, w.cfg.TransferTimeout)
	err := w.cfg.Admin.TransferLeadership(tctx, l.API, target)
	cancel()
	outcome := "ok"
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded) || tctx.Err() != nil:
		outcome = "unknown"
	default:
		outcome = "error"
	}
	// The reading's time, not the clock after the call: cool-down and
	// probation count from what the decision was based on.
	now := v.at
	h.lastAction = now
	h.pending = &transfer{from: l.ID, to: target, reason: reason, at: now, until: now.Add(w.cfg.Probation)}
	h.bad = 0
	w.m.transfers.WithLabelValues(outcome).Inc()
	w.decide(ctx, "transfer", reason, "asked the leader to hand over", append(evidence, "to", target, "outcome", outcome, "err", errString(err))...)
}

func (w *Watchdog) decide(ctx context.Context, action, reason, msg string, evidence ...any) {
	w.m.decisions.WithLabelValues(action, reason).Inc()
	args := append([]any{"action", action, "reason", reason}, evidence...)
	// Waiting repeats every check, and so does finding no target while
	// the leader stays unhealthy: the status page keeps what the watchdog
	// did, and the first check of a stretch it could do nothing, not one
	// entry per check (twenty would push every transfer and void off it).
	waiting := action == "wait_confirm" || action == "cooldown" || action == "probation"
	if n := len(w.decisions); action == "no_target" && n > 0 && w.decisions[n-1].Action == action && w.decisions[n-1].Reason == reason {
		waiting = true
	}
	if waiting {
		w.log.Info(msg, args...)
		return
	}
	w.remember(ctx, Decision{Action: action, Reason: reason, What: msg + ": " + describe(evidence)})
	w.log.Warn(msg, args...)
}

// describe renders slog-style key/value evidence as text.
func describe(kv []any) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%v=%v", kv[i], kv[i+1])
	}
	return b.String()
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
