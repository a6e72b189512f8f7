package fsm

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// A batch's public data is what the sequencer posts to L1 and the proof's
// third public input hashes. For a circuit of B slots it is B fixed
// records, one per slot, followed by WideEntries(B) fixed wide entries:
//
//	[record 0][record 1]...[record B-1][wide 0]...[wide W-1]
//
// A record is RecordSize bytes. Every kind puts a field at the same
// offset, so the circuit never muxes on the kind; numbers are big-endian
// and unused bytes zero. A no-op slot is an all-zero record.
//
//	offset  size  field
//	0       1     kind (1 transfer, 2 withdraw, 3 deposit, 4 forced exit),
//	              | 0x80 when a priority operation was consumed as a no-op
//	1       4     account: the sender (transfer, withdraw), the account a
//	              deposit credited or created (0 if it failed), the
//	              forced exit's account
//	5       4     to: a transfer's recipient
//	9       5     amount, packed (transfer, withdraw): PackAmount
//	14      2     fee, packed (transfer, withdraw): PackFee
//
// Withdrawals, deposits and forced exits also need an L1 address, a key or
// an exact L1 amount: each of them, in batch order, takes the next wide
// entry of WideSize bytes (so a batch carries at most W = WideEntries(B)
// of them, max(min(B, 4), B/16); unused entries are all zero):
//
//	offset  size  field
//	0       8     amount, exact: withdrawn (withdraw), deposited (deposit,
//	              refunded to the owner if it failed), paid (forced exit,
//	              0 if a no-op)
//	8       32    public key, compressed (deposit)
//	40      20    L1 address: the recipient (withdraw), the owner
//	              (deposit, forced exit)
//	60      4     zero
//
// A transfer thus posts 16 bytes; a slot costs 16 + 64·W/B bytes on
// average (20 at B ≥ 64).
const (
	RecordSize = 16
	WideSize   = 64
	// SlotsPerWide is B/W for large circuits: one wide entry per 16 slots.
	SlotsPerWide = 16
	// MinWide is the fewest wide entries of a circuit with that many slots.
	MinWide = 4
)

// Record and wide-entry offsets, for readers of posted data.
const (
	RecKind    = 0
	RecAccount = 1
	RecTo      = 5
	RecAmount  = 9
	RecFee     = 14

	WideAmount = 0
	WidePubKey = 8
	WideAddr   = 40

	// RecordFailed marks a priority operation consumed as a no-op.
	RecordFailed = 0x80
)

// WideEntries is W, the wide entries of a circuit of slots slots: one per
// SlotsPerWide slots, but at least MinWide (or one per slot below that), so
// that a small circuit, which is about latency rather than cost, still
// takes a burst of deposits in one batch.
func WideEntries(slots int) int { return max(min(slots, MinWide), slots/SlotsPerWide) }

// PubDataSize is the length of a batch's public data for slots slots.
func PubDataSize(slots int) int { return slots*RecordSize + WideEntries(slots)*WideSize }

// IsWide reports whether operations of kind k take a wide entry.
func (k TxKind) IsWide() bool { return k == KindWithdraw || k.IsPriority() }

// WideOps counts the operations of txs that take a wide entry.
func WideOps(txs []Tx) int {
	n := 0
	for i := range txs {
		if txs[i].Kind.IsWide() {
			n++
		}
	}
	return n
}

// PublicData lays out a batch's operations and their receipts for a
// circuit of slots slots. It fails if the batch has more operations than
// slots or more wide operations than wide entries, or if an amount does
// not pack (the fsm never commits such a batch).
func PublicData(txs []Tx, receipts []Receipt, slots int) ([]byte, error) {
	if len(txs) > slots {
		return nil, fmt.Errorf("%w: %d operations do not fit %d slots", ErrTooLarge, len(txs), slots)
	}
	if w := WideOps(txs); w > WideEntries(slots) {
		return nil, fmt.Errorf("%w: %d withdrawals and priority operations do not fit %d wide entries", ErrTooLarge, w, WideEntries(slots))
	}
	if len(receipts) != len(txs) {
		return nil, fmt.Errorf("%w: %d receipts for %d operations", ErrMalformed, len(receipts), len(txs))
	}
	out := make([]byte, PubDataSize(slots))
	wide := out[slots*RecordSize:]
	for i := range txs {
		r := out[i*RecordSize : (i+1)*RecordSize]
		tx, rc := &txs[i], &receipts[i]
		r[RecKind] = byte(tx.Kind)
		if rc.Failed {
			r[RecKind] |= RecordFailed
		}
		var w []byte
		if tx.Kind.IsWide() {
			w, wide = wide[:WideSize], wide[WideSize:]
		}
		switch tx.Kind {
		case KindTransfer, KindWithdraw:
			if err := putPacked(r, tx); err != nil {
				return nil, fmt.Errorf("operation %d: %w", i, err)
			}
			binary.BigEndian.PutUint32(r[RecAccount:], tx.From)
			if tx.Kind == KindTransfer {
				binary.BigEndian.PutUint32(r[RecTo:], tx.To)
			} else {
				binary.BigEndian.PutUint64(w[WideAmount:], tx.Amount)
				copy(w[WideAddr:], tx.L1Addr[:])
			}
		case KindDeposit:
			if !rc.Failed {
				binary.BigEndian.PutUint32(r[RecAccount:], rc.Account)
			}
			binary.BigEndian.PutUint64(w[WideAmount:], tx.Amount)
			copy(w[WidePubKey:], tx.PubKey[:])
			copy(w[WideAddr:], tx.L1Addr[:])
		case KindForcedExit:
			binary.BigEndian.PutUint32(r[RecAccount:], tx.From)
			binary.BigEndian.PutUint64(w[WideAmount:], rc.Exit)
			copy(w[WideAddr:], tx.L1Addr[:])
		default:
			return nil, fmt.Errorf("%w: operation %d: unknown kind %d", ErrMalformed, i, tx.Kind)
		}
	}
	return out, nil
}

func putPacked(r []byte, tx *Tx) error {
	a, err := PackAmount(tx.Amount)
	if err != nil {
		return err
	}
	f, err := PackFee(tx.Fee)
	if err != nil {
		return err
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], a)
	copy(r[RecAmount:RecAmount+5], buf[3:])
	binary.BigEndian.PutUint16(r[RecFee:], f)
	return nil
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

// What a batch posts to L1 is its public data without the wide entries it
// does not use: the records, then the first k ≤ W wide entries (a batch's
// wide operations take them in order, so the ones in use come first). The
// proof and the contract still commit to the full, fixed-length data: the
// contract pads what was posted with zero bytes back to PubDataSize before
// hashing, which is FullData here. A full batch of transfers thus posts 16
// bytes a transfer, whatever W is.

// PostedData is what the sequencer posts for public data pubdata (as
// PublicData lays it out for slots slots): the records and the wide
// entries its records take. Data of another length comes back as it is
// (the contract refuses it).
func PostedData(pubdata []byte, slots int) []byte {
	if slots <= 0 || len(pubdata) != PubDataSize(slots) {
		return pubdata
	}
	return pubdata[:slots*RecordSize+min(wideRecords(pubdata, slots), WideEntries(slots))*WideSize]
}

// FullData is the public data posted data stands for, as the contract
// reads it: posted padded with zero bytes to PubDataSize(slots). Posted
// data must be slots records and then k ≤ W whole wide entries, and every
// record that takes a wide entry must find it posted (the contract
// reverts BadPublicData and BadRecord); else it is ErrMalformed. The
// result is a new slice.
func FullData(posted []byte, slots int) ([]byte, error) {
	if slots <= 0 || slots > HardMaxBatchTxs {
		return nil, fmt.Errorf("%w: %d slots", ErrMalformed, slots)
	}
	recs := slots * RecordSize
	if n := len(posted); n < recs || (n-recs)%WideSize != 0 || (n-recs)/WideSize > WideEntries(slots) {
		return nil, fmt.Errorf("%w: posted public data of %d bytes, want %d plus at most %d wide entries of %d for %d slots",
			ErrMalformed, n, recs, WideEntries(slots), WideSize, slots)
	}
	if used, k := wideRecords(posted, slots), (len(posted)-recs)/WideSize; used > k {
		return nil, fmt.Errorf("%w: %d records take a wide entry, %d posted", ErrMalformed, used, k)
	}
	full := make([]byte, PubDataSize(slots))
	copy(full, posted)
	return full, nil
}

// wideRecords counts the records of data (at least slots records long)
// whose kind takes a wide entry, failed or not.
func wideRecords(data []byte, slots int) int {
	n := 0
	for i := range slots {
		if TxKind(data[i*RecordSize+RecKind] &^ RecordFailed).IsWide() {
			n++
		}
	}
	return n
}

// PayoutSize is the length of one payout: L1 address (20) | amount (8,
// big-endian gwei).
const PayoutSize = 28

// Payouts lists what a batch's public data (laid out for slots slots)
// pays out on L1 once proven, in slot order: withdrawals, forced exits
// that paid, and deposits L2 refused (back to their owner), each its wide
// entry's address and amount; a zero amount pays nothing and is left
// out. The contract keeps a hash of this list at commit and the proof's
// submitter sends it again, so the data itself is posted once.
func Payouts(pubdata []byte, slots int) ([]byte, error) {
	full, err := FullData(pubdata, slots)
	if err != nil {
		return nil, err
	}
	var out []byte
	wide := full[slots*RecordSize:]
	for i := range slots {
		tag := full[i*RecordSize+RecKind]
		if !TxKind(tag &^ RecordFailed).IsWide() {
			continue
		}
		e := wide[:WideSize]
		wide = wide[WideSize:]
		pays := TxKind(tag) == KindWithdraw || TxKind(tag) == KindForcedExit || tag == byte(KindDeposit)|RecordFailed
		amount := e[WideAmount : WideAmount+8]
		if !pays || allZero(amount) {
			continue
		}
		out = append(out, e[WideAddr:WideAddr+20]...)
		out = append(out, amount...)
	}
	return out, nil
}
