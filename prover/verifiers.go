package prover

import (
	"fmt"
	"log/slog"
	"math/big"

	"github.com/baton-rollup/baton/fsm"
)

// Verifiers are the verifying keys of every circuit size of a chain: what
// the leader needs to route each batch's job to the circuit that proves it
// and to check the proof that comes back. They load without proving keys
// and without compiling a circuit (see LoadVerifier).
type Verifiers struct {
	sizes fsm.Sizes
	keys  map[int]*Keys
}

// NewVerifiers serves the sizes with keys, one per size (each Keys's
// BatchSize names its size).
func NewVerifiers(sizes fsm.Sizes, keys ...*Keys) (*Verifiers, error) {
	v := &Verifiers{sizes: sizes, keys: make(map[int]*Keys, len(keys))}
	for _, k := range keys {
		v.keys[k.BatchSize()] = k
	}
	for _, n := range sizes {
		if v.keys[n] == nil {
			return nil, fmt.Errorf("no keys for circuit size %d", n)
		}
	}
	return v, nil
}

// LoadVerifiers loads the verifying key of each of sizes for a chain of
// cfg from keysDir. Where several key directories matched a size, log
// (nil: none) says which was taken.
func LoadVerifiers(keysDir string, cfg fsm.Config, sizes fsm.Sizes, log *slog.Logger) (*Verifiers, error) {
	keys := make([]*Keys, 0, len(sizes))
	for _, n := range sizes {
		k, err := LoadVerifier(keysDir, ParamsFor(cfg, n))
		if err != nil {
			return nil, err
		}
		if k.Note != "" && log != nil {
			log.Warn("verifying key chosen among several setups", "slots", n, "note", k.Note)
		}
		keys = append(keys, k)
	}
	return NewVerifiers(sizes, keys...)
}

// Sizes are the circuit sizes served.
func (v *Verifiers) Sizes() fsm.Sizes { return v.sizes }

// Keys are the keys of circuit size n (nil if none).
func (v *Verifiers) Keys(n int) *Keys { return v.keys[n] }

// All are every size's keys, smallest first.
func (v *Verifiers) All() []*Keys {
	out := make([]*Keys, len(v.sizes))
	for i, n := range v.sizes {
		out[i] = v.keys[n]
	}
	return out
}

// For are the keys of the circuit that proves rec: the smallest size that
// holds its operations.
func (v *Verifiers) For(rec *fsm.BatchRecord) (*Keys, error) {
	n, err := v.sizes.For(rec.Txs)
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", rec.Header.Number, err)
	}
	return v.keys[n], nil
}

// Circuit names the circuit that proves rec: its tag in job subjects and
// the key id its jobs and proofs carry.
func (v *Verifiers) Circuit(rec *fsm.BatchRecord) (tag, keyID string, err error) {
	k, err := v.For(rec)
	if err != nil {
		return "", "", err
	}
	return k.Tag(), k.KeyID(), nil
}

// Tags are every size's tag, smallest first.
func (v *Verifiers) Tags() []string {
	var out []string
	for _, k := range v.All() {
		out = append(out, k.Tag())
	}
	return out
}

// JobInput encodes an unproven batch record and its witness for provers.
func (v *Verifiers) JobInput(rec *fsm.BatchRecord, w *fsm.Witness) ([]byte, error) {
	b, err := BatchFromRecord(rec, w)
	if err != nil {
		return nil, err
	}
	return EncodeBatch(b)
}

// VerifyBatch checks proof for rec with the key of the circuit that
// proves it.
func (v *Verifiers) VerifyBatch(rec *fsm.BatchRecord, proof []byte) error {
	k, err := v.For(rec)
	if err != nil {
		return err
	}
	return k.VerifyBatch(rec, proof)
}

// SolidityProof turns a proof into the L1 verifier's words.
func (v *Verifiers) SolidityProof(proof []byte) ([8]*big.Int, error) { return SolidityProof(proof) }
