package prover

import (
	"github.com/consensys/gnark/frontend"
)

// SHA-256 over bits, built from plain R1CS constraints: booleans, products
// and bit decompositions. gnark's std/hash/sha2 is cheaper per block but
// uses lookup tables, which put a BSB22 commitment into the Groth16 proof;
// that adds a Pedersen check to every L1 verification and needs the
// Solidity-target prover options. Without it the proof stays plain Groth16
// with three public inputs (see DESIGN.md for the measured share).
//
// A word is 32 variables, each 0 or 1, least significant bit first.
type word [32]frontend.Variable

var sha256K = [64]uint32{
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

var sha256IV = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

type sha256Gadget struct{ api frontend.API }

// sha256Bits hashes msg, given as bits in the order SHA-256 reads them
// (bytes in order, each byte most significant bit first), and returns the
// 256 digest bits in the same order. msg must be bits already: the caller
// took them from a decomposition that constrained them.
func sha256Bits(api frontend.API, msg []frontend.Variable) []frontend.Variable {
	g := sha256Gadget{api}
	// Padding depends only on the length, which the circuit fixes.
	n := len(msg)
	padded := append([]frontend.Variable(nil), msg...)
	padded = append(padded, 1)
	for len(padded)%512 != 448 {
		padded = append(padded, 0)
	}
	for i := 63; i >= 0; i-- {
		padded = append(padded, (uint64(n)>>uint(i))&1)
	}
	var h [8]word
	for i, v := range sha256IV {
		h[i] = constWord(v)
	}
	for b := 0; b < len(padded); b += 512 {
		h = g.compress(h, padded[b:b+512])
	}
	out := make([]frontend.Variable, 0, 256)
	for _, w := range h {
		for i := 31; i >= 0; i-- {
			out = append(out, w[i])
		}
	}
	return out
}

func constWord(v uint32) word {
	var w word
	for i := range w {
		w[i] = (v >> uint(i)) & 1
	}
	return w
}

func (g sha256Gadget) compress(h [8]word, block []frontend.Variable) [8]word {
	var w [64]word
	for j := 0; j < 16; j++ {
		for i := 0; i < 32; i++ {
			w[j][i] = block[32*j+31-i]
		}
	}
	for t := 16; t < 64; t++ {
		s0 := g.xor3(rotr(w[t-15], 7), rotr(w[t-15], 18), shr(w[t-15], 3))
		s1 := g.xor3(rotr(w[t-2], 17), rotr(w[t-2], 19), shr(w[t-2], 10))
		w[t] = g.add(0, w[t-16], s0, w[t-7], s1)
	}
	a, b, c, d, e, f, gg, hh := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
	for t := 0; t < 64; t++ {
		s1 := g.xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25))
		ch := g.ch(e, f, gg)
		s0 := g.xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22))
		maj := g.maj(a, b, c)
		// T1 = h + Σ1 + Ch + K + W is shared by both new words; summing it
		// into each as a linear combination costs nothing, and each new
		// word then needs one decomposition instead of two.
		t1 := []word{hh, s1, ch, w[t]}
		newE := g.add(sha256K[t], append(t1, d)...)
		newA := g.add(sha256K[t], append(t1, s0, maj)...)
		hh, gg, f, e, d, c, b, a = gg, f, e, newE, c, b, a, newA
	}
	return [8]word{
		g.add(0, h[0], a), g.add(0, h[1], b), g.add(0, h[2], c), g.add(0, h[3], d),
		g.add(0, h[4], e), g.add(0, h[5], f), g.add(0, h[6], gg), g.add(0, h[7], hh),
	}
}

func rotr(w word, n int) word {
	var out word
	for i := range out {
		out[i] = w[(i+n)%32]
	}
	return out
}

func shr(w word, n int) word {
	var out word
	for i := range out {
		if i+n < 32 {
			out[i] = w[i+n]
		} else {
			out[i] = 0
		}
	}
	return out
}

// xor2 of two bits: a + b - 2ab, one constraint (none if either is a
// constant).
func (g sha256Gadget) xor2(a, b frontend.Variable) frontend.Variable {
	return g.api.Sub(g.api.Add(a, b), g.api.Mul(2, g.api.Mul(a, b)))
}

func (g sha256Gadget) xor3(x, y, z word) word {
	var out word
	for i := range out {
		out[i] = g.xor2(g.xor2(x[i], y[i]), z[i])
	}
	return out
}

// ch is e ? f : g per bit: g + e(f - g), one constraint.
func (g sha256Gadget) ch(e, f, gw word) word {
	var out word
	for i := range out {
		out[i] = g.api.Add(gw[i], g.api.Mul(e[i], g.api.Sub(f[i], gw[i])))
	}
	return out
}

// maj per bit: bc + a(b + c - 2bc), two constraints.
func (g sha256Gadget) maj(a, b, c word) word {
	var out word
	for i := range out {
		bc := g.api.Mul(b[i], c[i])
		out[i] = g.api.Add(bc, g.api.Mul(a[i], g.api.Sub(g.api.Add(b[i], c[i]), g.api.Mul(2, bc))))
	}
	return out
}

// add returns the sum of the words and k modulo 2^32: the sum is a linear
// combination of their bits, decomposed once into enough bits to hold it,
// of which the low 32 are kept.
func (g sha256Gadget) add(k uint32, ws ...word) word {
	terms := make([]frontend.Variable, 0, 32*len(ws)+1)
	terms = append(terms, k)
	for _, w := range ws {
		for i, bit := range w {
			terms = append(terms, g.api.Mul(bit, uint64(1)<<uint(i)))
		}
	}
	sum := g.api.Add(terms[0], terms[1], terms[2:]...)
	carry := 0
	for (1 << carry) < len(ws)+1 {
		carry++
	}
	bits := g.api.ToBinary(sum, 32+carry)
	var out word
	copy(out[:], bits[:32])
	return out
}
