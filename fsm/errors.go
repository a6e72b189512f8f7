package fsm

import (
	"errors"
	"fmt"
)

// Errors returned by decoding, execution and Apply. Every rejection wraps one
// of these, so callers (HTTP status codes, metrics, tests) can tell them apart
// with errors.Is while the message carries the detail.
var (
	// ErrMalformed: bytes that do not decode, or values out of range.
	ErrMalformed = errors.New("malformed")
	// ErrTooLarge: over a hard size limit (batch, command, snapshot field).
	ErrTooLarge = errors.New("too large")
	// ErrUnknownCommand: a command type or format version this release
	// cannot read. A replica must stop rather than skip such an entry, since a
	// newer replica would apply it and the two would drift.
	ErrUnknownCommand = errors.New("unknown command type or version")
	// ErrBadSignature: the signature does not verify for the sender's key.
	ErrBadSignature = errors.New("bad signature")
	// ErrUnknownAccount: an index with no account behind it.
	ErrUnknownAccount = errors.New("unknown account")
	// ErrNonceTooLow: the nonce was already used (a replay).
	ErrNonceTooLow = errors.New("nonce too low")
	// ErrNonceTooHigh: an earlier nonce of the sender is still missing.
	ErrNonceTooHigh = errors.New("nonce too high")
	// ErrInsufficientBalance: amount plus fee exceeds the balance.
	ErrInsufficientBalance = errors.New("insufficient balance")
	// ErrOverflow: a credit would overflow the recipient's balance.
	ErrOverflow = errors.New("balance overflow")
	// ErrTreeFull: no free leaf for a new account.
	ErrTreeFull = errors.New("account tree full")
	// ErrPriorityOrder: a priority (L1 queue) operation out of queue order,
	// or after an L2 transaction in the same batch.
	ErrPriorityOrder = errors.New("priority operation out of order")
	// ErrBatchMismatch: a proposed batch header disagrees with the batch
	// re-executed on this replica (number, parent, roots, commitment, cursor).
	ErrBatchMismatch = errors.New("batch does not match re-execution")
	// ErrUnknownBatch: a batch number that is not in the log.
	ErrUnknownBatch = errors.New("unknown batch")
	// ErrBadTransition: a batch-state change that is not allowed from the
	// batch's current state (e.g. finalizing an unproven batch).
	ErrBadTransition = errors.New("batch state change not allowed")
	// ErrUnpackable: a transfer's or withdrawal's amount or fee that the
	// public data cannot carry exactly (PackAmount, PackFee). It is also
	// ErrMalformed, so clients get a 400; the message names the nearest
	// values that pack.
	ErrUnpackable = fmt.Errorf("%w: does not pack into the public data", ErrMalformed)
	// ErrNoWitness: the batch's witness is not held: pruned once the batch
	// was proven or finalized, or missing from the witness store.
	ErrNoWitness = errors.New("witness not held")
)
