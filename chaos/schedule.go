package chaos

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Kind is a fault the suite injects. The names group by what they hit, so
// that a run's fault_kinds read at a glance: replica_…, prover_…,
// watchdog_…, partition_…, nats_…, etcd_…, l1_…, clock_….
type Kind string

const (
	KillLeader       Kind = "replica_kill_leader"   // SIGKILL, then restart
	KillFollower     Kind = "replica_kill_follower" // SIGKILL, then restart
	StopLeader       Kind = "replica_stop_leader"   // SIGSTOP for the hold, then SIGCONT
	StopFollower     Kind = "replica_stop_follower"
	KillProver       Kind = "prover_kill"
	StopProver       Kind = "prover_stop"
	KillWatchdog     Kind = "watchdog_kill_active"
	StopWatchdog     Kind = "watchdog_stop_active"
	PartitionReplica Kind = "partition_replica" // one follower cut off, both ways
	PartitionLeader  Kind = "partition_leader"  // the leader cut off from the quorum
	PartitionOneWay  Kind = "partition_one_way" // a replica hears but is not heard
	RestartNATS      Kind = "nats_restart"
	RestartEtcd      Kind = "etcd_restart"
	RestartL1        Kind = "l1_restart"         // the L1 endpoint goes away and comes back
	PauseClock       Kind = "clock_pause_leader" // a short SIGSTOP of the leader around its lease
)

// AllKinds are every fault the suite knows.
var AllKinds = []Kind{KillLeader, KillFollower, StopLeader, StopFollower, KillProver, StopProver, KillWatchdog,
	StopWatchdog, PartitionReplica, PartitionLeader, PartitionOneWay, RestartNATS, RestartEtcd, RestartL1, PauseClock}

// Fault is one fault: what, and how long it is held before it is undone
// (a kill's hold is how long the process stays down).
type Fault struct {
	Kind Kind          `json:"kind"`
	Hold time.Duration `json:"hold_ns"`
}

// Step is one moment of the schedule: its faults (one, or two at once)
// start At after the run's start.
type Step struct {
	At     time.Duration `json:"at_ns"`
	Faults []Fault       `json:"faults"`
}

// Schedule is a run's faults, in time order.
type Schedule []Step

// NewSchedule makes n faults of kinds from seed alone (no clock, no global
// randomness), so a failing run's seed replays its schedule. Every kind
// comes once, in a seeded order, before any repeats (n ≥ len(kinds) covers
// them all); steps come every 2 to 6 s, about one in seven carries two
// faults at once, and a fault is held 0.3 to 5 s (a clock pause 0.1 to
// 0.6 s: long enough to outlive a leader lease, short enough to miss an
// election).
func NewSchedule(seed uint64, n int, kinds []Kind) (Schedule, error) {
	if n < 1 || len(kinds) == 0 {
		return nil, fmt.Errorf("chaos schedule: %d faults of %d kinds", n, len(kinds))
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	order := make([]Kind, len(kinds))
	copy(order, kinds)
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	next := func(i int) Fault {
		k := order[i%len(order)]
		if i >= len(order) {
			k = kinds[r.IntN(len(kinds))]
		}
		hold := between(r, 300*time.Millisecond, 5*time.Second)
		if k == PauseClock {
			hold = between(r, 100*time.Millisecond, 600*time.Millisecond)
		}
		return Fault{Kind: k, Hold: hold}
	}
	var s Schedule
	at := time.Duration(0)
	for i := 0; i < n; {
		at += between(r, 2*time.Second, 6*time.Second)
		st := Step{At: at, Faults: []Fault{next(i)}}
		i++
		if i < n && r.IntN(7) == 0 {
			st.Faults = append(st.Faults, next(i))
			i++
		}
		s = append(s, st)
	}
	return s, nil
}

// Counts are the faults by kind, as a run reports them (fault_kinds).
func (s Schedule) Counts() map[Kind]int {
	out := map[Kind]int{}
	for _, st := range s {
		for _, f := range st.Faults {
			out[f.Kind]++
		}
	}
	return out
}

func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}
