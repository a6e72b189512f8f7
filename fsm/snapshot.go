package fsm

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
)

// Snapshot is an immutable copy of a Machine, taken quickly under the
// caller's lock (Machine.Snapshot) and written out later, without the lock,
// by WriteTo. This is the split hashicorp/raft asks of FSMSnapshot: capture
// fast, persist slowly.
//
// What it holds: the accounts (the tree is rebuilt from them on restore, so
// it costs no space), the whole batch log with each batch's operations until
// finalized, the encoded witness of each batch not yet proven (read from the
// witness store, so that a replica installing the snapshot can publish their
// proof jobs), the checkpoints and the queue cursors. The tx-hash index is
// rebuilt from the log.
type Snapshot struct {
	cfg           Config
	accounts      []Account
	log           []BatchRecord
	witnesses     map[uint64][]byte
	checkpoints   []Checkpoint
	nextPriority  uint64
	lastFinalized uint64
	members       map[string]string
}

// Snapshot captures the machine. Records are copied by value; the slices
// they point to are never written after creation (pruning replaces them), so
// sharing them is safe. The unproven batches' witnesses are read from the
// store here, under the caller's lock: their number is what ingress lets
// the unproven backlog reach. A witness the store cannot give fails the
// snapshot: one written without it would lose the batch's proof input for
// good, while the log this snapshot would compact still rebuilds it.
func (m *Machine) Snapshot() (*Snapshot, error) {
	s := &Snapshot{
		cfg:           m.cfg,
		accounts:      slices.Clone(m.st.accounts),
		log:           make([]BatchRecord, len(m.log)),
		witnesses:     make(map[uint64][]byte),
		checkpoints:   slices.Clone(m.checkpoints),
		nextPriority:  m.nextPriority,
		lastFinalized: m.lastFinalized,
		members:       m.Members(),
	}
	for i, r := range m.log {
		s.log[i] = *r
	}
	for n := m.unprovenFrom; n < uint64(len(m.log)); n++ {
		if m.log[n].WitnessBytes == 0 {
			continue
		}
		enc, err := m.encodedWitness(n)
		if err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		s.witnesses[n] = enc
	}
	return s, nil
}

// Snapshot format 3 moved witnesses out of the batch records (a length and
// the encoded witness, EncodeWitness, for each unproven batch). Format 2
// came with state root 2; formats 1 and 2 are refused.
const (
	snapshotMagic   = "BATONSN3"
	snapshotMagicV2 = "BATONSN2"
)

// WriteTo streams the snapshot in baton's binary format.
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	bw := &writer{w: bufio.NewWriterSize(w, 1<<16)}
	bw.bytes([]byte(snapshotMagic))
	bw.u64(s.cfg.ChainID)
	bw.u64(uint64(s.cfg.TreeDepth))
	bw.u64(uint64(s.cfg.FeeAccount))
	bw.u64(s.cfg.CheckpointInterval)
	bw.u64(uint64(s.cfg.MaxBatchTxs))
	bw.u64(s.nextPriority)
	bw.u64(s.lastFinalized)
	bw.u64(uint64(len(s.accounts)))
	for i := range s.accounts {
		writeAccount(bw, &s.accounts[i])
	}
	bw.u64(uint64(len(s.log)))
	for i := range s.log {
		writeRecord(bw, &s.log[i], s.witnesses[uint64(i)])
	}
	bw.u64(uint64(len(s.checkpoints)))
	for _, c := range s.checkpoints {
		bw.u64(c.Batch)
		bw.bytes(c.Root[:])
		bw.bytes(c.Header[:])
		bw.u64(c.Accounts)
	}
	ids := slices.Sorted(maps.Keys(s.members))
	bw.u64(uint64(len(ids)))
	for _, id := range ids {
		bw.u64(uint64(len(id)))
		bw.bytes([]byte(id))
		bw.u64(uint64(len(s.members[id])))
		bw.bytes([]byte(s.members[id]))
	}
	if bw.err == nil {
		bw.err = bw.w.Flush()
	}
	return bw.n, bw.err
}

func writeAccount(w *writer, a *Account) {
	w.bytes(a.PubKey[:])
	w.bytes(a.Owner[:])
	w.u64(a.Balance)
	w.u64(a.Nonce)
}

func writeRecord(w *writer, r *BatchRecord, witness []byte) {
	w.bytes(r.Header.encode(nil))
	w.u8(uint8(r.State))
	w.u64(r.RaftIndex)
	w.u64(r.RaftTerm)
	w.u64(uint64(r.Attempt))
	w.bytes(r.PostedRef[:])
	w.bytes(r.FinalizedRef[:])
	w.u64(uint64(len(r.Prover)))
	w.bytes([]byte(r.Prover))
	w.u64(uint64(len(r.Proof)))
	w.bytes(r.Proof)
	w.u64(uint64(len(r.Receipts)))
	for _, rc := range r.Receipts {
		w.u8(boolByte(rc.Failed))
		w.u64(uint64(len(rc.Reason)))
		w.bytes([]byte(rc.Reason))
		w.u64(uint64(rc.Account))
		w.u64(rc.Exit)
	}
	for _, h := range r.TxHashes {
		w.bytes(h[:])
	}
	w.u8(boolByte(r.Txs != nil))
	for i := range r.Txs {
		w.bytes(r.Txs[i].Encode(nil))
	}
	w.u64(uint64(len(witness)))
	w.bytes(witness)
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// Restore reads a snapshot written by WriteTo into a new machine. The
// snapshot's consensus parameters must equal cfg: a replica started with a
// different genesis must not silently adopt another chain's state. The
// witnesses go to an in-memory store.
func Restore(cfg Config, r io.Reader) (*Machine, error) {
	return RestoreWith(cfg, r, NewMemWitnessStore())
}

// RestoreWith is Restore with the restored witnesses Put into ws, which
// should hold nothing else: on error the caller discards it with the
// machine.
func RestoreWith(cfg Config, r io.Reader, ws WitnessStore) (*Machine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	sr := &streamReader{r: bufio.NewReaderSize(r, 1<<16)}
	switch magic := string(sr.bytes(len(snapshotMagic))); {
	case magic == snapshotMagicV2:
		return nil, fmt.Errorf("%w: snapshot format 2 (witnesses inside the batch records) is not readable by this release, which reads format 3: start this replica with an empty data dir so it takes a new snapshot from the leader", ErrMalformed)
	case magic != snapshotMagic:
		return nil, fmt.Errorf("%w: not a baton snapshot (format 3)", ErrMalformed)
	}
	got := Config{
		ChainID: sr.u64(), TreeDepth: int(sr.u64()), FeeAccount: uint32(sr.u64()),
		CheckpointInterval: sr.u64(), MaxBatchTxs: int(sr.u64()),
	}
	if sr.err != nil {
		return nil, sr.err
	}
	if got != cfg {
		return nil, fmt.Errorf("%w: snapshot parameters %+v differ from this replica's %+v", ErrMalformed, got, cfg)
	}
	m := newMachine(cfg, ws)
	m.nextPriority, m.lastFinalized = sr.u64(), sr.u64()
	n := sr.count(1 << cfg.TreeDepth)
	leaves := make([]Field, 0, min(n, 1<<20))
	for i := uint64(0); i < n && sr.err == nil; i++ {
		a := readAccount(sr)
		if err := a.derive(m.st.h); err != nil {
			return nil, fmt.Errorf("snapshot account %d: %w", i, err)
		}
		m.st.byKey[a.PubKey] = uint32(i)
		m.st.accounts = append(m.st.accounts, a)
		leaves = append(leaves, a.leaf(m.st.h))
	}
	m.st.tree.rebuild(leaves)
	m.st.refreshRoot()
	if err := m.readLog(sr); err != nil {
		return nil, err
	}
	n = sr.count(1 << 40)
	for i := uint64(0); i < n && sr.err == nil; i++ {
		var c Checkpoint
		c.Batch = sr.u64()
		copy(c.Root[:], sr.bytes(32))
		copy(c.Header[:], sr.bytes(32))
		c.Accounts = sr.u64()
		m.checkpoints = append(m.checkpoints, c)
	}
	n = sr.count(1 << 16)
	for i := uint64(0); i < n && sr.err == nil; i++ {
		id := string(sr.bytes(int(sr.count(MaxMemberLen))))
		m.members[id] = string(sr.bytes(int(sr.count(MaxMemberLen))))
	}
	if sr.err != nil {
		return nil, fmt.Errorf("read snapshot: %w", sr.err)
	}
	if _, err := sr.r.Peek(1); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing bytes after the snapshot", ErrMalformed)
	}
	if len(m.log) == 0 {
		return nil, fmt.Errorf("%w: snapshot has no genesis batch", ErrMalformed)
	}
	if int(cfg.FeeAccount) >= len(m.st.accounts) {
		return nil, fmt.Errorf("%w: snapshot lacks fee account %d", ErrMalformed, cfg.FeeAccount)
	}
	if head := m.Head(); rootHash(m.st.Root()) != head.PostRoot {
		return nil, fmt.Errorf("%w: snapshot accounts hash to %s, head batch %d says %s",
			ErrMalformed, rootHash(m.st.Root()), head.Number, head.PostRoot)
	}
	return m, nil
}

// readLog reads the batch records and stores the witnesses they carry.
// Exactly the batches not yet proven carry one, so the restored machine can
// hand every one of them to a prover.
func (m *Machine) readLog(sr *streamReader) error {
	n := sr.count(1 << 40)
	for i := uint64(0); i < n && sr.err == nil; i++ {
		rec, enc := readRecord(sr, m.cfg.TreeDepth)
		if sr.err != nil {
			break
		}
		if rec.Header.Number != i {
			return fmt.Errorf("%w: snapshot log entry %d holds batch %d", ErrMalformed, i, rec.Header.Number)
		}
		unproven := i > 0 && rec.State < StateProven
		switch {
		case unproven && len(enc) == 0:
			return fmt.Errorf("%w: snapshot batch %d is %s but carries no witness", ErrMalformed, i, rec.State)
		case !unproven && len(enc) > 0:
			return fmt.Errorf("%w: snapshot batch %d is %s but carries a witness", ErrMalformed, i, rec.State)
		case unproven:
			if _, err := DecodeWitness(enc, m.cfg.TreeDepth); err != nil {
				return fmt.Errorf("snapshot batch %d: %w", i, err)
			}
			m.putWitness(i, rec, enc)
		}
		for j, h := range rec.TxHashes {
			m.txLoc[h] = TxLocation{Batch: i, Pos: uint32(j)}
		}
		if i > 0 && rec.State >= StateProven {
			m.proven++
		}
		m.log = append(m.log, rec)
	}
	m.unprovenFrom = 1
	m.advanceUnproven()
	return nil
}

func readAccount(r *streamReader) Account {
	var a Account
	copy(a.PubKey[:], r.bytes(PubKeySize))
	copy(a.Owner[:], r.bytes(20))
	a.Balance, a.Nonce = r.u64(), r.u64()
	return a
}

func readRecord(r *streamReader, depth int) (*BatchRecord, []byte) {
	hr := reader{b: r.bytes(headerSize)}
	rec := &BatchRecord{Header: decodeHeader(&hr)}
	rec.Hash = rec.Header.Hash()
	rec.State = BatchState(r.u8())
	rec.RaftIndex, rec.RaftTerm = r.u64(), r.u64()
	rec.Attempt = uint32(r.u64())
	copy(rec.PostedRef[:], r.bytes(32))
	copy(rec.FinalizedRef[:], r.bytes(32))
	rec.Prover = string(r.bytes(int(r.count(MaxProverIDLen))))
	if p := r.bytes(int(r.count(MaxProofSize))); len(p) > 0 {
		rec.Proof = p
	}
	nr := r.count(HardMaxBatchTxs)
	for i := uint64(0); i < nr && r.err == nil; i++ {
		var rc Receipt
		rc.Failed = r.u8() == 1
		rc.Reason = string(r.bytes(int(r.count(1 << 12))))
		rc.Account = uint32(r.u64())
		rc.Exit = r.u64()
		rec.Receipts = append(rec.Receipts, rc)
	}
	if rec.Header.TxCount > HardMaxBatchTxs {
		r.fail(fmt.Errorf("%w: batch of %d operations", ErrTooLarge, rec.Header.TxCount))
		return rec, nil
	}
	rec.TxHashes = make([]TxHash, rec.Header.TxCount)
	for i := range rec.TxHashes {
		copy(rec.TxHashes[i][:], r.bytes(32))
	}
	if r.u8() == 1 {
		rec.Txs = make([]Tx, 0, rec.Header.TxCount)
		for range rec.Header.TxCount {
			kind := r.bytes(1)
			size := TxKind(kind[0]).EncodedSize()
			if size == 0 {
				r.fail(fmt.Errorf("%w: unknown transaction kind %d", ErrMalformed, kind[0]))
				return rec, nil
			}
			tx, err := DecodeTx(append(kind, r.bytes(size-1)...))
			if err != nil {
				r.fail(err)
				return rec, nil
			}
			rec.Txs = append(rec.Txs, tx)
		}
	}
	witness := r.bytes(int(r.count(uint64(maxWitnessSize(depth)))))
	return rec, witness
}

type writer struct {
	w   *bufio.Writer
	n   int64
	err error
	buf [8]byte
}

func (w *writer) bytes(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(b)
	w.n += int64(n)
	w.err = err
}
func (w *writer) u8(v uint8) { w.bytes([]byte{v}) }
func (w *writer) u64(v uint64) {
	binary.BigEndian.PutUint64(w.buf[:], v)
	w.bytes(w.buf[:])
}

// streamReader reads snapshot fields and keeps the first error, so a
// truncated or corrupt snapshot fails with one clear error.
type streamReader struct {
	r   *bufio.Reader
	err error
}

func (r *streamReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *streamReader) bytes(n int) []byte {
	b := make([]byte, n)
	if r.err != nil {
		return b
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w: snapshot truncated", ErrMalformed)
		}
		r.fail(err)
	}
	return b
}

func (r *streamReader) u8() uint8   { return r.bytes(1)[0] }
func (r *streamReader) u64() uint64 { return binary.BigEndian.Uint64(r.bytes(8)) }

// count reads a length and refuses one over limit before anything is
// allocated for it.
func (r *streamReader) count(limit uint64) uint64 {
	n := r.u64()
	if n > limit {
		r.fail(fmt.Errorf("%w: snapshot count %d over limit %d", ErrTooLarge, n, limit))
		return 0
	}
	return n
}
