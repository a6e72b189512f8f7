package fsm

import (
	"encoding/binary"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Field is an element of BN254's scalar field, the field the prover's circuit
// computes in. Every hash that the circuit recomputes (Merkle nodes, leaves,
// signed messages) is a Field, so that what the sequencer checks is exactly
// what the circuit proves.
type Field = fr.Element

// hasher wraps the Poseidon2 permutation (width 2, gnark-crypto's default
// parameters). It is not safe for concurrent use; each State owns one.
type hasher struct {
	perm *poseidon2.Permutation
	buf  [2]Field
}

func newHasher() *hasher { return &hasher{perm: poseidon2.NewDefaultPermutation()} }

// compress is Poseidon2's 2-to-1 compression: permute (l, r) and feed r
// forward. It equals gnark-crypto's Permutation.Compress and the circuit's
// poseidon2 Compress, without the byte round trip.
func (h *hasher) compress(l, r *Field) Field {
	h.buf[0], h.buf[1] = *l, *r
	// Width 2 is what the permutation was built with, so this cannot fail.
	_ = h.perm.Permutation(h.buf[:])
	var out Field
	out.Add(&h.buf[1], r)
	return out
}

// md hashes a sequence of field elements with the Merkle–Damgård
// construction over compress and a zero IV, as gnark-crypto's
// poseidon2.NewMerkleDamgardHasher and gnark's in-circuit hasher do.
func (h *hasher) md(xs ...Field) Field {
	var state Field
	for i := range xs {
		state = h.compress(&state, &xs[i])
	}
	return state
}

// fieldFromUint64s packs words, most significant first, into one element:
// x = w0·2^(64(n-1)) + ... + w(n-1). At most three words keep x below the
// field modulus (2^192 < r), so the packing is injective.
func fieldFromUint64s(ws ...uint64) Field {
	if len(ws) > 3 {
		panic("fsm: packing more than 192 bits into a field element")
	}
	var b [32]byte
	for i, w := range ws {
		binary.BigEndian.PutUint64(b[32-8*(len(ws)-i):], w)
	}
	var f Field
	f.SetBytes(b[:])
	return f
}

// fieldFromBytes reads up to 31 big-endian bytes (an L1 address, a packed
// header) as an element; 31 bytes are always below the modulus.
func fieldFromBytes(b []byte) Field {
	if len(b) > 31 {
		panic("fsm: more than 31 bytes into a field element")
	}
	var f Field
	f.SetBigInt(new(big.Int).SetBytes(b))
	return f
}
