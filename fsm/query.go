package fsm

// Read-only views for the API, the batcher and tests. They return copies, so
// callers may keep them after releasing the lock that guards the Machine.

// Account returns account i, if it exists.
func (m *Machine) Account(i uint32) (Account, bool) {
	if int(i) >= len(m.st.accounts) {
		return Account{}, false
	}
	return m.st.accounts[i], true
}

// AccountByKey finds the account holding a public key.
func (m *Machine) AccountByKey(pub PubKey) (uint32, bool) {
	i, ok := m.st.byKey[pub]
	return i, ok
}

// NumAccounts is the number of accounts.
func (m *Machine) NumAccounts() int { return len(m.st.accounts) }

// Root is the current state root.
func (m *Machine) Root() Hash { return rootHash(m.st.Root()) }

// Batch returns a copy of batch n's record (0 is genesis).
func (m *Machine) Batch(n uint64) (BatchRecord, bool) {
	if n >= uint64(len(m.log)) {
		return BatchRecord{}, false
	}
	return *m.log[n], true
}

// TxLocation finds a committed transaction.
func (m *Machine) TxLocation(h TxHash) (TxLocation, bool) {
	l, ok := m.txLoc[h]
	return l, ok
}

// NextPriority is the queue index the next priority operation must carry.
func (m *Machine) NextPriority() uint64 { return m.nextPriority }

// LastFinalized is the highest finalized batch (0 before any).
func (m *Machine) LastFinalized() uint64 { return m.lastFinalized }

// Checkpoints lists the checkpoints so far.
func (m *Machine) Checkpoints() []Checkpoint { return append([]Checkpoint(nil), m.checkpoints...) }

// Unfinished lists the batches not yet finalized, oldest first: what a new
// leader resumes (re-publishing jobs, re-posting data, re-submitting proofs).
func (m *Machine) Unfinished() []uint64 {
	var out []uint64
	for n := m.lastFinalized + 1; n < uint64(len(m.log)); n++ {
		out = append(out, n)
	}
	return out
}

// Members maps Raft server ids to API addresses.
func (m *Machine) Members() map[string]string {
	out := make(map[string]string, len(m.members))
	for k, v := range m.members {
		out[k] = v
	}
	return out
}

// Proven is the number of batches with a recorded proof.
func (m *Machine) Proven() uint64 { return m.proven }

// LastPosted is the highest batch whose data L1 has (0 before any). L1
// takes batches strictly in order, so every batch below it is posted too.
func (m *Machine) LastPosted() uint64 {
	for n := uint64(len(m.log)) - 1; n > m.lastFinalized; n-- {
		if m.log[n].PostedRef != (Hash{}) {
			return n
		}
	}
	return m.lastFinalized
}

// ProvenThrough is the highest batch such that it and every batch before
// it have a recorded proof: nothing at or below it needs a prover again.
func (m *Machine) ProvenThrough() uint64 {
	n := m.lastFinalized
	for n+1 < uint64(len(m.log)) && m.log[n+1].State >= StateProven {
		n++
	}
	return n
}
