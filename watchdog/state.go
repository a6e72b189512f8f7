package watchdog

import (
	"cmp"
	"context"
	"slices"
	"strings"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// State is what etcd says of a cluster at one revision: for `baton ctl`,
// the devnet's display and tests.
type State struct {
	Leader     *LeaderRecord             `json:"leader,omitempty"`
	Watchdog   string                    `json:"watchdog,omitempty"` // the active instance
	Standby    []string                  `json:"standby,omitempty"`
	Sequencers []SequencerRecord         `json:"sequencers"`
	Provers    []ProverRecord            `json:"provers"`
	Claims     []Claim                   `json:"claims"`
	Deadlines  map[string]DeadlineRecord `json:"deadlines"`
	Decisions  []Decision                `json:"decisions"`
}

// ReadState reads the whole cluster prefix at one revision (records that
// do not decode are left out).
func ReadState(ctx context.Context, cli *clientv3.Client, k Keys) (State, error) {
	v, err := readView(ctx, cli, k, nil)
	if err != nil {
		return State{}, err
	}
	st := State{Leader: v.leader, Deadlines: v.deadlines, Decisions: v.decisions}
	for _, s := range v.sequencers {
		st.Sequencers = append(st.Sequencers, s)
	}
	for _, p := range v.provers {
		st.Provers = append(st.Provers, p)
	}
	for _, c := range v.claims {
		st.Claims = append(st.Claims, c.Claim)
	}
	slices.SortFunc(v.campaign, func(a, b candidate) int { return cmp.Compare(a.rev, b.rev) })
	for i, c := range v.campaign {
		if i == 0 {
			st.Watchdog = c.id
		} else {
			st.Standby = append(st.Standby, c.id)
		}
	}
	slices.SortFunc(st.Sequencers, func(a, b SequencerRecord) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(st.Provers, func(a, b ProverRecord) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(st.Claims, func(a, b Claim) int { return cmp.Compare(a.Batch, b.Batch) })
	return st, nil
}
