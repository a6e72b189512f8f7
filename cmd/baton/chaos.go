package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/watchdog"
	"github.com/baton-rollup/baton/wire"
)

// chaosEvent is one fault the devnet injected and how long the system
// took to get past it.
type chaosEvent struct {
	Event  string `json:"event"`
	Target string `json:"target"`
	// RecoveredMs: from the fault to the recovery the event names (a new
	// leader, the job offered again, the standby acting, batches again).
	RecoveredMs int64  `json:"recovered_ms"`
	Note        string `json:"note,omitempty"`
}

// chaos kills and freezes the leader, a prover and the active watchdog of
// a running devnet, one fault at a time, each undone (restarted, thawed)
// before the next.
type chaos struct {
	d      *devnet
	out    io.Writer
	pause  time.Duration
	events []chaosEvent
}

func (c *chaos) run(ctx context.Context) error {
	steps := []struct {
		name string
		f    func(context.Context) (chaosEvent, error)
	}{
		// Prover faults first: they need batches being proven, so they go
		// while the load still runs.
		{"kill prover mid-proof", c.killProver},
		{"freeze leader's batcher", c.freezeBatcher},
		{"freeze prover mid-proof", c.freezeProver},
		{"kill active watchdog", c.killWatchdog},
		{"kill leader", c.killLeader},
		{"freeze leader process", c.freezeLeader},
	}
	var errs []error
	for _, s := range steps {
		if !ctxsleep.Sleep(ctx, c.pause) {
			break
		}
		ev, err := s.f(ctx)
		if err != nil {
			fmt.Fprintf(c.out, "chaos: %s: %v\n", s.name, err)
			errs = append(errs, fmt.Errorf("%s: %w", s.name, err))
			continue
		}
		ev.Event = s.name
		c.events = append(c.events, ev)
		fmt.Fprintf(c.out, "chaos: %s %s: recovered in %.1f s %s\n", s.name, ev.Target, float64(ev.RecoveredMs)/1000, ev.Note)
	}
	return errors.Join(errs...)
}

// poll calls f every 20 ms until it is true, ctx ends or timeout passes.
func poll(ctx context.Context, timeout time.Duration, what string, f func() bool) error {
	deadline := time.Now().Add(timeout)
	for !f() {
		if time.Now().After(deadline) {
			return fmt.Errorf("not within %v: %s", timeout, what)
		}
		if !ctxsleep.Sleep(ctx, 20*time.Millisecond) {
			return ctx.Err()
		}
	}
	return nil
}

func (c *chaos) state(ctx context.Context) (watchdog.State, error) {
	rctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return watchdog.ReadState(rctx, c.d.etcdCli, c.d.etcdKeys)
}

// leaderRecord reads batch n from the current leader.
func (c *chaos) batch(ctx context.Context, n uint64) (fsm.BatchRecord, bool) {
	i, err := c.d.rs.leader(ctx, c.d.rs.all(), 5*time.Second)
	if err != nil {
		return fsm.BatchRecord{}, false
	}
	rec, err := c.d.rs.client(i).Batch(ctx, n)
	return rec, err == nil
}

// proverFault takes the next claim a prover holds, applies fault to that
// prover, and times how long until the leader offers the batch again (a
// later attempt) or has it proven; then undo.
func (c *chaos) proverFault(ctx context.Context, fault, undo func(i int)) (chaosEvent, error) {
	claim, idx, err := c.nextClaim(ctx)
	if err != nil {
		return chaosEvent{}, err
	}
	fault(idx)
	start := time.Now()
	defer undo(idx)
	proven := false
	err = poll(ctx, 90*time.Second, fmt.Sprintf("batch %d offered again", claim.Batch), func() bool {
		rec, ok := c.batch(ctx, claim.Batch)
		proven = ok && rec.State >= fsm.StateProven
		return ok && (rec.Attempt > claim.Attempt || proven)
	})
	if err != nil {
		return chaosEvent{}, err
	}
	ev := chaosEvent{Target: fmt.Sprintf("%s (batch %d, attempt %d)", claim.Prover, claim.Batch, claim.Attempt), RecoveredMs: time.Since(start).Milliseconds()}
	if proven {
		ev.Note = "(proven before it was offered again: the proof was done as the fault hit)"
	}
	return ev, nil
}

// nextClaim waits for a running prover to hold a job and returns the
// claim and the prover's index.
func (c *chaos) nextClaim(ctx context.Context) (claim watchdog.Claim, idx int, err error) {
	err = poll(ctx, 60*time.Second, "a prover holding a job", func() bool {
		st, err := c.state(ctx)
		if err != nil {
			return false
		}
		for _, cl := range st.Claims {
			for i, p := range c.d.provers.procs {
				if p.holds(cl) {
					claim, idx = cl, i
					return true
				}
			}
		}
		return false
	})
	return claim, idx, err
}

func (c *chaos) killProver(ctx context.Context) (chaosEvent, error) {
	return c.proverFault(ctx, c.d.provers.kill, func(i int) {
		if err := c.d.provers.restart(i); err != nil {
			fmt.Fprintln(c.out, "chaos: restart prover:", err)
		}
	})
}

func (c *chaos) freezeProver(ctx context.Context) (chaosEvent, error) {
	return c.proverFault(ctx, c.d.provers.freeze, c.d.provers.thaw)
}

func (c *chaos) killWatchdog(ctx context.Context) (chaosEvent, error) {
	var active string
	if err := poll(ctx, 30*time.Second, "an active watchdog and a standby", func() bool {
		st, err := c.state(ctx)
		active = st.Watchdog
		return err == nil && active != "" && len(st.Standby) > 0
	}); err != nil {
		return chaosEvent{}, err
	}
	idx := slices.IndexFunc(c.d.watchdogs.procs, func(p *proverProc) bool { return p.id == active })
	if idx < 0 {
		return chaosEvent{}, fmt.Errorf("active watchdog %q is not one of the devnet's", active)
	}
	c.d.watchdogs.kill(idx)
	start := time.Now()
	// The standby acts once the dead instance's election key is gone:
	// its Campaign watches exactly that deletion, so the oldest key in
	// the election naming it is the moment it takes over (give or take a
	// watch event).
	var next string
	err := poll(ctx, 30*time.Second, "the standby acting", func() bool {
		st, err := c.state(ctx)
		next = st.Watchdog
		return err == nil && next != "" && next != active
	})
	took := time.Since(start)
	if rerr := c.d.watchdogs.restart(idx); rerr != nil {
		err = errors.Join(err, rerr)
	}
	return chaosEvent{Target: active, RecoveredMs: took.Milliseconds(), Note: "(" + next + " took over)"}, err
}

func (c *chaos) others(i int) []int {
	var out []int
	for j := range c.d.rs.procs {
		if j != i {
			out = append(out, j)
		}
	}
	return out
}

func (c *chaos) killLeader(ctx context.Context) (chaosEvent, error) {
	i, err := c.d.rs.leader(ctx, c.d.rs.all(), 30*time.Second)
	if err != nil {
		return chaosEvent{}, err
	}
	if err := c.d.rs.kill(i); err != nil {
		return chaosEvent{}, err
	}
	start := time.Now()
	_, err = c.d.rs.leader(ctx, c.others(i), 30*time.Second)
	took := time.Since(start)
	if serr := c.d.rs.start(i); serr != nil {
		err = errors.Join(err, serr)
	}
	return chaosEvent{Target: c.d.rs.procs[i].id, RecoveredMs: took.Milliseconds(), Note: "(Raft election; restarted)"}, err
}

func (c *chaos) freezeLeader(ctx context.Context) (chaosEvent, error) {
	i, err := c.d.rs.leader(ctx, c.d.rs.all(), 30*time.Second)
	if err != nil {
		return chaosEvent{}, err
	}
	c.d.rs.freeze(i)
	start := time.Now()
	_, err = c.d.rs.leader(ctx, c.others(i), 30*time.Second)
	took := time.Since(start)
	c.d.rs.thaw(i)
	return chaosEvent{Target: c.d.rs.procs[i].id, RecoveredMs: took.Milliseconds(), Note: "(SIGSTOP: Raft election; thawed)"}, err
}

// freezeBatcher stops the leader's batcher while its Raft stays healthy:
// only the watchdog can notice. Recovered when another replica leads and
// has sequenced a batch past the frozen height.
func (c *chaos) freezeBatcher(ctx context.Context) (chaosEvent, error) {
	i, err := c.d.rs.leader(ctx, c.d.rs.all(), 30*time.Second)
	if err != nil {
		return chaosEvent{}, err
	}
	cl := c.d.rs.client(i)
	st, err := cl.Status(ctx)
	if err != nil {
		return chaosEvent{}, err
	}
	if err := cl.SetFaults(ctx, wire.FaultsRequest{FreezeBatcher: true}); err != nil {
		return chaosEvent{}, err
	}
	start := time.Now()
	defer func() { _ = cl.SetFaults(context.Background(), wire.FaultsRequest{}) }()
	var to string
	err = poll(ctx, 90*time.Second, "another leader sequencing past the frozen height", func() bool {
		for j, s := range c.d.rs.statuses(ctx) {
			if j != i && s != nil && s.Role == "Leader" && s.LastBatch > st.LastBatch {
				to = s.ID
				return true
			}
		}
		return false
	})
	return chaosEvent{Target: st.ID, RecoveredMs: time.Since(start).Milliseconds(), Note: "(the watchdog moved leadership to " + to + ")"}, err
}
