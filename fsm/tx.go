package fsm

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
)

// TxKind names the four operations the rollup knows. The values are part of
// the wire format and of the signed message: never renumber them.
type TxKind uint8

const (
	// KindTransfer moves Amount from account From to account To and pays Fee
	// to the operator's fee account. Signed by From.
	KindTransfer TxKind = 1
	// KindWithdraw burns Amount on L2 (plus Fee) and names the L1 address that
	// may claim it once the batch is final. Signed by From.
	KindWithdraw TxKind = 2
	// KindDeposit comes from L1's priority queue: it credits the account with
	// PubKey, creating it (owned by L1Addr) on first deposit. Unsigned.
	KindDeposit TxKind = 3
	// KindForcedExit comes from L1's priority queue: account From's owner
	// L1Addr withdraws the whole balance. Unsigned; the escape hatch when the
	// sequencer ignores a user.
	KindForcedExit TxKind = 4
)

func (k TxKind) String() string {
	switch k {
	case KindTransfer:
		return "transfer"
	case KindWithdraw:
		return "withdraw"
	case KindDeposit:
		return "deposit"
	case KindForcedExit:
		return "forced_exit"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseTxKind is the inverse of TxKind.String.
func ParseTxKind(s string) (TxKind, error) {
	for k := KindTransfer; k <= KindForcedExit; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown kind %q", ErrMalformed, s)
}

// IsPriority reports whether the operation comes from L1's priority queue.
func (k TxKind) IsPriority() bool { return k == KindDeposit || k == KindForcedExit }

// L1Address is an Ethereum address.
type L1Address [20]byte

func (a L1Address) String() string { return "0x" + hex.EncodeToString(a[:]) }

// TxHash identifies a transaction: SHA-256 over its encoding without the
// signature, so clients know it before they sign and it is cheap to compute.
type TxHash [32]byte

func (h TxHash) String() string { return "0x" + hex.EncodeToString(h[:]) }

// ParseTxHash reads the hex form of a TxHash (with or without 0x).
func ParseTxHash(s string) (TxHash, error) {
	var h TxHash
	if len(s) >= 2 && s[:2] == "0x" {
		s = s[2:]
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("%w: tx hash must be 32 hex bytes", ErrMalformed)
	}
	copy(h[:], b)
	return h, nil
}

// Tx is one operation. Which fields are meaningful depends on Kind:
//
//	transfer:    From, To, Amount, Fee, Nonce, Sig
//	withdraw:    From, L1Addr (recipient), Amount, Fee, Nonce, Sig
//	deposit:     QueueIndex, PubKey, L1Addr (owner), Amount
//	forced exit: QueueIndex, From, L1Addr (claimed owner)
//
// The encoding writes only those fields, so a decoded Tx has every other
// field zero and Encode(Decode(b)) == b.
type Tx struct {
	Kind       TxKind
	From       uint32
	To         uint32
	Amount     uint64
	Fee        uint64
	Nonce      uint64
	L1Addr     L1Address
	PubKey     PubKey
	QueueIndex uint64
	Sig        Signature
}

// Encoded sizes. Every kind has a fixed size, so a reader can split a batch
// without length prefixes and reject anything else.
const (
	transferSize   = 1 + 4 + 4 + 8 + 8 + 8 + SigSize
	withdrawSize   = 1 + 4 + 20 + 8 + 8 + 8 + SigSize
	depositSize    = 1 + 8 + PubKeySize + 20 + 8
	forcedExitSize = 1 + 8 + 4 + 20
	// MaxTxSize bounds any encoded transaction.
	MaxTxSize = withdrawSize
)

// EncodedSize returns the size of k's encoding, or 0 for an unknown kind.
func (k TxKind) EncodedSize() int {
	switch k {
	case KindTransfer:
		return transferSize
	case KindWithdraw:
		return withdrawSize
	case KindDeposit:
		return depositSize
	case KindForcedExit:
		return forcedExitSize
	}
	return 0
}

// Encode appends the canonical encoding of tx to b.
func (tx *Tx) Encode(b []byte) []byte {
	b = append(b, byte(tx.Kind))
	b = tx.appendBody(b)
	if !tx.Kind.IsPriority() {
		b = append(b, tx.Sig[:]...)
	}
	return b
}

// appendBody writes every field but the kind byte and the signature.
func (tx *Tx) appendBody(b []byte) []byte {
	switch tx.Kind {
	case KindTransfer:
		b = binary.BigEndian.AppendUint32(b, tx.From)
		b = binary.BigEndian.AppendUint32(b, tx.To)
		b = binary.BigEndian.AppendUint64(b, tx.Amount)
		b = binary.BigEndian.AppendUint64(b, tx.Fee)
		b = binary.BigEndian.AppendUint64(b, tx.Nonce)
	case KindWithdraw:
		b = binary.BigEndian.AppendUint32(b, tx.From)
		b = append(b, tx.L1Addr[:]...)
		b = binary.BigEndian.AppendUint64(b, tx.Amount)
		b = binary.BigEndian.AppendUint64(b, tx.Fee)
		b = binary.BigEndian.AppendUint64(b, tx.Nonce)
	case KindDeposit:
		b = binary.BigEndian.AppendUint64(b, tx.QueueIndex)
		b = append(b, tx.PubKey[:]...)
		b = append(b, tx.L1Addr[:]...)
		b = binary.BigEndian.AppendUint64(b, tx.Amount)
	case KindForcedExit:
		b = binary.BigEndian.AppendUint64(b, tx.QueueIndex)
		b = binary.BigEndian.AppendUint32(b, tx.From)
		b = append(b, tx.L1Addr[:]...)
	}
	return b
}

// DecodeTx reads exactly one transaction from b. Any other length or an
// unknown kind is ErrMalformed; values are checked by CheckFormat.
func DecodeTx(b []byte) (Tx, error) {
	if len(b) == 0 {
		return Tx{}, fmt.Errorf("%w: empty transaction", ErrMalformed)
	}
	kind := TxKind(b[0])
	size := kind.EncodedSize()
	if size == 0 {
		return Tx{}, fmt.Errorf("%w: unknown transaction kind %d", ErrMalformed, b[0])
	}
	if len(b) != size {
		return Tx{}, fmt.Errorf("%w: %s is %d bytes, got %d", ErrMalformed, kind, size, len(b))
	}
	tx := Tx{Kind: kind}
	r := reader{b: b[1:]}
	switch kind {
	case KindTransfer:
		tx.From, tx.To = r.u32(), r.u32()
		tx.Amount, tx.Fee, tx.Nonce = r.u64(), r.u64(), r.u64()
		r.copy(tx.Sig[:])
	case KindWithdraw:
		tx.From = r.u32()
		r.copy(tx.L1Addr[:])
		tx.Amount, tx.Fee, tx.Nonce = r.u64(), r.u64(), r.u64()
		r.copy(tx.Sig[:])
	case KindDeposit:
		tx.QueueIndex = r.u64()
		r.copy(tx.PubKey[:])
		r.copy(tx.L1Addr[:])
		tx.Amount = r.u64()
	case KindForcedExit:
		tx.QueueIndex = r.u64()
		tx.From = r.u32()
		r.copy(tx.L1Addr[:])
	}
	if r.err != nil {
		return Tx{}, r.err
	}
	return tx, nil
}

// Hash is SHA-256 over the encoding without the signature.
func (tx *Tx) Hash() TxHash {
	var buf [MaxTxSize]byte
	b := append(buf[:0], byte(tx.Kind))
	return sha256.Sum256(tx.appendBody(b))
}

// SigningMessage is the Poseidon2 digest that the sender signs and the circuit
// recomputes. Three packed elements keep it to three compressions:
//
//	e0 = chainID·2^40 + kind·2^32 + from
//	e1 = to (transfer) or the L1 recipient (withdraw), as an integer
//	e2 = amount·2^128 + fee·2^64 + nonce
//
// The chain id makes a signature worthless on any other rollup.
func (tx *Tx) SigningMessage(chainID uint64) Field {
	h := newHasher()
	return tx.signingMessage(h, chainID)
}

func (tx *Tx) signingMessage(h *hasher, chainID uint64) Field {
	// chainID < 2^64 so e0 < 2^104: pack as two words.
	e0 := fieldFromUint64s(chainID>>24, chainID<<40|uint64(tx.Kind)<<32|uint64(tx.From))
	var e1 Field
	if tx.Kind == KindWithdraw {
		e1 = fieldFromBytes(tx.L1Addr[:])
	} else {
		e1.SetUint64(uint64(tx.To))
	}
	e2 := fieldFromUint64s(tx.Amount, tx.Fee, tx.Nonce)
	return h.md(e0, e1, e2)
}

// Sign fills tx.Sig. Only transfers and withdrawals are signed.
func (tx *Tx) Sign(k PrivateKey, chainID uint64) error {
	if tx.Kind.IsPriority() {
		return fmt.Errorf("%w: %s is not signed", ErrMalformed, tx.Kind)
	}
	sig, err := k.signField(tx.SigningMessage(chainID))
	if err != nil {
		return err
	}
	tx.Sig = sig
	return nil
}

// VerifySig checks tx.Sig against pub. It is the expensive part of a
// transaction (about 0.17 ms here).
func (tx *Tx) VerifySig(pub PubKey, chainID uint64) bool {
	return pub.verifyField(tx.Sig, tx.SigningMessage(chainID))
}

// SigVerified is evidence that a transaction's signature verified under a
// key. Only VerifySignature creates one, so a builder handed one can skip
// the check without trusting its caller: the evidence names the exact
// transaction and key, and the builder compares both.
type SigVerified struct {
	hash TxHash
	pub  PubKey
	// sig is part of the evidence because the tx hash leaves the signature
	// out: without it, evidence for a valid transaction would also cover
	// the same body with a forged signature.
	sig Signature
}

// VerifySignature checks tx's signature under pub for chainID and returns
// evidence of it. Account.Verify does the same with the account's key
// already decompressed.
func VerifySignature(tx *Tx, pub PubKey, chainID uint64) (SigVerified, error) {
	a := Account{PubKey: pub}
	return a.Verify(tx, chainID)
}

// covers reports whether v is evidence for tx, signature included, under
// pub.
func (v *SigVerified) covers(tx *Tx, pub PubKey) bool {
	return v != nil && v.pub == pub && v.sig == tx.Sig && v.hash == tx.Hash()
}

// CheckFormat validates what can be checked without state: known kind, sane
// values, and fields that the kind does not use left at zero.
func (tx *Tx) CheckFormat() error {
	if unused := (Tx{Kind: tx.Kind}); tx.unusedFields(&unused) != *tx {
		return fmt.Errorf("%w: %s sets fields it does not use", ErrMalformed, tx.Kind)
	}
	switch tx.Kind {
	case KindTransfer, KindWithdraw:
		if tx.Amount == 0 {
			return fmt.Errorf("%w: zero amount", ErrMalformed)
		}
		if tx.Amount > math.MaxUint64-tx.Fee {
			return fmt.Errorf("%w: amount plus fee overflows", ErrMalformed)
		}
		if tx.Kind == KindTransfer && tx.From == tx.To {
			return fmt.Errorf("%w: transfer to self", ErrMalformed)
		}
		if err := tx.checkPacked(); err != nil {
			return err
		}
	case KindDeposit:
		if tx.Amount == 0 {
			return fmt.Errorf("%w: zero deposit", ErrMalformed)
		}
		if _, err := tx.PubKey.point(); err != nil {
			return fmt.Errorf("%w: deposit: %v", ErrMalformed, err)
		}
	case KindForcedExit:
	default:
		return fmt.Errorf("%w: unknown transaction kind %d", ErrMalformed, tx.Kind)
	}
	return nil
}

// unusedFields copies into dst the fields that tx's kind uses, leaving the
// others zero: a Tx equal to the result uses no other field.
func (tx *Tx) unusedFields(dst *Tx) Tx {
	switch tx.Kind {
	case KindTransfer:
		dst.From, dst.To, dst.Amount, dst.Fee, dst.Nonce, dst.Sig = tx.From, tx.To, tx.Amount, tx.Fee, tx.Nonce, tx.Sig
	case KindWithdraw:
		dst.From, dst.L1Addr, dst.Amount, dst.Fee, dst.Nonce, dst.Sig = tx.From, tx.L1Addr, tx.Amount, tx.Fee, tx.Nonce, tx.Sig
	case KindDeposit:
		dst.QueueIndex, dst.PubKey, dst.L1Addr, dst.Amount = tx.QueueIndex, tx.PubKey, tx.L1Addr, tx.Amount
	case KindForcedExit:
		dst.QueueIndex, dst.From, dst.L1Addr = tx.QueueIndex, tx.From, tx.L1Addr
	}
	return *dst
}

// reader decodes big-endian fields and remembers the first short read.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return make([]byte, n)
	}
	if len(r.b) < n {
		r.err = fmt.Errorf("%w: truncated", ErrMalformed)
		r.b = nil
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() uint8       { return r.take(1)[0] }
func (r *reader) u32() uint32     { return binary.BigEndian.Uint32(r.take(4)) }
func (r *reader) u64() uint64     { return binary.BigEndian.Uint64(r.take(8)) }
func (r *reader) copy(dst []byte) { copy(dst, r.take(len(dst))) }

// done reports trailing bytes as malformed.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %d trailing bytes", ErrMalformed, len(r.b))
	}
	return r.err
}
