package fsm

import "fmt"

// batchLog is the batch log and each batch's pipeline state: the records,
// the counters that summarise them, and where the witnesses of unproven
// batches are kept. Machine embeds it; the state transitions below are the
// ones Apply runs for the pipeline commands.
type batchLog struct {
	log           []*BatchRecord // log[n] is batch n; log[0] is genesis
	lastFinalized uint64
	// proven counts batches with a recorded proof (finalized included).
	proven uint64
	// unprovenFrom is the lowest batch not yet proven, len(log) when every
	// batch is. States only advance, so it only moves up: keeping it costs
	// O(1) amortized per proof.
	unprovenFrom uint64
	// witnessBytes is the sum of WitnessBytes over the records: the encoded
	// witnesses of the batches not yet proven.
	witnessBytes uint64
	// ws holds the encoded witnesses; fallback those whose Put failed, so
	// a disk fault never loses one (it costs memory instead).
	ws       WitnessStore
	fallback map[uint64][]byte
	// faults counts failed Puts and Deletes.
	faults uint64
}

// putWitness stores batch n's encoded witness and accounts for it in rec.
// It cannot fail: Apply must do the same on every replica whatever their
// disks do, so a store that refuses enc leaves it in memory.
func (m *batchLog) putWitness(n uint64, rec *BatchRecord, enc []byte) {
	rec.WitnessBytes = uint32(len(enc))
	m.witnessBytes += uint64(len(enc))
	if err := m.ws.Put(n, enc); err != nil {
		m.faults++
		m.fallback[n] = enc
	}
}

// pruneWitness drops batch n's witness once it is proven or finalized, and
// moves unprovenFrom past every batch that no longer needs a prover.
func (m *batchLog) pruneWitness(n uint64, r *BatchRecord) {
	if r.WitnessBytes > 0 {
		m.witnessBytes -= uint64(r.WitnessBytes)
		r.WitnessBytes = 0
		if _, ok := m.fallback[n]; ok {
			delete(m.fallback, n)
		} else if err := m.ws.Delete(n); err != nil {
			// A file left behind costs disk until the store is next
			// cleared (a restart or a restore), never correctness.
			m.faults++
		}
	}
	m.advanceUnproven()
}

func (m *batchLog) advanceUnproven() {
	for m.unprovenFrom < uint64(len(m.log)) && m.log[m.unprovenFrom].State >= StateProven {
		m.unprovenFrom++
	}
}

// encodedWitness is batch n's witness as the store keeps it.
func (m *batchLog) encodedWitness(n uint64) ([]byte, error) {
	if enc, ok := m.fallback[n]; ok {
		return enc, nil
	}
	enc, err := m.ws.Get(n)
	if err != nil {
		return nil, fmt.Errorf("%w: batch %d: %w", ErrNoWitness, n, err)
	}
	return enc, nil
}

func (m *batchLog) record(n uint64) (*BatchRecord, error) {
	if n == 0 || n >= uint64(len(m.log)) {
		return nil, fmt.Errorf("%w: %d (log ends at %d)", ErrUnknownBatch, n, len(m.log)-1)
	}
	return m.log[n], nil
}

// The record functions report whether the batch advanced (Result.Advanced).

func (m *batchLog) recordPosted(n uint64, ref Hash) (bool, error) {
	r, err := m.record(n)
	if err != nil {
		return false, err
	}
	// Posting and proving run in parallel: a batch may be proven before
	// its data lands on L1, so the reference is kept whatever the state.
	first := r.PostedRef == (Hash{})
	if first {
		r.PostedRef = ref
	}
	if r.State == StateSequenced {
		r.State = StatePosted
	}
	return first, nil
}

func (m *batchLog) recordJob(n uint64, attempt uint32) (bool, error) {
	r, err := m.record(n)
	if err != nil {
		return false, err
	}
	r.Attempt = max(r.Attempt, attempt)
	if r.State < StateProving {
		r.State = StateProving
		return true, nil
	}
	return false, nil
}

func (m *batchLog) recordProof(n uint64, prover string, proof []byte) (bool, error) {
	r, err := m.record(n)
	if err != nil {
		return false, err
	}
	if len(proof) == 0 {
		return false, fmt.Errorf("%w: empty proof", ErrMalformed)
	}
	if r.State >= StateProven {
		return false, nil
	}
	r.State, r.Prover, r.Proof = StateProven, prover, proof
	m.proven++
	m.pruneWitness(n, r)
	return true, nil
}

func (m *batchLog) markFinalized(n uint64, ref Hash) (bool, error) {
	r, err := m.record(n)
	if err != nil {
		return false, err
	}
	switch {
	case r.State == StateFinalized:
		return false, nil
	case r.PostedRef == (Hash{}):
		// L1 can only finalize data it was given.
		return false, fmt.Errorf("%w: batch %d was never posted", ErrBadTransition, n)
	case n != m.lastFinalized+1:
		return false, fmt.Errorf("%w: batch %d finalized before batch %d", ErrBadTransition, n, m.lastFinalized+1)
	}
	r.State, r.FinalizedRef, r.Txs = StateFinalized, ref, nil
	m.lastFinalized = n
	m.pruneWitness(n, r)
	return true, nil
}
