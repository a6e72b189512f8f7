package fsm

import (
	"encoding/binary"
	"fmt"
	"sync"
)

// WitnessStore keeps the encoded witness of each unproven batch outside the
// replicated state, so that a proving lag costs disk, not RAM. The machine
// Puts a witness when its batch is appended, Gets it for a prover or a
// snapshot, and Deletes it once the batch is proven (or finalized).
//
// Put and Delete come from Apply, under the caller's write lock; Get may run
// from several readers at once under the read lock, so Get must be safe
// beside other Gets. The bytes handed to Put and returned by Get are never
// modified by the machine, nor may the store modify them.
//
// A store is not part of the replicated state: a failed Put or Delete never
// changes what Apply does (see Machine.WitnessStoreFaults).
type WitnessStore interface {
	Put(batch uint64, enc []byte) error
	Get(batch uint64) ([]byte, error)
	Delete(batch uint64) error
}

// MemWitnessStore is the default WitnessStore: a map in memory. It is what
// New and Restore use, so a machine without a store behaves as when
// witnesses lived in the batch records.
type MemWitnessStore struct {
	mu sync.RWMutex
	m  map[uint64][]byte
}

var _ WitnessStore = (*MemWitnessStore)(nil)

// NewMemWitnessStore returns an empty in-memory store.
func NewMemWitnessStore() *MemWitnessStore { return &MemWitnessStore{m: make(map[uint64][]byte)} }

// Put keeps enc for batch.
func (s *MemWitnessStore) Put(batch uint64, enc []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[batch] = enc
	return nil
}

// Get returns what Put kept for batch.
func (s *MemWitnessStore) Get(batch uint64) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	enc, ok := s.m[batch]
	if !ok {
		return nil, fmt.Errorf("%w: batch %d not in the store", ErrNoWitness, batch)
	}
	return enc, nil
}

// Delete forgets batch (a no-op if it is not there).
func (s *MemWitnessStore) Delete(batch uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, batch)
	return nil
}

// Len is the number of witnesses held.
func (s *MemWitnessStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

// witnessAccountSize and witnessNodeSize are the encoded sizes of one
// WitnessAccount and one WitnessNode.
const (
	witnessAccountSize = 8 + 1 + PubKeySize + 20 + 8 + 8
	witnessNodeSize    = 1 + 8 + 32
)

// maxWitnessAccounts bounds the accounts of one witness: each operation
// touches at most two, plus the fee account.
const maxWitnessAccounts = 2*HardMaxBatchTxs + 1

// maxWitnessSize bounds an encoded witness for a tree of depth levels: what
// a decoder may accept before it allocates.
func maxWitnessSize(depth int) int {
	return 32 + 8 + 8 + maxWitnessAccounts*witnessAccountSize + 8 + depth*maxWitnessAccounts*witnessNodeSize
}

// EncodeWitness is the witness's compact binary form, as the store and the
// snapshot keep it: the pre-state root, the account count, the accounts
// (index, exists, key, owner, balance, nonce) and the nodes (level, index,
// value), counts first, integers big-endian. The encoding is deterministic:
// its length is part of the replicated record (BatchRecord.WitnessBytes).
func EncodeWitness(w *Witness) []byte {
	b := make([]byte, 0, 32+8+8+len(w.Accounts)*witnessAccountSize+8+len(w.Nodes)*witnessNodeSize)
	b = append(b, w.PreRoot[:]...)
	b = binary.BigEndian.AppendUint64(b, w.Count)
	b = binary.BigEndian.AppendUint64(b, uint64(len(w.Accounts)))
	for _, a := range w.Accounts {
		b = binary.BigEndian.AppendUint64(b, uint64(a.Index))
		b = append(b, boolByte(a.Exists))
		b = append(b, a.Account.PubKey[:]...)
		b = append(b, a.Account.Owner[:]...)
		b = binary.BigEndian.AppendUint64(b, a.Account.Balance)
		b = binary.BigEndian.AppendUint64(b, a.Account.Nonce)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(len(w.Nodes)))
	for _, n := range w.Nodes {
		b = append(b, n.Level)
		b = binary.BigEndian.AppendUint64(b, n.Index)
		v := n.Value.Bytes()
		b = append(b, v[:]...)
	}
	return b
}

// DecodeWitness is the inverse of EncodeWitness for a tree of depth levels.
// It checks the form (counts, canonical field elements, no trailing bytes),
// not that the witness hashes to its root: PartialTree does that.
func DecodeWitness(b []byte, depth int) (*Witness, error) {
	r := &reader{b: b}
	w := &Witness{}
	r.copy(w.PreRoot[:])
	w.Count = r.u64()
	na := r.u64()
	if na > maxWitnessAccounts || na*witnessAccountSize > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: witness of %d accounts in %d bytes", ErrMalformed, na, len(b))
	}
	w.Accounts = make([]WitnessAccount, na)
	for i := range w.Accounts {
		a := &w.Accounts[i]
		idx := r.u64()
		if idx > 1<<32-1 {
			return nil, fmt.Errorf("%w: witness account index %d", ErrMalformed, idx)
		}
		a.Index = uint32(idx)
		a.Exists = r.u8() == 1
		r.copy(a.Account.PubKey[:])
		r.copy(a.Account.Owner[:])
		a.Account.Balance, a.Account.Nonce = r.u64(), r.u64()
	}
	nn := r.u64()
	if nn > uint64(depth)*maxWitnessAccounts || nn*witnessNodeSize > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: witness of %d nodes in %d bytes", ErrMalformed, nn, len(b))
	}
	w.Nodes = make([]WitnessNode, nn)
	for i := range w.Nodes {
		n := &w.Nodes[i]
		n.Level = r.u8()
		n.Index = r.u64()
		if err := n.Value.SetBytesCanonical(r.take(32)); err != nil && r.err == nil {
			return nil, fmt.Errorf("%w: witness node %d: %v", ErrMalformed, i, err)
		}
	}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	return w, nil
}

// Witness decodes batch n's witness from the store. A batch already proven
// or finalized has none (ErrNoWitness); nor has one the store lost.
func (m *Machine) Witness(n uint64) (*Witness, error) {
	r, err := m.record(n)
	if err != nil {
		return nil, err
	}
	if r.WitnessBytes == 0 {
		return nil, fmt.Errorf("%w: batch %d is %s, its witness was pruned", ErrNoWitness, n, r.State)
	}
	enc, err := m.encodedWitness(n)
	if err != nil {
		return nil, err
	}
	w, err := DecodeWitness(enc, m.cfg.TreeDepth)
	if err != nil {
		return nil, fmt.Errorf("batch %d: stored %w", n, err)
	}
	return w, nil
}

// UnprovenWitnessBytes is the size of the encoded witnesses of every batch
// not yet proven: what the store holds for this log. It is kept as batches
// come and go, so reading it is O(1).
func (m *Machine) UnprovenWitnessBytes() uint64 { return m.witnessBytes }

// OldestUnproven is the header of the lowest-numbered batch not yet proven;
// false when every batch is. Its Timestamp dates the proving lag.
func (m *Machine) OldestUnproven() (Header, bool) {
	if m.unprovenFrom >= uint64(len(m.log)) {
		return Header{}, false
	}
	return m.log[m.unprovenFrom].Header, true
}

// WitnessStoreFaults counts the store's failed Puts and Deletes since this
// machine was made. A failed Put leaves the witness in memory instead, so a
// rising count means memory is no longer bounded by the store.
func (m *Machine) WitnessStoreFaults() uint64 { return m.faults }
