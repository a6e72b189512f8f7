package watchdog

import (
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

// ReadState reads the whole cluster prefix at one revision.
func ReadState(ctx context.Context, cli *clientv3.Client, k Keys) (State, error) {
	r, err := cli.Get(ctx, k.prefix, clientv3.WithPrefix())
	if err != nil {
		return State{}, err
	}
	st := State{Deadlines: map[string]DeadlineRecord{}}
	type cand struct {
		id  string
		rev int64
	}
	var campaign []cand
	for _, kv := range r.Kvs {
		key := string(kv.Key)
		switch {
		case key == k.Leader():
			if l, err := decode[LeaderRecord](kv.Value); err == nil {
				st.Leader = &l
			}
		case hasPrefix(key, k.Sequencers()):
			if s, err := decode[SequencerRecord](kv.Value); err == nil {
				st.Sequencers = append(st.Sequencers, s)
			}
		case hasPrefix(key, k.Provers()):
			if p, err := decode[ProverRecord](kv.Value); err == nil {
				st.Provers = append(st.Provers, p)
			}
		case hasPrefix(key, k.Jobs()):
			if c, err := decode[Claim](kv.Value); err == nil {
				st.Claims = append(st.Claims, c)
			}
		case hasPrefix(key, k.prefix+"deadlines/"):
			if d, err := decode[DeadlineRecord](kv.Value); err == nil {
				st.Deadlines[strings.TrimPrefix(key, k.prefix+"deadlines/")] = d
			}
		case key == k.Decisions():
			if d, err := decode[[]Decision](kv.Value); err == nil {
				st.Decisions = d
			}
		case hasPrefix(key, k.Election()+"/"):
			// An election's candidates queue by creation: the oldest key
			// is the one acting.
			campaign = append(campaign, cand{string(kv.Value), kv.CreateRevision})
		}
	}
	slices.SortFunc(campaign, func(a, b cand) int { return int(a.rev - b.rev) })
	for i, c := range campaign {
		if i == 0 {
			st.Watchdog = c.id
		} else {
			st.Standby = append(st.Standby, c.id)
		}
	}
	slices.SortFunc(st.Sequencers, func(a, b SequencerRecord) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(st.Provers, func(a, b ProverRecord) int { return strings.Compare(a.ID, b.ID) })
	return st, nil
}
