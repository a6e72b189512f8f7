package watchdog

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The leader-health decisions, driven reading by reading with a clock the
// test moves, so hysteresis, cool-down and probation are exact. The
// watchdog is real and reads nothing else; the admin records requests.

type decisionRig struct {
	t     *testing.T
	w     *Watchdog
	admin *recordingAdmin
	now   time.Time
	seqs  map[string]SequencerRecord
}

func newDecisionRig(t *testing.T) *decisionRig {
	admin := &recordingAdmin{}
	w, err := New(Config{Client: startEtcd(t), Keys: testKeys(t), Admin: admin, ID: "w1",
		Check: time.Second, StaleAfter: 3 * time.Second, CommitStall: 10 * time.Second, Confirm: 3,
		Cooldown: 30 * time.Second, Probation: 15 * time.Second, MaxBehind: 64, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	r := &decisionRig{t: t, w: w, admin: admin, now: time.Now(), seqs: map[string]SequencerRecord{}}
	r.leader("a", 2)
	return r
}

// leader makes id the leader of term and the others its followers, all
// fresh, caught up and idle.
func (r *decisionRig) leader(id string, term uint64) {
	for _, n := range []string{"a", "b", "c"} {
		role := "Follower"
		if n == id {
			role = "Leader"
		}
		s := SequencerRecord{ID: n, API: "api-" + n, Role: role, Leader: id, Voter: true, Term: term,
			CommitIndex: 100, AppliedIndex: 100, LastBatch: 10, LastBatchMs: r.now.UnixMilli()}
		if old, ok := r.seqs[n]; ok {
			s.LastBatchMs, s.Pending, s.OldestPendingMs = old.LastBatchMs, old.Pending, old.OldestPendingMs
		}
		r.seqs[n] = s
	}
}

func (r *decisionRig) stall(id string) {
	s := r.seqs[id]
	s.Pending, s.OldestPendingMs = 5, r.now.Add(-time.Minute).UnixMilli()
	s.LastBatchMs = r.now.Add(-time.Minute).UnixMilli()
	r.seqs[id] = s
}

func (r *decisionRig) batched(id string) {
	s := r.seqs[id]
	s.Pending, s.OldestPendingMs, s.LastBatchMs = 0, 0, r.now.UnixMilli()
	r.seqs[id] = s
}

// reading advances the clock by d and lets the watchdog judge one reading.
func (r *decisionRig) reading(d time.Duration) {
	r.now = r.now.Add(d)
	v := &view{at: r.now, sequencers: map[string]SequencerRecord{}}
	for id, s := range r.seqs {
		s.UpdatedMs = r.now.UnixMilli()
		if s.Role == "Leader" {
			v.leader = &LeaderRecord{ID: id, API: s.API, Term: s.Term}
		}
		v.sequencers[id] = s
	}
	r.w.checkLeader(context.Background(), v)
}

func (r *decisionRig) transfers() []string {
	tr, _ := r.admin.snapshot()
	return tr
}

func TestLeaderHealthHysteresis(t *testing.T) {
	r := newDecisionRig(t)
	for range 10 {
		r.reading(time.Second)
	}
	if tr := r.transfers(); len(tr) != 0 {
		t.Fatalf("healthy leader moved: %v", tr)
	}
	// Two bad readings, then a good one: below Confirm, nothing happens.
	r.stall("a")
	r.reading(time.Second)
	r.reading(time.Second)
	r.batched("a")
	r.reading(time.Second)
	r.stall("a")
	r.reading(time.Second)
	r.reading(time.Second)
	if tr := r.transfers(); len(tr) != 0 {
		t.Fatalf("acted before %d readings in a row: %v", r.w.cfg.Confirm, tr)
	}
	r.reading(time.Second)
	if tr := r.transfers(); len(tr) != 1 || tr[0] != "api-a→b" {
		t.Fatalf("transfers %v, want one from a to b (most caught up, first by id)", tr)
	}
}

func TestLeaderHealthPicksCaughtUpFollower(t *testing.T) {
	r := newDecisionRig(t)
	b := r.seqs["b"]
	b.AppliedIndex = 20 // 80 behind the leader's commit index
	r.seqs["b"] = b
	c := r.seqs["c"]
	c.AppliedIndex = 99
	r.seqs["c"] = c
	r.stall("a")
	for range 3 {
		r.reading(time.Second)
	}
	if tr := r.transfers(); len(tr) != 1 || tr[0] != "api-a→c" {
		t.Fatalf("transfers %v, want a→c (b is behind)", tr)
	}
}

// op-conductor's users saw a cluster wedged when followers fell behind:
// leadership must not go to a replica that cannot serve, and must go as
// soon as one can.
func TestLeaderHealthWaitsForCaughtUpFollower(t *testing.T) {
	r := newDecisionRig(t)
	for _, id := range []string{"b", "c"} {
		s := r.seqs[id]
		s.AppliedIndex = 10
		r.seqs[id] = s
	}
	r.stall("a")
	for range 20 {
		r.reading(time.Second)
	}
	if tr := r.transfers(); len(tr) != 0 {
		t.Fatalf("moved leadership to a replica far behind: %v", tr)
	}
	n := counter(t, r.w.m.decisions.WithLabelValues("no_target", "commit_stalled"))
	if n < 15 {
		t.Fatalf("no_target decisions counted %v, want one per confirmed reading", n)
	}
	// The status page's list keeps the stretch once, not once per check.
	kept := 0
	for _, d := range r.w.decisions {
		if d.Action == "no_target" {
			kept++
		}
	}
	if kept != 1 {
		t.Fatalf("no_target kept %d times in the decision list, want once for the stretch", kept)
	}
	s := r.seqs["c"]
	s.AppliedIndex = 95
	r.seqs["c"] = s
	r.reading(time.Second)
	if tr := r.transfers(); len(tr) != 1 || tr[0] != "api-a→c" {
		t.Fatalf("transfers %v, want a→c once c caught up", tr)
	}
}

// When every leader would show the symptom (the cause is elsewhere), the
// watchdog must not bounce leadership around: each failed probation
// doubles the cool-down.
func TestLeaderHealthNoPingPong(t *testing.T) {
	r := newDecisionRig(t)
	r.stall("a")
	var at []time.Time
	leader := "a"
	for range 600 { // ten minutes, a reading a second
		before := len(r.transfers())
		r.reading(time.Second)
		if tr := r.transfers(); len(tr) > before {
			at = append(at, r.now)
			to := tr[len(tr)-1][strings.Index(tr[len(tr)-1], "→")+len("→"):]
			// Leadership moves as asked; the new leader is as stuck.
			r.leader(to, r.seqs[leader].Term+1)
			leader = to
			r.stall(leader)
		}
	}
	t.Logf("transfers at %v", at)
	if len(at) < 2 || len(at) > 6 {
		t.Fatalf("%d transfers in ten minutes of a cluster-wide stall, want 2–6 (cool-down 30 s escalating to 4 min)", len(at))
	}
	for i := 2; i < len(at); i++ {
		if at[i].Sub(at[i-1]) <= at[i-1].Sub(at[i-2]) {
			t.Fatalf("transfer gaps not growing: %v", at)
		}
	}
}

// A transfer whose answer never comes has an unknown outcome: the
// watchdog reads again instead of assuming, and acts again only after the
// cool-down if the old leader is still there and still unhealthy.
func TestLeaderHealthTransferTimeoutRereads(t *testing.T) {
	r := newDecisionRig(t)
	r.w.cfg.TransferTimeout = 50 * time.Millisecond
	r.admin.hang = true
	r.stall("a")
	for range 3 {
		r.reading(time.Second)
	}
	if n := counter(t, r.w.m.transfers.WithLabelValues("unknown")); n != 1 {
		t.Fatalf("unknown-outcome transfers %v, want 1", n)
	}
	// Leadership did not move: within cool-down, no second request.
	for range 25 {
		r.reading(time.Second)
	}
	if tr := r.transfers(); len(tr) != 1 {
		t.Fatalf("transfers %v within cool-down", tr)
	}
	r.admin.hang = false
	for range 10 {
		r.reading(time.Second)
	}
	if tr := r.transfers(); len(tr) != 2 {
		t.Fatalf("transfers %v, want a second request after cool-down", tr)
	}
}

func TestLeaderHealthStaleHeartbeat(t *testing.T) {
	r := newDecisionRig(t)
	// a's heartbeat stops while the followers still follow it.
	r.now = r.now.Add(time.Second)
	stale := r.now.Add(-10 * time.Second).UnixMilli()
	for range 3 {
		r.now = r.now.Add(time.Second)
		v := &view{at: r.now, sequencers: map[string]SequencerRecord{}, leader: &LeaderRecord{ID: "a", API: "api-a", Term: 2}}
		for id, s := range r.seqs {
			s.UpdatedMs = r.now.UnixMilli()
			if id == "a" {
				s.UpdatedMs = stale
			}
			v.sequencers[id] = s
		}
		r.w.checkLeader(context.Background(), v)
	}
	if tr := r.transfers(); len(tr) != 1 {
		t.Fatalf("transfers %v, want one away from a stale leader", tr)
	}
}
