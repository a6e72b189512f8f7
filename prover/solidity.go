package prover

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
)

// The L1 verifier (contracts/src/Groth16Verifier.sol) takes its key at
// deployment and proofs as words; these convert gnark's types into its
// layout. G2 coordinates go imaginary part first, as the EIP-197 pairing
// precompile reads them.

func fpInt(e fp.Element) *big.Int { return e.BigInt(new(big.Int)) }

func g1Words(p bn254.G1Affine) []*big.Int { return []*big.Int{fpInt(p.X), fpInt(p.Y)} }

func g2Words(p bn254.G2Affine) []*big.Int {
	return []*big.Int{fpInt(p.X.A1), fpInt(p.X.A0), fpInt(p.Y.A1), fpInt(p.Y.A0)}
}

// SolidityKey is the verifying key as Groth16Verifier's constructor takes
// it: alpha, beta, gamma, delta, IC0..IC3.
func (k *Keys) SolidityKey() ([22]*big.Int, error) {
	var out [22]*big.Int
	vk, ok := k.vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return out, errors.New("verifying key is not a BN254 Groth16 key")
	}
	if len(vk.G1.K) != 4 || len(vk.CommitmentKeys) != 0 {
		return out, fmt.Errorf("verifying key has %d public inputs and %d commitments; the L1 verifier takes 3 and none", len(vk.G1.K)-1, len(vk.CommitmentKeys))
	}
	words := g1Words(vk.G1.Alpha)
	words = append(words, g2Words(vk.G2.Beta)...)
	words = append(words, g2Words(vk.G2.Gamma)...)
	words = append(words, g2Words(vk.G2.Delta)...)
	for _, ic := range vk.G1.K {
		words = append(words, g1Words(ic)...)
	}
	copy(out[:], words)
	return out, nil
}

// SolidityProof decodes a proof (gnark's raw encoding, as results carry
// it) into the verifier's words: A, B, C.
func SolidityProof(proof []byte) ([8]*big.Int, error) {
	var out [8]*big.Int
	var p groth16bn254.Proof
	if _, err := p.ReadFrom(bytes.NewReader(proof)); err != nil {
		return out, fmt.Errorf("%w: %v", ErrBadProof, err)
	}
	if len(p.Commitments) != 0 {
		return out, fmt.Errorf("%w: proof carries commitments", ErrBadProof)
	}
	words := g1Words(p.Ar)
	words = append(words, g2Words(p.Bs)...)
	words = append(words, g1Words(p.Krs)...)
	copy(out[:], words)
	return out, nil
}

// Solidity returns the public inputs in the verifier's order.
func (pi PublicInputs) Solidity() [3]*big.Int {
	return [3]*big.Int{bi(pi.PreRoot), bi(pi.PostRoot), bi(pi.Commitment)}
}

// SolidityProof is the package function as a method, for cluster's
// ProofSystem.
func (k *Keys) SolidityProof(proof []byte) ([8]*big.Int, error) { return SolidityProof(proof) }

// ExportGnarkSolidity writes the verifier gnark generates for this key
// (the key baked in as constants). baton deploys Groth16Verifier instead;
// the L1 benchmark compares the two.
func (k *Keys) ExportGnarkSolidity(w io.Writer) error { return k.vk.ExportSolidity(w) }
