package devnet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/watchdog"
	"github.com/baton-rollup/baton/wire"
)

// ChaosEvent is one fault the devnet injected and how long the system
// took to get past it.
type ChaosEvent struct {
	Event  string `json:"event"`
	Target string `json:"target"`
	// RecoveredMs: from the fault to the recovery the event names (a new
	// leader, the job offered again, the standby acting, batches again).
	RecoveredMs int64  `json:"recovered_ms"`
	Note        string `json:"note,omitempty"`
}

// Chaos kills and freezes the leader, a prover and the active watchdog of
// a running devnet, one fault at a time, each undone (restarted, thawed)
// before the next. Its steps also serve the benchmarks and tests that
// inject one fault.
type Chaos struct {
	d      *Devnet
	out    io.Writer
	pause  time.Duration
	events []ChaosEvent
}

// NewChaos is chaos on d, reporting each fault to out, with pause of
// quiet before each.
func NewChaos(d *Devnet, out io.Writer, pause time.Duration) *Chaos {
	return &Chaos{d: d, out: out, pause: pause}
}

// Events are the faults injected so far and how each was got past.
func (c *Chaos) Events() []ChaosEvent { return c.events }

// Run injects every fault in turn; the error joins those not got past.
func (c *Chaos) Run(ctx context.Context) error {
	steps := []struct {
		name string
		f    func(context.Context) (ChaosEvent, error)
	}{
		// Prover faults first: they need batches being proven, so they go
		// while the load still runs.
		{"kill prover mid-proof", c.killProver},
		{"freeze leader's batcher", c.FreezeBatcher},
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

// Poll calls f every 20 ms until it is true, ctx ends or timeout passes;
// what names the condition in the error.
func Poll(ctx context.Context, timeout time.Duration, what string, f func() bool) error {
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

// State is what the watchdog's records in etcd say now.
func (c *Chaos) State(ctx context.Context) (watchdog.State, error) {
	rctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return watchdog.ReadState(rctx, c.d.etcdCli, c.d.etcdKeys)
}

// LeaderBatch reads batch n from the current leader.
func (c *Chaos) LeaderBatch(ctx context.Context, n uint64) (fsm.BatchRecord, bool) {
	i, err := c.d.rs.Leader(ctx, c.d.rs.All(), 5*time.Second)
	if err != nil {
		return fsm.BatchRecord{}, false
	}
	rec, err := c.d.rs.Client(i).Batch(ctx, n)
	return rec, err == nil
}

// proverFault takes the next claim a prover holds, applies fault to that
// prover, and times how long until the leader offers the batch again (a
// later attempt) or has it proven; then undo.
func (c *Chaos) proverFault(ctx context.Context, fault, undo func(i int)) (ChaosEvent, error) {
	claim, idx, err := c.NextClaim(ctx)
	if err != nil {
		return ChaosEvent{}, err
	}
	fault(idx)
	start := time.Now()
	defer undo(idx)
	proven := false
	err = Poll(ctx, 90*time.Second, fmt.Sprintf("batch %d offered again", claim.Batch), func() bool {
		rec, ok := c.LeaderBatch(ctx, claim.Batch)
		proven = ok && rec.State >= fsm.StateProven
		return ok && (rec.Attempt > claim.Attempt || proven)
	})
	if err != nil {
		return ChaosEvent{}, err
	}
	ev := ChaosEvent{Target: fmt.Sprintf("%s (batch %d, attempt %d)", claim.Prover, claim.Batch, claim.Attempt), RecoveredMs: time.Since(start).Milliseconds()}
	if proven {
		ev.Note = "(proven before it was offered again: the proof was done as the fault hit)"
	}
	return ev, nil
}

// NextClaim waits for a running prover to hold a job and returns the
// claim and the prover's index.
func (c *Chaos) NextClaim(ctx context.Context) (claim watchdog.Claim, idx int, err error) {
	err = Poll(ctx, 60*time.Second, "a prover holding a job", func() bool {
		st, err := c.State(ctx)
		if err != nil {
			return false
		}
		for _, cl := range st.Claims {
			for i, p := range c.d.provers.Procs() {
				if holds(p, cl) {
					claim, idx = cl, i
					return true
				}
			}
		}
		return false
	})
	return claim, idx, err
}

// holds reports whether claim c was made by this very process (a
// restarted prover reuses its id, and its predecessor's claim lives on
// until the lease expires).
func holds(p *proc.Process, c watchdog.Claim) bool {
	return p.ID() == c.Prover && p.Running() && c.StartMs >= p.Started().UnixMilli()
}

func (c *Chaos) killProver(ctx context.Context) (ChaosEvent, error) {
	return c.proverFault(ctx, c.d.provers.Kill, func(i int) {
		if err := c.d.provers.Restart(i); err != nil {
			fmt.Fprintln(c.out, "chaos: restart prover:", err)
		}
	})
}

func (c *Chaos) freezeProver(ctx context.Context) (ChaosEvent, error) {
	return c.proverFault(ctx, c.d.provers.Freeze, c.d.provers.Thaw)
}

func (c *Chaos) killWatchdog(ctx context.Context) (ChaosEvent, error) {
	var active string
	if err := Poll(ctx, 30*time.Second, "an active watchdog and a standby", func() bool {
		st, err := c.State(ctx)
		active = st.Watchdog
		return err == nil && active != "" && len(st.Standby) > 0
	}); err != nil {
		return ChaosEvent{}, err
	}
	idx := slices.IndexFunc(c.d.watchdogs.Procs(), func(p *proc.Process) bool { return p.ID() == active })
	if idx < 0 {
		return ChaosEvent{}, fmt.Errorf("active watchdog %q is not one of the devnet's", active)
	}
	c.d.watchdogs.Kill(idx)
	start := time.Now()
	// The standby acts once the dead instance's election key is gone:
	// its Campaign watches exactly that deletion, so the oldest key in
	// the election naming it is the moment it takes over (give or take a
	// watch event).
	var next string
	err := Poll(ctx, 30*time.Second, "the standby acting", func() bool {
		st, err := c.State(ctx)
		next = st.Watchdog
		return err == nil && next != "" && next != active
	})
	took := time.Since(start)
	if rerr := c.d.watchdogs.Restart(idx); rerr != nil {
		err = errors.Join(err, rerr)
	}
	return ChaosEvent{Target: active, RecoveredMs: took.Milliseconds(), Note: "(" + next + " took over)"}, err
}

func (c *Chaos) killLeader(ctx context.Context) (ChaosEvent, error) {
	i, err := c.d.rs.Leader(ctx, c.d.rs.All(), 30*time.Second)
	if err != nil {
		return ChaosEvent{}, err
	}
	if err := c.d.rs.Kill(i); err != nil {
		return ChaosEvent{}, err
	}
	start := time.Now()
	_, err = c.d.rs.Leader(ctx, c.d.rs.Others(i), 30*time.Second)
	took := time.Since(start)
	if serr := c.d.rs.Start(i); serr != nil {
		err = errors.Join(err, serr)
	}
	return ChaosEvent{Target: c.d.rs.ID(i), RecoveredMs: took.Milliseconds(), Note: "(Raft election; restarted)"}, err
}

func (c *Chaos) freezeLeader(ctx context.Context) (ChaosEvent, error) {
	i, err := c.d.rs.Leader(ctx, c.d.rs.All(), 30*time.Second)
	if err != nil {
		return ChaosEvent{}, err
	}
	c.d.rs.Freeze(i)
	start := time.Now()
	_, err = c.d.rs.Leader(ctx, c.d.rs.Others(i), 30*time.Second)
	took := time.Since(start)
	c.d.rs.Thaw(i)
	return ChaosEvent{Target: c.d.rs.ID(i), RecoveredMs: took.Milliseconds(), Note: "(SIGSTOP: Raft election; thawed)"}, err
}

// FreezeBatcher stops the leader's batcher while its Raft stays healthy:
// only the watchdog can notice. Recovered when another replica leads and
// has sequenced a batch past the frozen height.
func (c *Chaos) FreezeBatcher(ctx context.Context) (ChaosEvent, error) {
	i, err := c.d.rs.Leader(ctx, c.d.rs.All(), 30*time.Second)
	if err != nil {
		return ChaosEvent{}, err
	}
	cl := c.d.rs.Client(i)
	st, err := cl.Status(ctx)
	if err != nil {
		return ChaosEvent{}, err
	}
	if err := cl.SetFaults(ctx, wire.FaultsRequest{FreezeBatcher: true}); err != nil {
		return ChaosEvent{}, err
	}
	start := time.Now()
	defer func() { _ = cl.SetFaults(context.Background(), wire.FaultsRequest{}) }()
	var to string
	err = Poll(ctx, 90*time.Second, "another leader sequencing past the frozen height", func() bool {
		for j, s := range c.d.rs.Statuses(ctx) {
			if j != i && s != nil && s.Role == "Leader" && s.LastBatch > st.LastBatch {
				to = s.ID
				return true
			}
		}
		return false
	})
	return ChaosEvent{Target: st.ID, RecoveredMs: time.Since(start).Milliseconds(), Note: "(the watchdog moved leadership to " + to + ")"}, err
}
