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
	// Account is the index a deposit credited or created (0 if it failed).
	Account uint32 `json:"account,omitempty"`
}

// DecodePublicData reads back the operations of a batch's public data
// posted for a circuit of slots slots: the inverse of PublicData, without
// the zero records that pad the batch. It takes posted data (PostedData:
// unused wide entries left off) as the contract does, padding it with
// FullData; full data reads the same. Data FullData refuses, an unknown
// kind, a failed flag on an L2 operation, an operation after a padding
// record, more wide operations than entries, or anything PublicData would
// not write back byte for byte (a non-canonical packing, bytes a kind does
// not use) is ErrMalformed.
func DecodePublicData(pubdata []byte, slots int) ([]PubOp, error) {
	pubdata, err := FullData(pubdata, slots)
	if err != nil {
		return nil, err
	}
	var ops []PubOp
	wide := pubdata[slots*RecordSize:]
	padding := false
	for i := range slots {
		r := pubdata[i*RecordSize : (i+1)*RecordSize]
		if r[RecKind] == 0 {
			if !allZero(r) {
				return nil, fmt.Errorf("%w: record %d: no kind but not empty", ErrMalformed, i)
			}
			padding = true
			continue
		}
		if padding {
			return nil, fmt.Errorf("%w: record %d: an operation after an empty slot", ErrMalformed, i)
		}
		var w []byte
		if TxKind(r[RecKind] &^ RecordFailed).IsWide() {
			if len(wide) == 0 {
				return nil, fmt.Errorf("%w: record %d: more wide operations than entries", ErrMalformed, i)
			}
			w, wide = wide[:WideSize], wide[WideSize:]
		}
		op, err := decodeRecord(r, w)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		ops = append(ops, op)
	}
	// One posted batch has one reading: encoding the operations again
	// must give the data back (unused bytes and entries zero, canonical
	// packings, a withdrawal's two amounts equal).
	txs := make([]Tx, len(ops))
	rcs := make([]Receipt, len(ops))
	for i := range ops {
		txs[i], rcs[i] = ops[i].Tx(), ops[i].Receipt()
	}
	again, err := PublicData(txs, rcs, slots)
	if err != nil || string(again) != string(pubdata) {
		return nil, fmt.Errorf("%w: public data sets bytes its operations do not use, or packs a value non-canonically", ErrMalformed)
	}
	return ops, nil
}

func decodeRecord(r, w []byte) (PubOp, error) {
	op := PubOp{Kind: TxKind(r[RecKind] &^ RecordFailed), Failed: r[RecKind]&RecordFailed != 0}
	if op.Failed && !op.Kind.IsPriority() {
		return op, fmt.Errorf("%w: %s marked failed", ErrMalformed, op.Kind)
	}
	account := binary.BigEndian.Uint32(r[RecAccount:])
	switch op.Kind {
	case KindTransfer, KindWithdraw:
		var buf [8]byte
		copy(buf[3:], r[RecAmount:RecAmount+5])
		a, okA := UnpackAmount(binary.BigEndian.Uint64(buf[:]))
		f, okF := UnpackFee(binary.BigEndian.Uint16(r[RecFee:]))
		if !okA || !okF {
			return op, fmt.Errorf("%w: packed amount or fee overflows", ErrMalformed)
		}
		op.From, op.Amount, op.Fee = account, a, f
		if op.Kind == KindTransfer {
			op.To = binary.BigEndian.Uint32(r[RecTo:])
		} else {
			copy(op.L1Addr[:], w[WideAddr:])
		}
	case KindDeposit:
		op.Account, op.Amount = account, binary.BigEndian.Uint64(w[WideAmount:])
		copy(op.PubKey[:], w[WidePubKey:])
		copy(op.L1Addr[:], w[WideAddr:])
	case KindForcedExit:
		op.From, op.Exit = account, binary.BigEndian.Uint64(w[WideAmount:])
		copy(op.L1Addr[:], w[WideAddr:])
	default:
		return op, fmt.Errorf("%w: unknown kind %d", ErrMalformed, op.Kind)
	}
	return op, nil
}

// Receipt is what of the operation's receipt the public data carries.
func (op *PubOp) Receipt() Receipt {
	return Receipt{Failed: op.Failed, Exit: op.Exit, Account: op.Account}
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
