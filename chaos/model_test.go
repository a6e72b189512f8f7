package chaos

import (
	"math"
	"testing"

	"github.com/anishathalye/porcupine"
)

// op is a history entry: client c called at call, got out at ret (-1: it
// never answered, as a timed-out request).
func op(c int, in Input, out Output, call, ret int64) porcupine.Operation {
	if ret < 0 {
		ret = math.MaxInt64
	}
	return porcupine.Operation{ClientId: c, Input: in, Output: out, Call: call, Return: ret}
}

func submit(acct uint32, nonce uint64) Input {
	return Input{Account: acct, Kind: OpSubmit, Nonce: nonce, Debit: 10}
}
func status(acct uint32, nonce uint64) Input {
	return Input{Account: acct, Kind: OpTxStatus, Nonce: nonce}
}
func account(acct uint32) Input { return Input{Account: acct, Kind: OpAccount} }
func read(nonce, balance uint64) Output {
	return Output{Outcome: Read, Nonce: nonce, Balance: balance}
}

var (
	seq  = Output{Outcome: Sequenced}
	rej  = Output{Outcome: Rejected}
	nf   = Output{Outcome: NotFound}
	lost = Output{Outcome: Indeterminate}
)

// TestModel: histories a correct cluster can produce are linearizable;
// a stale read after an acknowledged write, a lost acknowledged write, a
// transfer applied twice, a status that goes back, and a rejection of a
// transfer that could apply are not.
func TestModel(t *testing.T) {
	m := Model(func(uint32) AccountState { return AccountState{Nonce: 0, Balance: 100} })
	for _, c := range []struct {
		name string
		ok   bool
		h    []porcupine.Operation
	}{
		{"sequential", true, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 10),
			op(1, account(1), read(1, 90), 11, 12),
			op(1, status(1, 0), seq, 13, 14),
			op(1, status(1, 1), nf, 15, 16),
		}},
		{"a read concurrent with the write sees either state", true, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 10),
			op(1, account(1), read(0, 100), 1, 2),
			op(2, account(1), read(1, 90), 3, 4),
		}},
		{"an unanswered submit may apply later", true, []porcupine.Operation{
			op(0, submit(1, 0), lost, 0, -1),
			op(1, account(1), read(0, 100), 5, 6),
			op(1, account(1), read(1, 90), 7, 8),
		}},
		{"a resubmit of an applied transfer is sequenced again", true, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 1),
			op(0, submit(1, 0), seq, 2, 3),
			op(1, account(1), read(1, 90), 4, 5),
		}},
		{"accounts are independent", true, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 1),
			op(1, account(2), read(0, 100), 2, 3),
			op(0, submit(2, 5), rej, 4, 5), // nonce too high
		}},
		{"stale read after an acknowledged write", false, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 10),
			op(1, account(1), read(0, 100), 11, 12),
		}},
		{"acknowledged write lost", false, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 10),
			op(1, status(1, 0), nf, 11, 12),
		}},
		{"applied twice", false, []porcupine.Operation{
			op(0, submit(1, 0), seq, 0, 10),
			op(1, account(1), read(2, 80), 11, 12),
		}},
		{"status goes back", false, []porcupine.Operation{
			op(1, status(1, 0), seq, 0, 1),
			op(1, status(1, 0), nf, 2, 3),
		}},
		{"a transfer that could apply rejected", false, []porcupine.Operation{
			op(0, submit(1, 0), rej, 0, 1),
			op(1, account(1), read(0, 100), 2, 3),
		}},
	} {
		if got := porcupine.CheckOperations(m, c.h); got != c.ok {
			t.Errorf("%s: linearizable %v, want %v", c.name, got, c.ok)
		}
	}
}
