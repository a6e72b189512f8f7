package prover

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/consensys/gnark/backend/groth16"
)

// CPU proves with gnark's Groth16 prover on the CPU, on all cores: the
// first Backend, and the one every build has.
type CPU struct{ keys *Keys }

var _ Backend = (*CPU)(nil)

// NewCPU proves with k, which must have been loaded with its proving key.
func NewCPU(k *Keys) *CPU { return &CPU{keys: k} }

// Name is "cpu".
func (*CPU) Name() string { return "cpu" }

// KeyID is the keys' KeyID.
func (c *CPU) KeyID() string { return c.keys.KeyID() }

// Tag is the keys' Tag.
func (c *CPU) Tag() string { return c.keys.Tag() }

// Params is the keys' circuit.
func (c *CPU) Params() Params { return c.keys.Params }

// Prove runs gnark's prover to the end: it does not watch ctx (gnark's
// prover takes none), so a caller that must not wait runs it aside.
func (c *CPU) Prove(_ context.Context, b *Batch) ([]byte, PublicInputs, error) {
	k := c.keys
	if k.pk == nil {
		return nil, PublicInputs{}, errors.New("keys loaded without the proving key")
	}
	w, pi, err := k.witness(b)
	if err != nil {
		return nil, pi, err
	}
	proof, err := groth16.Prove(k.ccs, k.pk, w)
	if err != nil {
		// The assignment replayed the fsm's own execution, so an
		// unsatisfied constraint means the batch and the circuit disagree.
		return nil, pi, fmt.Errorf("%w: %v", ErrUnprovable, err)
	}
	var buf bytes.Buffer
	if _, err := proof.WriteRawTo(&buf); err != nil {
		return nil, pi, err
	}
	return buf.Bytes(), pi, nil
}

// Verify is the keys' native verification, which every backend shares.
func (c *CPU) Verify(proof []byte, pi PublicInputs) error { return c.keys.Verify(proof, pi) }
