// Package duty runs the leader's duties (the batcher, proving,
// settlement) while, and only while, this replica leads: one loop whose
// states and transitions are written down in one table (action).
package duty

import (
	"cmp"
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/baton-rollup/baton/internal/clock"
)

// Member is what the loop needs of the Raft member it runs on.
type Member interface {
	// Leadership says whether this replica leads, and who leads in which
	// term (leader "" when none is known).
	Leadership() (self bool, leader string, term uint64)
	// Barrier returns once the state machine has applied everything
	// committed before it, bounded by ctx and Raft's apply timeout.
	Barrier(ctx context.Context) error
}

// Duty is one part of the leader's work. Run works until ctx ends, or
// until it cannot go on (it saw leadership go); when one duty returns,
// the loop stops the others and decides afresh.
type Duty interface {
	Run(ctx context.Context)
}

// Func makes a function a Duty.
type Func func(ctx context.Context)

// Run calls f.
func (f Func) Run(ctx context.Context) { f(ctx) }

// Hooks are what the replica does around a leadership. Each may be nil.
type Hooks struct {
	// LeaderChanged: a known leader in a new term, this replica or
	// another (count it; wake requests waiting for a leader).
	LeaderChanged func()
	// Prepare runs before the duties of each leadership (the leader
	// records its API address); an error ends them, to be tried again.
	Prepare func(ctx context.Context) error
	// Started: the duties run.
	Started func()
	// Stopped: the duties have ended; hand pending work to the next
	// leader.
	Stopped func()
}

// Config is the loop's.
type Config struct {
	Member Member
	// Duties run together while this replica leads.
	Duties []Duty
	Hooks  Hooks
	// Tick is how often leadership is read even without a trigger: Raft's
	// notifications can be dropped (default 50 ms).
	Tick time.Duration
	// Clock is the time source (nil: the wall clock).
	Clock clock.Clock
	Log   *slog.Logger
}

// Runner starts and stops the duties as leadership comes and goes.
// Leadership is a state to re-read, not an event to trust: the loop reads
// it on every trigger and tick, and acts on the difference between what
// Raft says and what runs.
type Runner struct {
	cfg     Config
	clock   clock.Clock
	log     *slog.Logger
	trigger chan struct{}

	// Only the loop's goroutine touches these.
	cancel     context.CancelFunc // non-nil while the duties run
	done       chan struct{}      // closed when they have all returned
	lastLeader string
	lastTerm   uint64
}

// New returns a runner; Run starts it.
func New(cfg Config) *Runner {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.Tick = cmp.Or(cfg.Tick, 50*time.Millisecond)
	return &Runner{cfg: cfg, clock: clock.Or(cfg.Clock), log: log, trigger: make(chan struct{}, 1)}
}

// Trigger asks the loop to look at leadership now. Triggers coalesce: any
// number before the loop looks make one look.
func (r *Runner) Trigger() {
	select {
	case r.trigger <- struct{}{}:
	default:
	}
}

// Run is the loop, until ctx ends; then it stops the duties.
func (r *Runner) Run(ctx context.Context) {
	tick := r.clock.NewTicker(r.cfg.Tick)
	defer tick.Stop()
	defer r.stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.trigger:
		case <-tick.C():
		}
		r.action(ctx)
	}
}

// status is what the loop decides on.
type status struct {
	leader  bool // Raft says this replica leads
	running bool // the duties were started and not yet stopped
	ended   bool // ... and have returned by themselves
}

// action is the loop's one step: the table of what to do in each state.
func (r *Runner) action(ctx context.Context) {
	self, leader, term := r.cfg.Member.Leadership()
	// A new leadership is a known leader in a new term, even when the
	// same replica wins again.
	if leader != "" && (leader != r.lastLeader || term != r.lastTerm) {
		r.lastLeader, r.lastTerm = leader, term
		r.hook(r.cfg.Hooks.LeaderChanged)
	}
	s := status{leader: self, running: r.cancel != nil, ended: r.ended()}
	switch s {
	case status{leader: false, running: false}:
		// A follower: nothing runs, nothing to do.
	case status{leader: true, running: true, ended: false}:
		// Leading, duties running: nothing to do.
	case status{leader: true, running: false}:
		// Gained leadership: catch up, then start.
		r.start(ctx)
	case status{leader: false, running: true, ended: false}:
		// Lost leadership: stop at once; another replica may already be
		// proposing.
		r.log.Info("leader duties stop", "term", term)
		r.stop()
	case status{leader: false, running: true, ended: true}:
		// The duties saw leadership go before Raft's state said so:
		// reap them and hand over.
		r.stop()
	case status{leader: true, running: true, ended: true}:
		// The duties ended by themselves while Raft still says leader
		// (a failed preparation, a batcher that saw leadership go and
		// come back): start afresh from a barrier, as on gaining it.
		r.stop()
		r.start(ctx)
	}
}

func (r *Runner) hook(f func()) {
	if f != nil {
		f()
	}
}

// ended reports whether started duties have all returned.
func (r *Runner) ended() bool {
	if r.done == nil {
		return false
	}
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// start catches the state machine up to everything committed before
// acting on it, then starts the duties. A barrier that fails (Raft
// shutting down, leadership lost meanwhile) leaves them stopped, to be
// tried again at the next look.
func (r *Runner) start(ctx context.Context) {
	if err := r.cfg.Member.Barrier(ctx); err != nil {
		r.log.Warn("barrier after gaining leadership", "err", err)
		return
	}
	_, _, term := r.cfg.Member.Leadership()
	r.log.Info("leader duties start", "term", term)
	dctx, cancel := context.WithCancel(ctx)
	r.cancel, r.done = cancel, make(chan struct{})
	go r.runDuties(dctx, cancel, r.done)
	r.hook(r.cfg.Hooks.Started)
}

// runDuties is one leadership's work: the preparation, then every duty
// until the first returns or ctx ends.
func (r *Runner) runDuties(ctx context.Context, cancel context.CancelFunc, done chan struct{}) {
	prepared := false
	defer func() {
		close(done)
		// Duties that end by themselves are reaped at once, not at the
		// next tick: leadership may already be someone else's. A failed
		// preparation is not: it is retried at the tick's pace, so one
		// that keeps failing (a proposal refused at once) does not spin.
		if prepared {
			r.Trigger()
		}
	}()
	if p := r.cfg.Hooks.Prepare; p != nil {
		if err := p(ctx); err != nil {
			r.log.Warn("leader duties not started", "err", err)
			return
		}
	}
	prepared = true
	var wg sync.WaitGroup
	for _, d := range r.cfg.Duties {
		wg.Go(func() {
			defer cancel()
			d.Run(ctx)
		})
	}
	wg.Wait()
}

// stop ends the duties, waits for them, and hands over.
func (r *Runner) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	r.cancel, r.done = nil, nil
	r.hook(r.cfg.Hooks.Stopped)
}
