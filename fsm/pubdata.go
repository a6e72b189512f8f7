package fsm

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// RecordSize is the size of one operation's record in a batch's public
// data: the bytes posted to L1, hashed into the proof's third public input.
//
// Every record has the same size, so the circuit knows where each field
// sits without muxing on the kind; the fields kinds share sit at the same
// offsets. Numbers are big-endian; unused bytes are zero.
//
//	offset  size  field
//	0       1     kind (1 transfer, 2 withdraw, 3 deposit, 4 forced exit),
//	              | 0x80 when a priority operation was a no-op
//	1       8     amount (forced exit: the amount paid, 0 if a no-op)
//	9       8     fee                      transfer, withdraw
//	17      4     from (sender account)    transfer, withdraw, forced exit
//	21      4     to (recipient account)   transfer
//	9       32    public key (compressed)  deposit (overlaps fee/from/to)
//	41      20    L1 address               withdraw: recipient;
//	                                       deposit, forced exit: owner
//
// A batch of n operations in a circuit of B slots posts B records: the n
// operations in order, then B-n all-zero records (no-op slots).
const RecordSize = 61

// Record offsets, for readers of posted data.
const (
	recKind   = 0
	recAmount = 1
	recFee    = 9
	recFrom   = 17
	recTo     = 21
	recPubKey = 9
	recAddr   = 41
	// RecordFailed marks a priority operation consumed as a no-op.
	RecordFailed = 0x80
)

// PublicData lays out a batch's operations and their receipts as slots
// records. It fails if the batch has more operations than slots.
func PublicData(txs []Tx, receipts []Receipt, slots int) ([]byte, error) {
	if len(txs) > slots {
		return nil, fmt.Errorf("%w: %d operations do not fit %d slots", ErrTooLarge, len(txs), slots)
	}
	if len(receipts) != len(txs) {
		return nil, fmt.Errorf("%w: %d receipts for %d operations", ErrMalformed, len(receipts), len(txs))
	}
	out := make([]byte, slots*RecordSize)
	for i := range txs {
		r := out[i*RecordSize : (i+1)*RecordSize]
		tx, rc := &txs[i], &receipts[i]
		r[recKind] = byte(tx.Kind)
		if rc.Failed {
			r[recKind] |= RecordFailed
		}
		switch tx.Kind {
		case KindTransfer, KindWithdraw:
			binary.BigEndian.PutUint64(r[recAmount:], tx.Amount)
			binary.BigEndian.PutUint64(r[recFee:], tx.Fee)
			binary.BigEndian.PutUint32(r[recFrom:], tx.From)
			if tx.Kind == KindTransfer {
				binary.BigEndian.PutUint32(r[recTo:], tx.To)
			} else {
				copy(r[recAddr:], tx.L1Addr[:])
			}
		case KindDeposit:
			binary.BigEndian.PutUint64(r[recAmount:], tx.Amount)
			copy(r[recPubKey:], tx.PubKey[:])
			copy(r[recAddr:], tx.L1Addr[:])
		case KindForcedExit:
			binary.BigEndian.PutUint64(r[recAmount:], rc.Exit)
			binary.BigEndian.PutUint32(r[recFrom:], tx.From)
			copy(r[recAddr:], tx.L1Addr[:])
		default:
			return nil, fmt.Errorf("%w: operation %d: unknown kind %d", ErrMalformed, i, tx.Kind)
		}
	}
	return out, nil
}

// DataCommitment is the proof's third public input: SHA-256 of the public
// data with the top three bits cleared, so that it is below the field
// modulus without a reduction (the L1 contract masks the same way).
func DataCommitment(pubdata []byte) Field {
	d := sha256.Sum256(pubdata)
	d[0] &= 0x1f
	var f Field
	f.SetBytes(d[:])
	return f
}
