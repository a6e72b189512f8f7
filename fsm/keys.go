package fsm

import (
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
)

// Sizes of keys and signatures on BN254's twisted Edwards curve (compressed
// point, big-endian scalar).
const (
	PubKeySize = 32
	SigSize    = 64
)

// PubKey is a compressed EdDSA public key on BN254's twisted Edwards curve.
type PubKey [PubKeySize]byte

// Signature is an EdDSA signature (compressed R, then S).
type Signature [SigSize]byte

// PrivateKey signs transactions. It wraps gnark-crypto's key so that callers
// never choose the hash: it is always Poseidon2, the one the circuit uses.
type PrivateKey struct{ k *eddsa.PrivateKey }

// GenerateKey draws a key from r. A deterministic r gives a deterministic key,
// which devnet genesis files rely on.
func GenerateKey(r io.Reader) (PrivateKey, error) {
	k, err := eddsa.GenerateKey(r)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("generate eddsa key: %w", err)
	}
	return PrivateKey{k: k}, nil
}

// PrivateKeyFromBytes parses the encoding produced by Bytes.
func PrivateKeyFromBytes(b []byte) (PrivateKey, error) {
	var k eddsa.PrivateKey
	if _, err := k.SetBytes(b); err != nil {
		return PrivateKey{}, fmt.Errorf("parse private key: %w", err)
	}
	return PrivateKey{k: &k}, nil
}

// Bytes encodes the key (public key, scalar, randomness source).
func (k PrivateKey) Bytes() []byte { return k.k.Bytes() }

// Public returns the compressed public key.
func (k PrivateKey) Public() PubKey {
	var p PubKey
	copy(p[:], k.k.PublicKey.Bytes())
	return p
}

// signField signs one field element (the Poseidon2 digest of a transaction).
func (k PrivateKey) signField(msg Field) (Signature, error) {
	b := msg.Bytes()
	raw, err := k.k.Sign(b[:], poseidon2.NewMerkleDamgardHasher())
	if err != nil {
		return Signature{}, fmt.Errorf("sign: %w", err)
	}
	var s Signature
	copy(s[:], raw)
	return s, nil
}

// ErrBadPubKey reports bytes that are not a point on the curve.
var ErrBadPubKey = errors.New("public key is not a valid curve point")

// point decodes and validates the key.
func (p PubKey) point() (*eddsa.PublicKey, error) {
	var pk eddsa.PublicKey
	if _, err := pk.SetBytes(p[:]); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPubKey, err)
	}
	if !pk.A.IsOnCurve() {
		return nil, ErrBadPubKey
	}
	// SetBytes reduces y and ignores a sign bit it does not need, so
	// several encodings decode to one point; only the canonical one is a
	// key. The circuit recomputes the encoding from the point, so a batch
	// holding another one could never be proven.
	if pk.A.Bytes() != p {
		return nil, fmt.Errorf("%w: not the canonical encoding of its point", ErrBadPubKey)
	}
	return &pk, nil
}

// Coords returns the key's affine coordinates, which the account leaf and
// the circuit use.
func (p PubKey) Coords() (x, y Field, err error) {
	pk, err := p.point()
	if err != nil {
		return x, y, err
	}
	return pk.A.X, pk.A.Y, nil
}

// verifyField checks sig over one field element.
func (p PubKey) verifyField(sig Signature, msg Field) bool {
	pk, err := p.point()
	if err != nil {
		return false
	}
	return verifyPoint(pk, sig, msg)
}

func verifyPoint(pk *eddsa.PublicKey, sig Signature, msg Field) bool {
	b := msg.Bytes()
	ok, err := pk.Verify(sig[:], b[:], poseidon2.NewMerkleDamgardHasher())
	return err == nil && ok
}
