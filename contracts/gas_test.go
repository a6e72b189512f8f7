package contracts

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
)

// TestRollupGasPerTransfer: a full batch of transfers costs at most 7,000
// gas a transfer on L1 at 64 slots and 2,500 at 256 (issue 17), commit
// and prove together: calldata (records of random non-zero bytes, the
// dearest), the commitment, storage, and one real verifyProof, whose gas
// is measured on a real proof (it does not depend on the circuit) and
// added to a proveBatch behind a verifier that accepts any proof.
func TestRollupGasPerTransfer(t *testing.T) {
	chain, keys := newProvingChain(t)
	pb := chain.next(t, keys)
	l := newL1(t, 1)
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}
	real, err := DeployVerifier(l.ctx, l.auth(0), l.client, vk)
	if err != nil {
		t.Fatal(err)
	}
	v := bindings.NewGroth16Verifier()
	verifyTx, err := l.client.EstimateGas(l.ctx, ethereum.CallMsg{From: l.addr(0), To: &real, Data: v.PackVerifyProof(pb.proof, pb.inputs)})
	if err != nil {
		t.Fatal(err)
	}
	verify := verifyTx - 21_000 // its calldata counted twice: an overestimate
	anyProof, _, err := DeployCode(l.ctx, l.auth(0), l.client, acceptAllVerifier, nil)
	if err != nil {
		t.Fatal(err)
	}
	limits := []struct {
		slots int
		gas   uint64
	}{{64, 7_000}, {256, 2_500}}
	p := RollupParams{Sequencer: l.addr(0), GenesisRoot: big.NewInt(1), TreeDepth: 24, ProveDeadline: 100, InclusionDeadline: 100,
		Provers: []common.Address{l.addr(0)}}
	for _, lim := range limits {
		p.Sizes, p.Verifiers = append(p.Sizes, lim.slots), append(p.Verifiers, anyProof)
	}
	addr, err := DeployRollup(l.ctx, l.auth(0), l.client, p)
	if err != nil {
		t.Fatal(err)
	}
	l.manual()
	r := bindings.NewRollup()
	inst := r.Instance(l.client, addr)
	rng := rand.New(rand.NewPCG(64, 256))
	batch := int64(0)
	// Two rounds: the first batch pays once for the rollup's counters'
	// first writes; the second round is what every later batch costs.
	for round := range 2 {
		for _, lim := range limits {
			data := make([]byte, lim.slots*fsm.RecordSize)
			for j := range data {
				data[j] = byte(1 + rng.IntN(255))
			}
			for s := range lim.slots {
				data[s*fsm.RecordSize+fsm.RecKind] = byte(fsm.KindTransfer)
			}
			batch++
			n := big.NewInt(batch)
			commit, err := l.send(t, inst, 0, r.PackCommitBatch(n, big.NewInt(7), big.NewInt(int64(lim.slots)), data))
			if err != nil {
				t.Fatalf("%d slots: commit: %v", lim.slots, err)
			}
			prove, err := l.send(t, inst, 0, r.PackProveBatch(n, pb.proof, nil))
			if err != nil {
				t.Fatalf("%d slots: prove: %v", lim.slots, err)
			}
			total := commit.GasUsed + prove.GasUsed + verify
			t.Logf("round %d, %d slots: commit %d + prove %d + verifyProof %d = %d gas, %d a transfer (limit %d)",
				round, lim.slots, commit.GasUsed, prove.GasUsed, verify, total, total/uint64(lim.slots), lim.gas)
			if round == 1 && total > lim.gas*uint64(lim.slots) {
				t.Errorf("%d slots: %d gas a transfer, more than %d", lim.slots, total/uint64(lim.slots), lim.gas)
			}
		}
	}
}
