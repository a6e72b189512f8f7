package fsm

import (
	"encoding/binary"
	"fmt"
)

// CommandType is the first byte of every Raft entry baton writes. The second
// byte is the format version of that command's payload. Both stay readable
// forever: a later release adds a version or a type, it never reuses one.
type CommandType uint8

const (
	// CmdAppendBatch appends a batch. Apply checks number, parent hash,
	// pre-state root, deposit cursor, timestamp and tx commitment, re-executes
	// every operation and rejects the batch unless it reaches the proposed
	// post-state root. On success the state advances, the batch is
	// Sequenced, its witness is kept, and every K-th batch is a checkpoint.
	CmdAppendBatch CommandType = 1
	// CmdRecordPosted records that a batch's data is on L1 and marks a
	// Sequenced batch Posted. The first reference stays; repeating it is a
	// no-op.
	CmdRecordPosted CommandType = 2
	// CmdRecordProof stores a verified proof for a batch that is not yet
	// Proven and marks it Proven; its witness is pruned. A second proof for a
	// Proven batch is a no-op (the first one stays).
	CmdRecordProof CommandType = 3
	// CmdMarkFinalized marks a posted batch Finalized, strictly in batch
	// order; its operations are pruned. Repeating it is a no-op. The batch
	// need not be Proven here: L1 verified a proof, and after the proving
	// deadline that proof may come from a backup prover this log never saw.
	// The proof stays empty then.
	CmdMarkFinalized CommandType = 4
	// CmdSetMember records a cluster member's API address (empty removes
	// it), so that every replica can find the leader's API to forward to.
	// It is cluster metadata, not rollup state: it touches no root.
	CmdSetMember CommandType = 5
	// CmdRecordJob records that proof job Attempt for a batch is out (the
	// leader published it) and marks a Sequenced or Posted batch Proving.
	// The highest attempt stays: a leader that offers a job again (a bad
	// proof, a replay, a batch stuck too long) does so with a higher one,
	// and results name theirs.
	CmdRecordJob CommandType = 6
)

func (t CommandType) String() string {
	switch t {
	case CmdAppendBatch:
		return "append_batch"
	case CmdRecordPosted:
		return "record_posted"
	case CmdRecordProof:
		return "record_proof"
	case CmdMarkFinalized:
		return "mark_finalized"
	case CmdSetMember:
		return "set_member"
	case CmdRecordJob:
		return "record_job"
	}
	return fmt.Sprintf("command(%d)", uint8(t))
}

// FormatV1 is the only payload version so far.
const FormatV1 = 1

// Limits on command fields, checked before anything is allocated.
const (
	MaxProverIDLen = 64
	MaxProofSize   = 4096
	MaxMemberLen   = 255
	// MaxCommandSize bounds any entry: the largest possible AppendBatch.
	MaxCommandSize = 2 + headerSize + HardMaxBatchTxs*MaxTxSize
)

// Command is a decoded Raft entry.
type Command struct {
	Type   CommandType
	Batch  *Batch // AppendBatch
	Number uint64 // the batch the other commands refer to
	Ref    Hash   // RecordPosted, MarkFinalized: the L1 reference
	Prover string // RecordProof
	Proof  []byte // RecordProof
	Member string // SetMember: the member's Raft server id
	Addr   string // SetMember: its API address, empty to remove
	// Attempt is RecordJob's attempt number.
	Attempt uint32
}

// Encode writes the command in the current format. Callers keep Prover,
// Member and Addr within their limits (MaxProverIDLen, MaxMemberLen), which
// the one-byte length prefix cannot exceed; DecodeCommand rejects the rest.
func (c *Command) Encode() []byte {
	b := []byte{byte(c.Type), FormatV1}
	switch c.Type {
	case CmdAppendBatch:
		b = c.Batch.Header.encode(b)
		for i := range c.Batch.Txs {
			b = c.Batch.Txs[i].Encode(b)
		}
	case CmdRecordPosted, CmdMarkFinalized:
		b = binary.BigEndian.AppendUint64(b, c.Number)
		b = append(b, c.Ref[:]...)
	case CmdRecordProof:
		b = binary.BigEndian.AppendUint64(b, c.Number)
		b = append(b, byte(len(c.Prover)))
		b = append(b, c.Prover...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(c.Proof)))
		b = append(b, c.Proof...)
	case CmdRecordJob:
		b = binary.BigEndian.AppendUint64(b, c.Number)
		b = binary.BigEndian.AppendUint32(b, c.Attempt)
	case CmdSetMember:
		b = append(b, byte(len(c.Member)))
		b = append(b, c.Member...)
		b = append(b, byte(len(c.Addr)))
		b = append(b, c.Addr...)
	}
	return b
}

// DecodeCommand parses an entry without looking at any state, so the same
// code can replay a log offline. maxTxs bounds AppendBatch (the consensus
// MaxBatchTxs). An unknown type or version is ErrUnknownCommand; anything
// else that does not parse is ErrMalformed or ErrTooLarge.
func DecodeCommand(b []byte, maxTxs int) (Command, error) {
	if len(b) > MaxCommandSize {
		return Command{}, fmt.Errorf("%w: command of %d bytes", ErrTooLarge, len(b))
	}
	if len(b) < 2 {
		return Command{}, fmt.Errorf("%w: command of %d bytes", ErrMalformed, len(b))
	}
	c := Command{Type: CommandType(b[0])}
	if b[1] != FormatV1 || c.Type < CmdAppendBatch || c.Type > CmdRecordJob {
		return Command{}, fmt.Errorf("%w: type %d version %d", ErrUnknownCommand, b[0], b[1])
	}
	r := reader{b: b[2:]}
	switch c.Type {
	case CmdAppendBatch:
		h := decodeHeader(&r)
		if r.err != nil {
			return Command{}, r.err
		}
		if int(h.TxCount) > maxTxs {
			return Command{}, fmt.Errorf("%w: %d operations, limit %d", ErrTooLarge, h.TxCount, maxTxs)
		}
		txs := make([]Tx, 0, h.TxCount)
		for range h.TxCount {
			if len(r.b) == 0 {
				return Command{}, fmt.Errorf("%w: batch ends after %d of %d operations", ErrMalformed, len(txs), h.TxCount)
			}
			size := TxKind(r.b[0]).EncodedSize()
			if size == 0 {
				return Command{}, fmt.Errorf("%w: unknown transaction kind %d", ErrMalformed, r.b[0])
			}
			tx, err := DecodeTx(r.take(size))
			if r.err != nil {
				return Command{}, r.err
			}
			if err != nil {
				return Command{}, err
			}
			txs = append(txs, tx)
		}
		c.Batch = &Batch{Header: h, Txs: txs}
	case CmdRecordPosted, CmdMarkFinalized:
		c.Number = r.u64()
		r.copy(c.Ref[:])
	case CmdRecordProof:
		c.Number = r.u64()
		n := int(r.u8())
		if n > MaxProverIDLen {
			return Command{}, fmt.Errorf("%w: prover id of %d bytes", ErrTooLarge, n)
		}
		c.Prover = string(r.take(n))
		m := int(binary.BigEndian.Uint16(r.take(2)))
		if m > MaxProofSize {
			return Command{}, fmt.Errorf("%w: proof of %d bytes", ErrTooLarge, m)
		}
		c.Proof = append([]byte(nil), r.take(m)...)
	case CmdRecordJob:
		c.Number = r.u64()
		c.Attempt = r.u32()
		if c.Attempt == 0 {
			return Command{}, fmt.Errorf("%w: attempt 0", ErrMalformed)
		}
	case CmdSetMember:
		c.Member = string(r.take(int(r.u8())))
		c.Addr = string(r.take(int(r.u8())))
		if c.Member == "" {
			return Command{}, fmt.Errorf("%w: empty member id", ErrMalformed)
		}
	}
	if err := r.done(); err != nil {
		return Command{}, err
	}
	return c, nil
}
