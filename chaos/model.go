// Package chaos is baton's chaos suite (issue 18): faults on a real
// multi-process cluster under concurrent clients, with the history of
// every client operation checked for linearizability. This file is the
// sequential model the history is checked against.
package chaos

import (
	"fmt"

	"github.com/anishathalye/porcupine"
)

// AccountState is what a modelled client's account holds. The clients
// the suite models each own one account that only their own transfers
// debit (to sink accounts nobody reads, no deposits in), so its nonce and
// balance are the whole state an operation can observe.
type AccountState struct {
	Nonce, Balance uint64
}

// OpKind is what a client did.
type OpKind uint8

const (
	// OpSubmit sends the one signed transfer of its account with Nonce,
	// debiting Debit (amount plus fee) when it applies.
	OpSubmit OpKind = iota + 1
	// OpTxStatus asks, linearizably, after the transfer with Nonce.
	OpTxStatus
	// OpAccount reads the account linearizably.
	OpAccount
)

// Outcome is what the cluster answered.
type Outcome uint8

const (
	// Sequenced: the transfer is in the log (a submit's 200, a status
	// "sequenced" or later).
	Sequenced Outcome = iota + 1
	// Rejected: refused, nothing changed (bad nonce, no funds).
	Rejected
	// NotFound: the status lookup found no such transfer.
	NotFound
	// Indeterminate: no definite answer (timeout, connection lost, 202
	// pending, 5xx): it may have applied, or may still.
	Indeterminate
	// Read: an account read; Output's Nonce and Balance hold it.
	Read
)

// NeverApplies is the nonce a submit of bad input is recorded with: a
// transfer that no state lets apply.
const NeverApplies = ^uint64(0)

// Input is one operation's request.
type Input struct {
	Account uint32
	Kind    OpKind
	Nonce   uint64
	Debit   uint64
}

// Output is one operation's answer.
type Output struct {
	Outcome        Outcome
	Nonce, Balance uint64
}

// Model is the rollup as a client sees its own account, one account per
// partition of the history (accounts are independent by construction,
// which keeps the check linear in the number of accounts). init gives
// each account's state at the start of the run.
func Model(init func(account uint32) AccountState) porcupine.Model {
	nm := &porcupine.NondeterministicModel{
		Partition: byAccount,
		// Every operation of a partition names the same account; the
		// first one seen sets the initial state (see step).
		Init: func() []any { return []any{unset{init: init}} },
		Step: func(s, in, out any) []any {
			i, o := in.(Input), out.(Output)
			st, ok := s.(AccountState)
			if !ok {
				st = s.(unset).init(i.Account)
			}
			return step(st, i, o)
		},
		Equal: func(a, b any) bool {
			sa, oka := a.(AccountState)
			sb, okb := b.(AccountState)
			if !oka && !okb {
				return true // both the unset initial state
			}
			return oka && okb && sa == sb
		},
		DescribeOperation: describe,
		DescribeState:     func(s any) string { return fmt.Sprintf("%+v", s) },
	}
	return nm.ToModel()
}

// unset stands for an account's initial state until the partition's first
// operation names the account.
type unset struct {
	init func(uint32) AccountState
}

// step is every state the account can be in after operation in answered
// out in state s (none: the answer is impossible there).
func step(s AccountState, in Input, out Output) []any {
	applied := AccountState{Nonce: s.Nonce + 1, Balance: s.Balance - in.Debit}
	canApply := s.Nonce == in.Nonce && s.Balance >= in.Debit
	switch in.Kind {
	case OpSubmit:
		switch out.Outcome {
		case Sequenced:
			switch {
			case canApply:
				return []any{applied}
			case s.Nonce > in.Nonce:
				// A resubmit of the same transfer, already applied: the
				// only transfer with this nonce is this one.
				return []any{s}
			}
			return nil
		case Rejected:
			if !canApply {
				return []any{s}
			}
			return nil
		case Indeterminate:
			if canApply {
				return []any{s, applied}
			}
			return []any{s}
		}
	case OpTxStatus:
		switch out.Outcome {
		case Sequenced:
			if s.Nonce > in.Nonce {
				return []any{s}
			}
		case NotFound, Indeterminate:
			if s.Nonce <= in.Nonce {
				return []any{s}
			}
		}
		return nil
	case OpAccount:
		if out.Outcome == Read && out.Nonce == s.Nonce && out.Balance == s.Balance {
			return []any{s}
		}
		return nil
	}
	return nil
}

// byAccount splits a history into one per account.
func byAccount(history []porcupine.Operation) [][]porcupine.Operation {
	idx := map[uint32]int{}
	var parts [][]porcupine.Operation
	for _, op := range history {
		a := op.Input.(Input).Account
		i, ok := idx[a]
		if !ok {
			i = len(parts)
			idx[a] = i
			parts = append(parts, nil)
		}
		parts[i] = append(parts[i], op)
	}
	return parts
}

func describe(in, out any) string {
	i, o := in.(Input), out.(Output)
	switch i.Kind {
	case OpSubmit:
		return fmt.Sprintf("submit(acct %d, nonce %d, debit %d) -> %s", i.Account, i.Nonce, i.Debit, o.Outcome)
	case OpTxStatus:
		return fmt.Sprintf("status(acct %d, nonce %d) -> %s", i.Account, i.Nonce, o.Outcome)
	case OpAccount:
		return fmt.Sprintf("account(%d) -> nonce %d, balance %d", i.Account, o.Nonce, o.Balance)
	}
	return "?"
}

func (o Outcome) String() string {
	switch o {
	case Sequenced:
		return "sequenced"
	case Rejected:
		return "rejected"
	case NotFound:
		return "not found"
	case Indeterminate:
		return "indeterminate"
	case Read:
		return "read"
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}
