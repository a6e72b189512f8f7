package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/baton-rollup/baton/chaos/netproxy"
	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/watchdog"
	"github.com/baton-rollup/baton/wire"
)

// injector applies faults to a running devnet. Roles ("the leader", "a
// follower") are resolved when a fault is applied; which follower or
// prover is picked comes from the run's seed. Replicas already under a
// fault are not picked again until it is undone, so the two faults of a
// double step hit two different processes.
type injector struct {
	d       *devnet.Devnet
	proxies *proxies
	rng     *rand.Rand

	mu     sync.Mutex
	busy   map[string]bool // "replica:s1", "prover:p0", "watchdog:w1", "nats"...
	faults map[Kind]int    // applied, by kind
}

func newInjector(d *devnet.Devnet, px *proxies, seed uint64) *injector {
	return &injector{d: d, proxies: px, rng: rand.New(rand.NewPCG(seed, seed^0x5bd1e995)),
		busy: map[string]bool{}, faults: map[Kind]int{}}
}

// undo ends a fault; it is safe to call once.
type undo func(ctx context.Context) error

// applied is one fault as it was injected: what it hit.
type applied struct {
	Fault
	Target string `json:"target"`
	AtMs   int64  `json:"at_ms"`
	Note   string `json:"note,omitempty"`
}

// apply injects f and returns what it hit and how to undo it.
func (in *injector) apply(ctx context.Context, f Fault) (string, undo, error) {
	switch f.Kind {
	case KillLeader, StopLeader, PauseClock, PartitionLeader:
		i, err := in.pickReplica(ctx, true)
		if err != nil {
			return "", nil, err
		}
		return in.replicaFault(ctx, f.Kind, i)
	case KillFollower, StopFollower, PartitionReplica:
		i, err := in.pickReplica(ctx, false)
		if err != nil {
			return "", nil, err
		}
		return in.replicaFault(ctx, f.Kind, i)
	case PartitionOneWay:
		// Either role: a leader that is not heard is deposed, a follower
		// that is not heard cannot campaign.
		i, err := in.pickReplica(ctx, in.rng.IntN(2) == 0)
		if err != nil {
			return "", nil, err
		}
		return in.replicaFault(ctx, f.Kind, i)
	case KillProver, StopProver:
		return in.proverFault(ctx, f.Kind)
	case KillWatchdog, StopWatchdog:
		return in.watchdogFault(ctx, f.Kind)
	case RestartNATS, RestartEtcd:
		return in.serviceRestart(f.Kind)
	case RestartL1:
		return in.l1Restart()
	}
	return "", nil, fmt.Errorf("chaos: unknown fault kind %q", f.Kind)
}

// claim marks a target busy; false if it already was.
func (in *injector) claim(target string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.busy[target] {
		return false
	}
	in.busy[target] = true
	return true
}

func (in *injector) release(target string) {
	in.mu.Lock()
	delete(in.busy, target)
	in.mu.Unlock()
}

// pickReplica resolves "the leader" (or a follower) among replicas not
// already under a fault. Without a leader to be found, leader faults go to
// a free replica instead: the fault still happens, at whoever is there.
func (in *injector) pickReplica(ctx context.Context, leader bool) (int, error) {
	rs := in.d.Replicas()
	var free []int
	for i := range rs.Len() {
		if !in.isBusy("replica:" + rs.ID(i)) {
			free = append(free, i)
		}
	}
	if len(free) == 0 {
		return 0, errors.New("every replica is already under a fault")
	}
	li, err := rs.Leader(ctx, free, 5*time.Second)
	if leader && err == nil {
		return li, nil
	}
	if err == nil && len(free) > 1 {
		free = slices.DeleteFunc(free, func(i int) bool { return i == li })
	}
	return free[in.rng.IntN(len(free))], nil
}

func (in *injector) isBusy(target string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.busy[target]
}

// replicaFault kills, stops, pauses or partitions replica i.
func (in *injector) replicaFault(ctx context.Context, k Kind, i int) (string, undo, error) {
	rs := in.d.Replicas()
	id := rs.ID(i)
	target := "replica:" + id
	if !in.claim(target) {
		return "", nil, fmt.Errorf("%s is already under a fault", id)
	}
	done := func(err error) error { in.release(target); return err }
	switch k {
	case KillLeader, KillFollower:
		if err := rs.Kill(i); err != nil {
			return "", nil, done(err)
		}
		return id, func(context.Context) error { return done(rs.Start(i)) }, nil
	case StopLeader, StopFollower, PauseClock:
		rs.Freeze(i)
		return id, func(context.Context) error { rs.Thaw(i); return done(nil) }, nil
	case PartitionReplica, PartitionLeader:
		return in.partition(ctx, i, true, k == PartitionLeader, done)
	case PartitionOneWay:
		return in.partition(ctx, i, false, false, done)
	}
	return "", nil, done(fmt.Errorf("chaos: %q is not a replica fault", k))
}

// partition cuts replica i's Raft traffic off from every other replica:
// both ways (each side refuses the other's dials), or one way (only i's
// own dials fail: it hears the others, who do not hear it). With api, the
// replica's advertised API (what its peers forward writes through) goes
// silent too: bytes are dropped, connections stay open, as in a real
// partition. Clients still reach it directly: what it answers them while
// cut off is what the history checks.
func (in *injector) partition(ctx context.Context, i int, both, api bool, done func(error) error) (string, undo, error) {
	rs := in.d.Replicas()
	id := rs.ID(i)
	var others []string
	for j := range rs.Len() {
		if j != i {
			others = append(others, rs.ID(j))
		}
	}
	block := func(ctx context.Context, j int, ids []string) error {
		return rs.Client(j).SetFaults(ctx, wire.FaultsRequest{BlockRaft: ids})
	}
	if err := block(ctx, i, others); err != nil {
		return "", nil, done(fmt.Errorf("partition %s: %w", id, err))
	}
	if both {
		for j := range rs.Len() {
			if j != i {
				// A replica that is down has nothing to block; it comes
				// back with no faults anyway.
				_ = block(ctx, j, []string{id})
			}
		}
	}
	if api {
		in.proxies.set(id, netproxy.Blackhole)
	}
	heal := func(ctx context.Context) error {
		if api {
			in.proxies.set(id, netproxy.Pass)
		}
		var errs []error
		for j := range rs.Len() {
			if err := rs.Client(j).SetFaults(ctx, wire.FaultsRequest{Heal: true}); err != nil && j == i {
				errs = append(errs, err)
			}
		}
		return done(errors.Join(errs...))
	}
	return id, heal, nil
}

// proverFault kills or stops a prover: the one holding a job if any does
// (a fault mid-proof is the one the watchdog exists for), else any.
func (in *injector) proverFault(ctx context.Context, k Kind) (string, undo, error) {
	ps := in.d.Provers()
	if ps == nil || ps.Len() == 0 {
		return "", nil, errors.New("no provers")
	}
	idx := -1
	if st, err := in.state(ctx); err == nil {
		for _, cl := range st.Claims {
			for i, p := range ps.Procs() {
				if p.ID() == cl.Prover && p.Running() && !in.isBusy("prover:"+p.ID()) {
					idx = i
				}
			}
		}
	}
	if idx < 0 {
		idx = in.rng.IntN(ps.Len())
	}
	return in.setFault(ps, "prover:", idx, k == KillProver)
}

// watchdogFault kills or stops the active watchdog.
func (in *injector) watchdogFault(ctx context.Context, k Kind) (string, undo, error) {
	ws := in.d.Watchdogs()
	st, err := in.state(ctx)
	if err != nil {
		return "", nil, err
	}
	idx := slices.IndexFunc(ws.Procs(), func(p *proc.Process) bool { return p.ID() == st.Watchdog })
	if idx < 0 {
		idx = in.rng.IntN(ws.Len())
	}
	return in.setFault(ws, "watchdog:", idx, k == KillWatchdog)
}

// setFault kills (then restarts) or stops (then continues) process idx of
// set.
func (in *injector) setFault(set *proc.Set, prefix string, idx int, kill bool) (string, undo, error) {
	p := set.Proc(idx)
	target := prefix + p.ID()
	if !in.claim(target) {
		return "", nil, fmt.Errorf("%s is already under a fault", target)
	}
	if kill {
		set.Kill(idx)
		return p.ID(), func(context.Context) error { in.release(target); return set.Restart(idx) }, nil
	}
	set.Freeze(idx)
	return p.ID(), func(context.Context) error { set.Thaw(idx); in.release(target); return nil }, nil
}

// serviceRestart kills NATS or etcd; the undo starts it again with the
// same flags, port and data dir.
func (in *injector) serviceRestart(k Kind) (string, undo, error) {
	name := map[Kind]string{RestartNATS: "nats", RestartEtcd: "etcd"}[k]
	set := in.d.Services()[name]
	if set == nil {
		return "", nil, fmt.Errorf("no %s process (the devnet runs it in-process)", name)
	}
	return in.setFault(set, "", 0, true)
}

// l1Restart takes the L1 endpoint away: every connection is cut and new
// ones are refused for the hold. The simulated chain lives in memory, so
// this is a restart of its endpoint, not of its state.
func (in *injector) l1Restart() (string, undo, error) {
	if !in.proxies.has("l1") {
		return "", nil, errors.New("no L1 endpoint")
	}
	if !in.claim("l1") {
		return "", nil, errors.New("the L1 endpoint is already down")
	}
	in.proxies.set("l1", netproxy.Refuse)
	return "l1", func(context.Context) error {
		in.proxies.set("l1", netproxy.Pass)
		in.release("l1")
		return nil
	}, nil
}

func (in *injector) state(ctx context.Context) (watchdog.State, error) {
	cli, keys := in.d.Etcd()
	rctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return watchdog.ReadState(rctx, cli, keys)
}
