package prover

import (
	"crypto/sha256"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"
)

type shaCircuit struct {
	Msg    []frontend.Variable
	Digest [256]frontend.Variable `gnark:",public"`
}

func (c *shaCircuit) Define(api frontend.API) error {
	for _, b := range c.Msg {
		api.AssertIsBoolean(b)
	}
	got := sha256Bits(api, c.Msg)
	for i := range got {
		api.AssertIsEqual(got[i], c.Digest[i])
	}
	return nil
}

func bytesToBits(b []byte) []frontend.Variable {
	out := make([]frontend.Variable, 0, 8*len(b))
	for _, x := range b {
		for i := 7; i >= 0; i-- {
			out = append(out, (x>>uint(i))&1)
		}
	}
	return out
}

// TestSHA256MatchesStdlib: the gadget computes crypto/sha256 across the
// padding edge cases (a block boundary, 55/56 bytes, several blocks), and a
// wrong digest is not a solution.
func TestSHA256MatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 3, 55, 56, 64, 122} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(r.Uint32())
		}
		d := sha256.Sum256(msg)
		var digest [256]frontend.Variable
		copy(digest[:], bytesToBits(d[:]))
		circuit := &shaCircuit{Msg: make([]frontend.Variable, 8*n)}
		good := &shaCircuit{Msg: bytesToBits(msg), Digest: digest}
		if err := test.IsSolved(circuit, good, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		bad := *good
		bad.Digest[255] = 1 - d[31]&1
		if err := test.IsSolved(circuit, &bad, ecc.BN254.ScalarField()); err == nil {
			t.Fatalf("%d bytes: a wrong digest was accepted", n)
		}
	}
}

// TestSHA256BlockCost reports, and bounds, the constraints one block costs,
// and checks that the gadget adds no commitment to the proof.
func TestSHA256BlockCost(t *testing.T) {
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &shaCircuit{Msg: make([]frontend.Variable, 8*55)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one block: %d constraints", cs.GetNbConstraints())
	if cs.GetNbConstraints() > 32000 {
		t.Fatalf("one SHA-256 block costs %d constraints", cs.GetNbConstraints())
	}
	if n := len(cs.GetCommitments().CommitmentIndexes()); n != 0 {
		t.Fatalf("the gadget adds %d commitments", n)
	}
}
