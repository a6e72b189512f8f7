package fsm

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Header describes one batch. Its hash chains batches together; the fields
// are what every replica re-derives and compares on Apply.
type Header struct {
	Number uint64 `json:"number"`
	// Parent is the hash of the previous header (batch 0 is genesis).
	Parent Hash `json:"parent"`
	// PreRoot and PostRoot are the state roots before and after the batch.
	PreRoot  Hash `json:"pre_root"`
	PostRoot Hash `json:"post_root"`
	// TxCommitment is SHA-256 over the encoded operations, in order.
	TxCommitment Hash `json:"tx_commitment"`
	// Timestamp is the leader's clock (Unix ms) when it closed the batch;
	// never earlier than the parent's. The fsm reads time only from here.
	Timestamp int64 `json:"timestamp"`
	// DepositCursor is the priority-queue index the next batch starts at:
	// everything below it has been consumed.
	DepositCursor uint64 `json:"deposit_cursor"`
	TxCount       uint32 `json:"tx_count"`
}

const headerSize = 8 + 32*4 + 8 + 8 + 4

func (h *Header) encode(b []byte) []byte {
	b = binary.BigEndian.AppendUint64(b, h.Number)
	b = append(b, h.Parent[:]...)
	b = append(b, h.PreRoot[:]...)
	b = append(b, h.PostRoot[:]...)
	b = append(b, h.TxCommitment[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(h.Timestamp))
	b = binary.BigEndian.AppendUint64(b, h.DepositCursor)
	b = binary.BigEndian.AppendUint32(b, h.TxCount)
	return b
}

func decodeHeader(r *reader) Header {
	var h Header
	h.Number = r.u64()
	r.copy(h.Parent[:])
	r.copy(h.PreRoot[:])
	r.copy(h.PostRoot[:])
	r.copy(h.TxCommitment[:])
	h.Timestamp = int64(r.u64())
	h.DepositCursor = r.u64()
	h.TxCount = r.u32()
	return h
}

// Hash is SHA-256 over the header's encoding.
func (h *Header) Hash() Hash {
	var buf [headerSize]byte
	return sha256.Sum256(h.encode(buf[:0]))
}

// Batch is a header and its operations, as AppendBatch carries them.
type Batch struct {
	Header Header
	Txs    []Tx
}

// TxCommitment hashes the operations' encodings in order.
func TxCommitment(txs []Tx) Hash {
	d := sha256.New()
	var buf [MaxTxSize]byte
	for i := range txs {
		d.Write(txs[i].Encode(buf[:0]))
	}
	return Hash(d.Sum(nil))
}

// BatchState is where a batch stands in the pipeline. Each change is a Raft
// command, so every replica reports the same state.
type BatchState uint8

const (
	StateSequenced BatchState = 1 // committed through Raft
	StatePosted    BatchState = 2 // its data is on L1
	StateProving   BatchState = 3 // a proof job is out
	StateProven    BatchState = 4 // a verified proof is recorded
	StateFinalized BatchState = 5 // L1 verified the proof
)

func (s BatchState) String() string {
	switch s {
	case StateSequenced:
		return "sequenced"
	case StatePosted:
		return "posted"
	case StateProving:
		return "proving"
	case StateProven:
		return "proven"
	case StateFinalized:
		return "finalized"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// MarshalText makes states readable in JSON.
func (s BatchState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText is the inverse of MarshalText.
func (s *BatchState) UnmarshalText(b []byte) error {
	for st := StateSequenced; st <= StateFinalized; st++ {
		if st.String() == string(b) {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("%w: batch state %q", ErrMalformed, b)
}

// BatchRecord is the log's entry for one batch. Txs are kept until the batch
// is finalized (L1 posting and lookups need them); then they are pruned and
// only the header and receipts stay. The witness is not in the record: it
// lives in the machine's WitnessStore until the batch is proven
// (Machine.Witness), and the record keeps only its size.
type BatchRecord struct {
	Header   Header     `json:"header"`
	Hash     Hash       `json:"hash"`
	State    BatchState `json:"state"`
	Receipts []Receipt  `json:"receipts,omitempty"`
	// RaftIndex and RaftTerm of the entry that committed the batch; proof
	// jobs carry them so provers can tell which leader's batch they prove.
	RaftIndex uint64 `json:"raft_index"`
	RaftTerm  uint64 `json:"raft_term"`
	// Attempt is the latest proof job offered for the batch (0: none yet).
	Attempt uint32 `json:"attempt,omitempty"`
	// PostedRef and FinalizedRef are opaque L1 references (tx hashes).
	PostedRef    Hash     `json:"posted_ref,omitzero"`
	FinalizedRef Hash     `json:"finalized_ref,omitzero"`
	Prover       string   `json:"prover,omitempty"`
	Proof        []byte   `json:"proof,omitempty"`
	Txs          []Tx     `json:"-"`
	TxHashes     []TxHash `json:"tx_hashes"`
	// WitnessBytes is the size of the batch's encoded witness while the
	// store holds it (EncodeWitness); 0 once pruned.
	WitnessBytes uint32 `json:"witness_bytes,omitempty"`
}
