package contracts

import (
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// TestRollupCircuitSizes: a rollup of two circuit sizes (1 and 2 slots,
// each with its own keys and verifier) finalizes each batch with a proof
// from the keys of the size it was committed for, whichever that is; a
// proof of the same batch from the other size's keys reverts BadProof,
// and a commit for a size without a verifier reverts UnknownSize, both
// changing nothing.
func TestRollupCircuitSizes(t *testing.T) {
	chain, k1 := newProvingChain(t)
	k2 := chain.keys(t, 2)
	// Batches 1 and 2 hold one transfer each, which either size holds:
	// 1 is committed for 1 slot, 2 for 2. Batch 3 holds two.
	b1 := chain.next(t, k1)
	b1As2 := chain.prove(t, k2, 1)
	b2 := chain.next(t, k2)
	b2As1 := chain.prove(t, k1, 2)
	b3 := chain.commit(t, k2, chain.transfer(t, 1, 0), chain.transfer(t, 2, 0))
	if b1.slots != 1 || b1As2.slots != 2 || b2.slots != 2 || b3.slots != 2 {
		t.Fatalf("sizes %d %d %d %d", b1.slots, b1As2.slots, b2.slots, b3.slots)
	}
	l := newL1(t, 2)
	const sequencer, stranger = 0, 1
	d := l.deploy(t, chain, sequencer, sequencer, 100, 100, k1, k2)
	r := d.r

	sizes, err := bind.Call(d.inst, nil, r.PackCircuitSizes(), r.UnpackCircuitSizes)
	if err != nil || len(sizes) != 2 || sizes[0].Int64() != 1 || sizes[1].Int64() != 2 {
		t.Fatalf("circuitSizes %v, %v", sizes, err)
	}
	for n, want := range map[int64]common.Address{1: d.verifiers[0], 2: d.verifiers[1], 3: {}, 0: {}} {
		got, err := bind.Call(d.inst, nil, r.PackVerifierFor(big.NewInt(n)), r.UnpackVerifierFor)
		if err != nil || got != want {
			t.Fatalf("verifierFor(%d) = %s (%v), want %s", n, got, err, want)
		}
	}

	commitAs := func(b provenBatch, slots int64) []byte {
		return r.PackCommitBatch(new(big.Int).SetUint64(b.number), b.postRoot, big.NewInt(slots), b.pubdata)
	}
	for _, n := range []int64{0, 3, 4, 1 << 40} {
		l.mustRevert(t, d, "a commit for a size without a verifier", "UnknownSize", sequencer, commitAs(b1, n))
	}
	l.mustRevert(t, d, "1-slot data committed for 2 slots", "BadPublicData", sequencer, commitAs(b1, 2))
	l.mustRevert(t, d, "2-slot data committed for 1 slot", "BadPublicData", sequencer, commitAs(b1As2, 1))

	for _, c := range []struct {
		b, other provenBatch
	}{{b1, b1As2}, {b2, b2As1}, {b3, b3}} {
		if _, err := l.send(t, d.inst, sequencer, c.b.commitArgs(r)); err != nil {
			t.Fatalf("commit batch %d for %d slots: %v", c.b.number, c.b.slots, err)
		}
		stored, err := bind.Call(d.inst, nil, r.PackBatches(new(big.Int).SetUint64(c.b.number)), r.UnpackBatches)
		if err != nil || stored.Slots != uint32(c.b.slots) {
			t.Fatalf("batch %d: L1 keeps %d slots (%v), committed for %d", c.b.number, stored.Slots, err, c.b.slots)
		}
		if c.other.slots != c.b.slots {
			l.mustRevert(t, d, "a proof from the other size's keys", "BadProof", sequencer, c.other.proveArgs(r))
		}
		l.mustRevert(t, d, "a proof by a stranger", "NotProver", stranger, c.b.proveArgs(r))
		rc, err := l.send(t, d.inst, sequencer, c.b.proveArgs(r))
		if err != nil {
			t.Fatalf("prove batch %d (%d slots): %v", c.b.number, c.b.slots, err)
		}
		t.Logf("batch %d (%d slots): proveBatch %d gas", c.b.number, c.b.slots, rc.GasUsed)
	}
	if s := l.state(t, d); s.finalized != 3 || s.finalizedRoot != b3.postRoot.String() {
		t.Fatalf("finalized %d at root %s, want 3 at %s", s.finalized, s.finalizedRoot, b3.postRoot)
	}
}

// TestRollupConstructorChecksSizes: a rollup is deployed only with
// ascending sizes, one verifier each; anything else reverts BadSizes.
func TestRollupConstructorChecksSizes(t *testing.T) {
	l := newL1(t, 1)
	v, _, err := DeployCode(l.ctx, l.auth(0), l.client, acceptAllVerifier, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := common.FromHex(bindings.RollupMetaData.Bin)
	r := bindings.NewRollup()
	deploy := func(verifiers []common.Address, sizes ...int64) []byte {
		var s []*big.Int
		for _, n := range sizes {
			s = append(s, big.NewInt(n))
		}
		return slices.Concat(code, r.PackConstructor(verifiers, s, l.addr(0), big.NewInt(1), big.NewInt(10),
			big.NewInt(4), big.NewInt(10), nil))
	}
	one, two := []common.Address{v}, []common.Address{v, v}
	if got := l.revert(t, nil, 0, deploy(two, 1, 4)); got != "" {
		t.Fatalf("ascending sizes: reverts %q", got)
	}
	for name, data := range map[string][]byte{
		"descending":          deploy(two, 4, 1),
		"a size twice":        deploy(two, 4, 4),
		"more verifiers":      deploy(two, 4),
		"more sizes":          deploy(one, 1, 4),
		"none":                deploy(nil),
		"size 0":              deploy(one, 0),
		"a size beyond 2^32":  deploy(one, 1<<32),
		"no verifier address": deploy([]common.Address{v, {}}, 1, 4),
	} {
		if got := l.revert(t, nil, 0, data); got != "BadSizes" {
			t.Errorf("%s: reverts %q, want BadSizes", name, got)
		}
	}
}
