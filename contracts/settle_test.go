package contracts

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// TestSettleOverJSONRPC deploys both contracts to the embedded L1 through
// its JSON-RPC endpoint, as the sequencer will reach any node, and
// settles two proven batches there.
func TestSettleOverJSONRPC(t *testing.T) {
	chain, keys := newProvingChain(t)
	b1, b2 := chain.next(t, keys), chain.next(t, keys)
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	seq := crypto.PubkeyToAddress(key.PublicKey)
	n, err := StartL1(L1Config{BlockTime: 50 * time.Millisecond, Funded: []common.Address{seq}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := ethclient.DialContext(ctx, n.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id, _ := c.ChainID(ctx)
	auth := bind.NewKeyedTransactor(key, id)
	auth.Context = ctx
	verifier, err := DeployVerifier(ctx, auth, c, vk)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := DeployRollup(ctx, auth, c, RollupParams{Sizes: []int{1}, Verifiers: []common.Address{verifier}, Sequencer: seq,
		GenesisRoot: genesisRoot(chain.g), TreeDepth: chain.g.TreeDepth, ProveDeadline: 100, InclusionDeadline: 100,
		Provers: []common.Address{seq}})
	if err != nil {
		t.Fatal(err)
	}
	r := bindings.NewRollup()
	inst := r.Instance(c, addr)
	for i, b := range []provenBatch{b1, b2} {
		for _, data := range [][]byte{b.commitArgs(r), b.proveArgs(r)} {
			tx, err := bind.Transact(inst, auth, data)
			if err != nil {
				t.Fatalf("batch %d: %v", i+1, err)
			}
			if rc, err := bind.WaitMined(ctx, c, tx.Hash()); err != nil || rc.Status != 1 {
				t.Fatalf("batch %d: receipt %v, %v", i+1, rc, err)
			}
		}
	}
	fin, err := bind.Call(inst, &bind.CallOpts{Context: ctx}, r.PackLastFinalized(), r.UnpackLastFinalized)
	if err != nil || fin.Int64() != 2 {
		t.Fatalf("finalized %v, %v", fin, err)
	}
}
