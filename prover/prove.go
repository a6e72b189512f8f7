package prover

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/frontend"

	"github.com/baton-rollup/baton/fsm"
)

func bufioReader(r io.Reader) io.Reader { return bufio.NewReaderSize(r, 1<<20) }

// ErrBadProof is a proof that does not verify for the batch's public inputs.
var ErrBadProof = errors.New("proof does not verify")

// Prove proves batch b on the CPU (see CPU.Prove): the bare prove that
// benches and tests time and use.
func (k *Keys) Prove(b *Batch) ([]byte, PublicInputs, error) {
	return NewCPU(k).Prove(context.Background(), b)
}

// witness assigns b to the circuit: the full witness any backend proves,
// and its public inputs.
func (k *Keys) witness(b *Batch) (witness.Witness, PublicInputs, error) {
	assignment, pi, err := assignWithPublic(k.Params, b)
	if err != nil {
		return nil, pi, err
	}
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, pi, fmt.Errorf("%w: witness: %v", ErrUnprovable, err)
	}
	return w, pi, nil
}

// Verify checks a proof against public inputs, natively, with the same
// verifying key the L1 verifier is made from.
func (k *Keys) Verify(proof []byte, pi PublicInputs) error {
	p := groth16.NewProof(ecc.BN254)
	n, err := p.ReadFrom(bytes.NewReader(proof))
	if err != nil || int(n) != len(proof) {
		return fmt.Errorf("%w: malformed proof (%d bytes): %v", ErrBadProof, len(proof), err)
	}
	pub := &Circuit{PreRoot: bi(pi.PreRoot), PostRoot: bi(pi.PostRoot), Commitment: bi(pi.Commitment)}
	w, err := frontend.NewWitness(pub, ecc.BN254.ScalarField(), frontend.PublicOnly())
	if err != nil {
		return err
	}
	if err := groth16.Verify(p, k.vk, w); err != nil {
		return fmt.Errorf("%w: %v", ErrBadProof, err)
	}
	return nil
}

// Tag names the jobs these keys can prove in subjects and consumer names:
// the circuit's size and a short key id. A prover with other keys (another
// setup of the same circuit) then never receives them, rather than
// handing each back and spending its deliveries.
func (k *Keys) Tag() string { return k.Params.Tag() + "-" + k.ID[:8] + k.vkID[:8] }

// BatchSize is the circuit's number of operation slots.
func (k *Keys) BatchSize() int { return k.Params.BatchSize }

// VerifyBatch checks proof against the public inputs of a batch record:
// its roots and the commitment to its operations as the log holds them.
func (k *Keys) VerifyBatch(rec *fsm.BatchRecord, proof []byte) error {
	if rec.Txs == nil {
		return fmt.Errorf("batch %d: operations already pruned", rec.Header.Number)
	}
	pi, err := Public(k.Params, &Batch{Number: rec.Header.Number, PreRoot: rec.Header.PreRoot, PostRoot: rec.Header.PostRoot,
		Txs: rec.Txs, Receipts: rec.Receipts})
	if err != nil {
		return err
	}
	return k.Verify(proof, pi)
}
