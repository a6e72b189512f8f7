package chaos

import (
	"strings"
	"testing"
	"time"
)

func acct(replica string, call, ret int64, nonce uint64, applied uint64, stale bool) Op {
	return Op{Replica: replica, In: Input{Account: 1, Kind: OpAccount}, Out: Output{Outcome: Read, Nonce: nonce, Balance: 100 - 10*nonce},
		Call: call, Return: ret, Stale: stale, SaidStale: stale, Applied: applied}
}

func init100(uint32) AccountState { return AccountState{Balance: 100} }

// TestCheckSeparatesStaleReads: a stale read of an old state after an
// acknowledged write is allowed (it said it was stale), while the same
// read asked linearizably fails the check; stale reads that go backwards
// at one replica, or that do not say they are stale, are findings; reads
// at different replicas, or overlapping in time, are not compared.
func TestCheckSeparatesStaleReads(t *testing.T) {
	write := Op{Client: 0, Replica: "s0", In: Input{Account: 1, Kind: OpSubmit, Nonce: 0, Debit: 10}, Out: Output{Outcome: Sequenced}, Call: 0, Return: 10}
	for _, c := range []struct {
		name       string
		ops        []Op
		lin, stale bool
		finding    string
	}{
		{"stale read of the old state after the write", []Op{write, acct("s1", 11, 12, 0, 5, true)}, true, true, ""},
		{"the same read, linearizable", []Op{write, acct("s1", 11, 12, 0, 5, false)}, false, true, ""},
		{"stale reads at one replica go back", []Op{write, acct("s1", 11, 12, 1, 6, true), acct("s1", 13, 14, 0, 6, true)}, true, false, "nonce went back from 1 to 0"},
		{"applied index goes back", []Op{acct("s1", 11, 12, 0, 6, true), acct("s1", 13, 14, 0, 4, true)}, true, false, "applied index went back from 6 to 4"},
		{"overlapping stale reads are not ordered", []Op{write, acct("s1", 11, 20, 1, 6, true), acct("s1", 13, 14, 0, 5, true)}, true, true, ""},
		{"different replicas are not compared", []Op{write, acct("s1", 11, 12, 1, 6, true), acct("s2", 13, 14, 0, 5, true)}, true, true, ""},
		{"a stale read must say so", []Op{{Replica: "s1", In: Input{Account: 1, Kind: OpAccount}, Out: Output{Outcome: Read, Balance: 100}, Call: 1, Return: 2, Stale: true}}, true, false, "did not say it was stale"},
		{"a transfer seen sequenced, then not seen", []Op{write,
			{Replica: "s1", In: Input{Account: 1, Kind: OpTxStatus, Nonce: 0}, Out: Output{Outcome: Sequenced}, Call: 11, Return: 12, Stale: true, SaidStale: true},
			{Replica: "s1", In: Input{Account: 1, Kind: OpTxStatus, Nonce: 0}, Out: Output{Outcome: NotFound}, Call: 13, Return: 14, Stale: true, SaidStale: true},
		}, true, false, "transfer 0 not seen"},
	} {
		v := Check(c.ops, init100, 10*time.Second, "")
		if v.Linearizable != c.lin || v.StaleMonotonic != c.stale {
			t.Errorf("%s: linearizable %v, stale monotonic %v; want %v, %v (%v)", c.name, v.Linearizable, v.StaleMonotonic, c.lin, c.stale, v.StaleFindings)
		}
		if c.finding != "" && !strings.Contains(strings.Join(v.StaleFindings, "\n"), c.finding) {
			t.Errorf("%s: findings %v, want one with %q", c.name, v.StaleFindings, c.finding)
		}
	}
}

// TestCheckDrawsIllegalHistory: a failed check leaves porcupine's drawing
// for a person to read.
func TestCheckDrawsIllegalHistory(t *testing.T) {
	dir := t.TempDir()
	write := Op{In: Input{Account: 1, Kind: OpSubmit, Nonce: 0, Debit: 10}, Out: Output{Outcome: Sequenced}, Call: 0, Return: 10}
	v := Check([]Op{write, acct("s1", 11, 12, 0, 0, false)}, init100, 10*time.Second, dir)
	if v.Linearizable || v.Visualization == "" {
		t.Fatalf("verdict %+v", v)
	}
}

// TestCompactKeepsTheVerdict: of a transfer's unanswered sends only the
// first is kept, and unanswered bad input not at all; a history that is
// not linearizable stays so, and one that is stays so.
func TestCompactKeepsTheVerdict(t *testing.T) {
	sub := func(nonce uint64, out Outcome, call, ret int64) Op {
		return Op{In: Input{Account: 1, Kind: OpSubmit, Nonce: nonce, Debit: 10}, Out: Output{Outcome: out}, Call: call, Return: ret}
	}
	ops := []Op{sub(0, Indeterminate, 0, Never), sub(0, Indeterminate, 5, Never), sub(NeverApplies, Indeterminate, 6, Never),
		sub(0, Indeterminate, 7, Never), acct("s1", 20, 21, 1, 0, false)}
	if got := compact(ops); len(got) != 2 || got[0].Call != 0 || got[1].In.Kind != OpAccount {
		t.Fatalf("compacted to %+v", got)
	}
	if v := Check(ops, init100, 10*time.Second, ""); !v.Linearizable {
		t.Fatalf("an unanswered send that applied: %+v", v)
	}
	// Applied twice is still caught.
	bad := append(ops, acct("s1", 30, 31, 2, 0, false))
	if v := Check(bad, init100, 10*time.Second, ""); v.Linearizable {
		t.Fatal("a double apply passed")
	}
}
