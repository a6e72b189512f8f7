package chaos

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/anishathalye/porcupine"
)

// Verdict is what the history checks found.
type Verdict struct {
	// Linearizable: porcupine found a linearization of every account's
	// writes and linearizable reads. False too when the check timed out
	// (LinUnknown), since then nothing was shown.
	Linearizable bool `json:"linearizable"`
	LinUnknown   bool `json:"lin_unknown"`
	// LinOps are the operations checked for linearizability.
	LinOps int `json:"lin_ops"`
	// Visualization is the file porcupine drew a failed check in;
	// IllegalAccounts the accounts whose histories have no linearization.
	Visualization   string   `json:"visualization,omitempty"`
	IllegalAccounts []uint32 `json:"illegal_accounts,omitempty"`
	// StaleReads are the stale reads checked; StaleMonotonic says none
	// went backwards at its replica and each said it was stale.
	StaleReads     int      `json:"stale_reads"`
	StaleMonotonic bool     `json:"stale_reads_monotonic"`
	StaleFindings  []string `json:"stale_findings,omitempty"`
}

// maxStaleFindings keeps a failed run's report readable.
const maxStaleFindings = 20

// Check checks a history: writes and linearizable reads against the model
// (init is each account's state at the start), stale reads for
// monotonicity per replica. A failed linearizability check is drawn into
// dir (when not empty) for a person to read.
func Check(ops []Op, init func(account uint32) AccountState, timeout time.Duration, dir string) Verdict {
	var lin []porcupine.Operation
	var stale []Op
	for _, op := range compact(ops) {
		if op.Stale {
			stale = append(stale, op)
			continue
		}
		lin = append(lin, porcupine.Operation{ClientId: op.Client, Input: op.In, Output: op.Out, Call: op.Call, Return: op.Return})
	}
	v := Verdict{LinOps: len(lin), StaleReads: len(stale)}
	model := Model(init)
	res, info := porcupine.CheckOperationsVerbose(model, lin, timeout)
	v.Linearizable, v.LinUnknown = res == porcupine.Ok, res == porcupine.Unknown
	if res == porcupine.Illegal {
		for _, part := range byAccount(lin) {
			if porcupine.CheckOperationsTimeout(model, part, timeout) == porcupine.Illegal {
				v.IllegalAccounts = append(v.IllegalAccounts, part[0].Input.(Input).Account)
			}
		}
		if dir != "" {
			path := filepath.Join(dir, "linearizability.html")
			if err := porcupine.VisualizePath(model, info, path); err == nil {
				v.Visualization = path
			}
		}
	}
	v.StaleFindings = staleFindings(stale)
	v.StaleMonotonic = len(v.StaleFindings) == 0
	return v
}

// staleFindings are the ways stale reads went backwards: at one replica
// (across its restarts), a read that began after another had answered
// must show at least as much of the account, of the transfer's fate and
// of the log. A replica serves from its own applied state, which only
// grows; one that restarts must not serve before it has applied what it
// had served before.
func staleFindings(stale []Op) []string {
	var out []string
	add := func(format string, args ...any) {
		if len(out) < maxStaleFindings {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	type key struct {
		replica string
		account uint32
	}
	groups := map[key][]Op{}
	for _, op := range stale {
		if !op.SaidStale {
			add("%s: a stale read of account %d did not say it was stale", op.Replica, op.In.Account)
		}
		k := key{op.Replica, op.In.Account}
		groups[k] = append(groups[k], op)
	}
	for k, g := range groups {
		for _, f := range backwards(g) {
			add("%s, account %d: %s", k.replica, k.account, f)
		}
	}
	// Applied indexes, per replica, over every account.
	byReplica := map[string][]Op{}
	for _, op := range stale {
		byReplica[op.Replica] = append(byReplica[op.Replica], op)
	}
	for r, g := range byReplica {
		byCall := slices.Clone(g)
		slices.SortFunc(byCall, func(a, b Op) int { return cmp.Compare(a.Call, b.Call) })
		slices.SortFunc(g, func(a, b Op) int { return cmp.Compare(a.Return, b.Return) })
		var most uint64
		p := 0
		for _, b := range byCall {
			for ; p < len(g) && g[p].Return < b.Call; p++ {
				most = max(most, g[p].Applied)
			}
			if b.Applied < most {
				add("%s: applied index went back from %d to %d (read at %v)", r, most, b.Applied, time.Duration(b.Call))
			}
		}
	}
	slices.Sort(out)
	return out
}

// backwards checks one replica's stale reads of one account: a read that
// began after another answered shows no lower nonce, and no transfer seen
// sequenced is later not seen.
func backwards(g []Op) []string {
	var out []string
	byCall := slices.Clone(g)
	slices.SortFunc(byCall, func(a, b Op) int { return cmp.Compare(a.Call, b.Call) })
	byReturn := slices.Clone(g)
	slices.SortFunc(byReturn, func(a, b Op) int { return cmp.Compare(a.Return, b.Return) })
	var nonce uint64 // the most the account was seen to have applied
	var seen bool
	p := 0
	for _, b := range byCall {
		for ; p < len(byReturn) && byReturn[p].Return < b.Call; p++ {
			a := byReturn[p]
			switch {
			case a.In.Kind == OpAccount && a.Out.Outcome == Read:
				nonce, seen = max(nonce, a.Out.Nonce), true
			case a.In.Kind == OpTxStatus && a.Out.Outcome == Sequenced:
				// The transfer with this nonce applied: the account's
				// nonce is past it.
				nonce, seen = max(nonce, a.In.Nonce+1), true
			}
		}
		if !seen {
			continue
		}
		switch {
		case b.In.Kind == OpAccount && b.Out.Outcome == Read && b.Out.Nonce < nonce:
			out = append(out, fmt.Sprintf("nonce went back from %d to %d (read at %v)", nonce, b.Out.Nonce, time.Duration(b.Call)))
		case b.In.Kind == OpTxStatus && b.Out.Outcome == NotFound && b.In.Nonce < nonce:
			out = append(out, fmt.Sprintf("transfer %d not seen after the account was seen at nonce %d (read at %v)", b.In.Nonce, nonce, time.Duration(b.Call)))
		}
	}
	return out
}

// compact leaves out what cannot change the verdict, which keeps the
// search small: a client resends its transfer until it gets an answer, and
// under overload most sends get none (429s, timeouts). Unanswered sends of
// one transfer are all the same operation, open from its first send on:
// at most one of them can apply, and the first covers every moment a later
// one could. An unanswered send of a transfer that can never apply (bad
// input) can do nothing at all.
func compact(ops []Op) []Op {
	type key struct {
		account uint32
		nonce   uint64
	}
	first := map[key]int64{}
	for _, op := range ops {
		if op.In.Kind == OpSubmit && op.Out.Outcome == Indeterminate {
			k := key{op.In.Account, op.In.Nonce}
			if c, ok := first[k]; !ok || op.Call < c {
				first[k] = op.Call
			}
		}
	}
	out := make([]Op, 0, len(ops))
	for _, op := range ops {
		if op.In.Kind == OpSubmit && op.Out.Outcome == Indeterminate {
			if op.In.Nonce == NeverApplies || first[key{op.In.Account, op.In.Nonce}] != op.Call {
				continue
			}
		}
		out = append(out, op)
	}
	return out
}
