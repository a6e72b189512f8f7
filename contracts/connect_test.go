package contracts

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// fakeCircuit is a verifying key of small coordinates (the slots in the
// first, so that each size's key differs): the verifier's constructor
// checks only their range, and Deploy nothing else.
type fakeCircuit struct{ slots int }

func (c fakeCircuit) SolidityKey() ([22]*big.Int, error) {
	var vk [22]*big.Int
	for i := range vk {
		vk[i] = big.NewInt(int64(i + 1))
	}
	vk[0] = big.NewInt(int64(c.slots))
	return vk, nil
}

func (c fakeCircuit) BatchSize() int { return c.slots }

// TestKeystoreRoundTrip: a key written with a password reads back with
// the password file (its trailing newline ignored), and not without it.
func TestKeystoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	key, _ := crypto.GenerateKey()
	ks, pw := filepath.Join(dir, "key.json"), filepath.Join(dir, "password")
	if err := WriteKeystore(ks, key, "secret"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pw, []byte("secret\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadKeystore(ks, pw)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(key) {
		t.Fatal("the key read back is not the key written")
	}
	if _, err := ReadKeystore(ks, ""); err == nil {
		t.Fatal("read a password-protected keystore without its password")
	}
	if _, err := ReadKeystore("", pw); err == nil {
		t.Fatal("read a keystore from no file")
	}
	if _, err := ReadKeystore(ks, filepath.Join(dir, "missing")); err == nil {
		t.Fatal("read a keystore with a missing password file")
	}
}

// TestDeployOverJSONRPC: Deploy puts a verifier for each circuit size's
// key and a rollup with the given sizes, genesis and deadlines on a node
// dialled over JSON-RPC, with the deployer as sequencer and permissioned
// prover; OpenRollup reads the sizes back.
func TestDeployOverJSONRPC(t *testing.T) {
	key, _ := crypto.GenerateKey()
	seq := crypto.PubkeyToAddress(key.PublicKey)
	n, err := StartL1(L1Config{BlockTime: 50 * time.Millisecond, Funded: []common.Address{seq}})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := DialL1(ctx, "http://127.0.0.1:1"); err == nil {
		t.Fatal("dialled an L1 where none listens")
	}
	eth, err := DialL1(ctx, n.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer eth.Close()
	other := common.HexToAddress("0x00000000000000000000000000000000000000b0")
	root := [32]byte{31: 7}
	circuits := []Circuit{fakeCircuit{slots: 2}, fakeCircuit{slots: 16}}
	d, err := Deploy(ctx, eth, key, circuits, DeployParams{GenesisRoot: root, TreeDepth: 4,
		ProveDeadline: 100, InclusionDeadline: 50, Provers: []common.Address{other}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Sizes, []int{2, 16}) || len(d.Verifiers) != 2 || d.Verifiers[0] == d.Verifiers[1] || d.Block == 0 {
		t.Fatalf("deployment %+v", d)
	}
	r, err := OpenRollup(ctx, eth, d.Rollup)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Params
	if p.Sequencer != seq || !slices.Equal(p.Sizes, []int{2, 16}) || p.TreeDepth != 4 || p.ProveDeadline != 100 || p.InclusionDeadline != 50 || !r.SequencerProves {
		t.Fatalf("rollup %+v (sequencer proves: %v)", p, r.SequencerProves)
	}
	call := func(to common.Address, data []byte) []byte {
		t.Helper()
		out, err := (&Rollup{eth: eth, addr: to}).call(ctx, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for i, n := range d.Sizes {
		v, err := r.abi.UnpackVerifierFor(call(d.Rollup, r.abi.PackVerifierFor(big.NewInt(int64(n)))))
		if err != nil || v != d.Verifiers[i] {
			t.Errorf("rollup's verifier for %d slots %s (%v), deployed %s", n, v, err, d.Verifiers[i])
		}
	}
	if got, err := r.abi.UnpackFinalizedRoot(call(d.Rollup, r.abi.PackFinalizedRoot())); err != nil || got.Cmp(big.NewInt(7)) != 0 {
		t.Errorf("finalized root %v (%v), want the genesis root 7", got, err)
	}
	if ok, err := r.abi.UnpackIsProver(call(d.Rollup, r.abi.PackIsProver(other))); err != nil || !ok {
		t.Errorf("%s is not a prover (%v)", other, err)
	}
	v := bindings.NewGroth16Verifier()
	for i, c := range circuits {
		got, err := v.UnpackVerifyingKey(call(d.Verifiers[i], v.PackVerifyingKey()))
		want, _ := c.SolidityKey()
		for j := range want {
			if err != nil || got[j].Cmp(want[j]) != 0 {
				t.Fatalf("%d slots: verifying key %v (%v), want %v", c.BatchSize(), got, err, want)
			}
		}
	}
}
