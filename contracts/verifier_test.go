package contracts

import (
	"context"
	"io"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/prover"
)

// TestVerifierAcceptsBatonProofs deploys the Groth16 verifier with a key
// from `baton setup` on go-ethereum's simulated backend and checks a real
// proof of a committed batch: it verifies; other inputs, an altered proof
// and inputs beyond the field do not. It reports the gas.
func TestVerifierAcceptsBatonProofs(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	// A committed batch of one transfer, proven for real.
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 4, 1
	g := fsm.DevGenesis(cfg, "verifier-test", 4, 1000, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: 1, To: 2, Amount: 5, Fee: 1}
	if err := tx.Sign(fsm.DevKey("verifier-test", 1), g.ChainID); err != nil {
		t.Fatal(err)
	}
	res := m.Build([]fsm.Tx{tx}, 1, false)
	m.Adopt(res)
	if r := m.Apply(1, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		t.Fatal(r.Err)
	}
	rec, _ := m.Batch(1)
	b, err := prover.BatchFromRecord(&rec)
	if err != nil {
		t.Fatal(err)
	}
	keys, _, err := prover.Setup(t.TempDir(), prover.ParamsFor(g.Config, 1), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	raw, pi, err := keys.Prove(b)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := prover.SolidityProof(raw)
	if err != nil {
		t.Fatal(err)
	}
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}

	// L1.
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Lsh(big.NewInt(1), 100)}})
	defer sim.Close()
	client := sim.Client()
	chainID, err := client.ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	auth := bind.NewKeyedTransactor(key, chainID)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		// The simulated chain mines on Commit; keep it moving.
		for ctx.Err() == nil {
			sim.Commit()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	addr, err := DeployVerifier(ctx, auth, client, vk)
	if err != nil {
		t.Fatal(err)
	}
	v := bindings.NewGroth16Verifier()
	inst := v.Instance(client, addr)
	verify := func(p [8]*big.Int, in [3]*big.Int) bool {
		t.Helper()
		ok, err := bind.Call(inst, &bind.CallOpts{Context: ctx}, v.PackVerifyProof(p, in), v.UnpackVerifyProof)
		if err != nil {
			t.Fatalf("verifyProof reverted: %v", err)
		}
		return ok
	}
	in := pi.Solidity()
	if !verify(proof, in) {
		t.Fatal("a valid proof did not verify on L1")
	}
	gas, err := client.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &addr, Data: v.PackVerifyProof(proof, in)})
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
	got, err := bind.Call(inst, &bind.CallOpts{Context: ctx}, v.PackVerifyingKey(), v.UnpackVerifyingKey)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].Cmp(vk[i]) != 0 {
			t.Fatalf("verifyingKey()[%d] differs from the deployed key", i)
		}
	}
}
