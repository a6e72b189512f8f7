package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// TestVerifierAcceptsBatonProofs deploys the Groth16 verifier with a key
// from `baton setup` on go-ethereum's simulated backend and checks a real
// proof of a committed batch: it verifies; other inputs, an altered proof
// and inputs beyond the field do not. It reports the gas.
func TestVerifierAcceptsBatonProofs(t *testing.T) {
	chain, keys := newProvingChain(t)
	pb := chain.next(t, keys)
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}
	l := newL1(t, 1)
	addr, err := DeployVerifier(l.ctx, l.auth(0), l.client, vk)
	if err != nil {
		t.Fatal(err)
	}
	v := bindings.NewGroth16Verifier()
	inst := v.Instance(l.client, addr)
	verify := func(p [8]*big.Int, in [3]*big.Int) bool {
		t.Helper()
		ok, err := bind.Call(inst, &bind.CallOpts{Context: l.ctx}, v.PackVerifyProof(p, in), v.UnpackVerifyProof)
		if err != nil {
			t.Fatalf("verifyProof reverted: %v", err)
		}
		return ok
	}
	proof, in := pb.proof, pb.inputs
	if !verify(proof, in) {
		t.Fatal("a valid proof did not verify on L1")
	}
	gas, err := l.client.EstimateGas(l.ctx, ethereum.CallMsg{From: l.addr(0), To: &addr, Data: v.PackVerifyProof(proof, in)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("verifyProof: %d gas as a transaction (21000 of it the base cost)", gas)

	plus := func(x *big.Int, d int64) *big.Int { return new(big.Int).Add(x, big.NewInt(d)) }
	other := in
	other[1] = plus(in[1], 1)
	if verify(proof, other) {
		t.Fatal("the proof verified for another post-state root")
	}
	other = in
	other[2] = plus(in[2], 1)
	if verify(proof, other) {
		t.Fatal("the proof verified for other data")
	}
	bad := proof
	bad[7] = plus(proof[7], 1) // C off the curve
	if verify(bad, in) {
		t.Fatal("an altered proof verified")
	}
	bad = proof
	bad[0], bad[6] = proof[6], proof[0] // A and C swapped
	if verify(bad, in) {
		t.Fatal("a proof with A and C swapped verified")
	}
	r, _ := new(big.Int).SetString("21888242871839275222246405745257275088548364400416034343698204186575808495617", 10)
	other = in
	other[0] = new(big.Int).Add(in[0], r) // the same root modulo r
	if verify(proof, other) {
		t.Fatal("an input beyond the field verified")
	}
	got, err := bind.Call(inst, &bind.CallOpts{Context: l.ctx}, v.PackVerifyingKey(), v.UnpackVerifyingKey)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].Cmp(vk[i]) != 0 {
			t.Fatalf("verifyingKey()[%d] differs from the deployed key", i)
		}
	}
}
