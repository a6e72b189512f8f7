package fsm

import (
	"encoding/binary"
	"fmt"
)

// PubOp is one operation as a batch's public data carries it: everything
// anyone can read back from L1 about it. Which fields are set depends on
// Kind, as in PublicData's layout; the others are zero.
type PubOp struct {
	Kind TxKind `json:"kind"`
	// Failed: a priority operation consumed as a no-op.
	Failed bool   `json:"failed,omitempty"`
	From   uint32 `json:"from,omitempty"`
	To     uint32 `json:"to,omitempty"`
	// Amount moved (transfer, withdraw) or deposited.
	Amount uint64    `json:"amount,omitempty"`
	Fee    uint64    `json:"fee,omitempty"`
	PubKey PubKey    `json:"pubkey,omitzero"`
	L1Addr L1Address `json:"l1_addr,omitzero"`
	// Exit is what a forced exit paid (0 if it was a no-op).
	Exit uint64 `json:"exit,omitempty"`
}

// DecodePublicData reads back the operations of a batch's public data
// posted for a circuit of slots slots: the inverse of PublicData, without
// the zero records that pad the batch. Data of the wrong size, an unknown
// kind, a failed flag on an L2 operation, or an operation after a padding
// record is ErrMalformed.
func DecodePublicData(pubdata []byte, slots int) ([]PubOp, error) {
	if slots <= 0 || len(pubdata) != slots*RecordSize {
		return nil, fmt.Errorf("%w: public data of %d bytes, want %d slots of %d", ErrMalformed, len(pubdata), slots, RecordSize)
	}
	var ops []PubOp
	padding := false
	for i := range slots {
		r := pubdata[i*RecordSize : (i+1)*RecordSize]
		if r[recKind] == 0 {
			if !allZero(r) {
				return nil, fmt.Errorf("%w: record %d: no kind but not empty", ErrMalformed, i)
			}
			padding = true
			continue
		}
		if padding {
			return nil, fmt.Errorf("%w: record %d: an operation after an empty slot", ErrMalformed, i)
		}
		op, err := decodeRecord(r)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func decodeRecord(r []byte) (PubOp, error) {
	op := PubOp{Kind: TxKind(r[recKind] &^ RecordFailed), Failed: r[recKind]&RecordFailed != 0}
	if op.Failed && !op.Kind.IsPriority() {
		return op, fmt.Errorf("%w: %s marked failed", ErrMalformed, op.Kind)
	}
	u64 := func(off int) uint64 { return binary.BigEndian.Uint64(r[off:]) }
	u32 := func(off int) uint32 { return binary.BigEndian.Uint32(r[off:]) }
	switch op.Kind {
	case KindTransfer:
		op.Amount, op.Fee, op.From, op.To = u64(recAmount), u64(recFee), u32(recFrom), u32(recTo)
	case KindWithdraw:
		op.Amount, op.Fee, op.From = u64(recAmount), u64(recFee), u32(recFrom)
		copy(op.L1Addr[:], r[recAddr:])
	case KindDeposit:
		op.Amount = u64(recAmount)
		copy(op.PubKey[:], r[recPubKey:])
		copy(op.L1Addr[:], r[recAddr:])
	case KindForcedExit:
		op.Exit, op.From = u64(recAmount), u32(recFrom)
		copy(op.L1Addr[:], r[recAddr:])
	default:
		return op, fmt.Errorf("%w: unknown kind %d", ErrMalformed, op.Kind)
	}
	// Bytes the kind does not use must be zero: encoding the operation
	// again must give the record back, so that one posted batch has one
	// reading.
	tx := op.Tx()
	again, err := PublicData([]Tx{tx}, []Receipt{{Failed: op.Failed, Exit: op.Exit}}, 1)
	if err != nil || string(again) != string(r) {
		return op, fmt.Errorf("%w: %s record sets bytes its kind does not use", ErrMalformed, op.Kind)
	}
	return op, nil
}

// Tx is the operation as the fsm executes it, without what public data
// does not carry: the nonce and signature of an L2 operation, the queue
// index of a priority one (the replay supplies those).
func (op *PubOp) Tx() Tx {
	tx := Tx{Kind: op.Kind, From: op.From, Amount: op.Amount, L1Addr: op.L1Addr}
	switch op.Kind {
	case KindTransfer:
		tx.To, tx.Fee, tx.L1Addr = op.To, op.Fee, L1Address{}
	case KindWithdraw:
		tx.Fee = op.Fee
	case KindDeposit:
		tx.PubKey, tx.From = op.PubKey, 0
	case KindForcedExit:
		tx.Amount = 0
	}
	return tx
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}
