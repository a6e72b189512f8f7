package contracts

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// TestDecodeCommitRoundTrip: commitBatch calldata reads back as packed,
// and other calldata is refused.
func TestDecodeCommitRoundTrip(t *testing.T) {
	r := &Rollup{abi: bindings.NewRollup()}
	root, pub := big.NewInt(12345), bytes.Repeat([]byte{7, 0, 9}, 61)
	c, err := r.decodeCommit(r.CommitCall(42, root, 16, pub))
	if err != nil || c.Number != 42 || c.PostRoot.Cmp(root) != 0 || c.Slots != 16 || !bytes.Equal(c.Pubdata, pub) {
		t.Fatalf("got %+v, %v", c, err)
	}
	var proof [8]*big.Int
	for i := range proof {
		proof[i] = big.NewInt(int64(i))
	}
	data := r.CommitCall(42, root, 16, pub)
	for name, d := range map[string][]byte{
		"proveBatch": r.ProveCall(1, proof, pub),
		"truncated":  data[:len(data)-40],
		"empty":      nil,
		"huge size":  r.CommitCall(42, root, 1<<40, pub),
	} {
		if _, err := r.decodeCommit(d); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}
