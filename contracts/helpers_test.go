package contracts

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/prover"
)

// l1 is go-ethereum's simulated chain with funded accounts. It mines a
// block every 20 ms until manual() is called; then each send mines its
// own block, and mine(n) skips ahead, so block counts are exact.
type l1 struct {
	sim        *simulated.Backend
	client     simulated.Client
	ctx        context.Context
	chain      *big.Int
	keys       []*ecdsa.PrivateKey
	stopMining func()
	isManual   bool
}

func newL1(t *testing.T, accounts int) *l1 {
	t.Helper()
	alloc := types.GenesisAlloc{}
	var keys []*ecdsa.PrivateKey
	for range accounts {
		k, _ := crypto.GenerateKey()
		keys = append(keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	// Gas as mainnet charges it today: the dev chain also runs a future
	// fork (Bogota) that reprices state creation.
	sim := simulated.NewBackend(alloc, func(_ *node.Config, ec *ethconfig.Config) {
		cfg := *ec.Genesis.Config
		cfg.BogotaTime = nil
		ec.Genesis.Config = &cfg
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	mineCtx, stopMining := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for mineCtx.Err() == nil {
			sim.Commit()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	t.Cleanup(func() { cancel(); <-done; sim.Close() })
	chain, err := sim.Client().ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &l1{sim: sim, client: sim.Client(), ctx: ctx, chain: chain, keys: keys,
		stopMining: func() { stopMining(); <-done }}
}

// manual stops the block ticker: from now on blocks come from send and mine.
func (c *l1) manual() {
	c.stopMining()
	c.isManual = true
}

// mine adds n empty blocks.
func (c *l1) mine(n int) {
	for range n {
		c.sim.Commit()
	}
}

func (c *l1) auth(i int) *bind.TransactOpts {
	a := bind.NewKeyedTransactor(c.keys[i], c.chain)
	a.Context = c.ctx
	return a
}

func (c *l1) addr(i int) common.Address { return crypto.PubkeyToAddress(c.keys[i].PublicKey) }

// send transacts and waits for the receipt; a revert is an error.
func (c *l1) send(t *testing.T, inst *bind.BoundContract, from int, data []byte) (*types.Receipt, error) {
	t.Helper()
	tx, err := bind.Transact(inst, c.auth(from), data)
	if err != nil {
		return nil, err
	}
	if c.isManual {
		c.sim.Commit()
	}
	r, err := bind.WaitMined(c.ctx, c.client, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, errReverted
	}
	return r, nil
}

var errReverted = errorString("reverted")

type errorString string

func (e errorString) Error() string { return string(e) }

// provingChain is an fsm chain of at most two operations a batch, whose
// batches are proven for real with the keys of one circuit size or
// another (1 or 2 slots, depth 4), made once per test binary.
type provingChain struct {
	g fsm.Genesis
	m *fsm.Machine
	n uint64
}

// testKeys caches each circuit size's keys for the test binary: a
// Groth16 setup takes seconds even for these small circuits.
var testKeys struct {
	sync.Mutex
	dir  string
	keys map[int]*prover.Keys
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testKeys.dir != "" {
		os.RemoveAll(testKeys.dir)
	}
	os.Exit(code)
}

func newProvingChain(t *testing.T) (*provingChain, *prover.Keys) {
	t.Helper()
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 4, 2
	g := fsm.DevGenesis(cfg, "contracts-test", 4, 1000, 0)
	g.CircuitSizes = fsm.Sizes{1, 2}
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	c := &provingChain{g: g, m: m}
	return c, c.keys(t, 1)
}

// keys are the circuit of slots slots for c's chain.
func (c *provingChain) keys(t *testing.T, slots int) *prover.Keys {
	t.Helper()
	testKeys.Lock()
	defer testKeys.Unlock()
	if k := testKeys.keys[slots]; k != nil {
		return k
	}
	if testKeys.dir == "" {
		dir, err := os.MkdirTemp("", "baton-contracts-keys-")
		if err != nil {
			t.Fatal(err)
		}
		testKeys.dir, testKeys.keys = dir, map[int]*prover.Keys{}
	}
	k, _, err := prover.Setup(testKeys.dir, prover.ParamsFor(c.g.Config, slots), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	testKeys.keys[slots] = k
	return k
}

// provenBatch is what L1 sees of a batch: its public data (laid out for
// slots), claimed root, payouts (fsm.Payouts) and a proof.
type provenBatch struct {
	number   uint64
	slots    int
	postRoot *big.Int
	pubdata  []byte
	payouts  []byte
	proof    [8]*big.Int
	inputs   [3]*big.Int
}

// commitArgs and proveArgs are the batch's commitBatch and proveBatch
// calldata.
func (b provenBatch) commitArgs(r *bindings.Rollup) []byte {
	return r.PackCommitBatch(new(big.Int).SetUint64(b.number), b.postRoot, big.NewInt(int64(b.slots)), b.pubdata)
}

func (b provenBatch) proveArgs(r *bindings.Rollup) []byte {
	return r.PackProveBatch(new(big.Int).SetUint64(b.number), b.proof, b.payouts)
}

// transfer is a signed transfer of 5 (fee 1) from account from, its
// nonce offset by earlier ones in the same batch.
func (c *provingChain) transfer(t *testing.T, from uint32, earlier uint64) fsm.Tx {
	t.Helper()
	a, _ := c.m.Account(from)
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: 1 + from%3, Amount: 5, Fee: 1, Nonce: a.Nonce + earlier}
	if err := tx.Sign(fsm.DevKey("contracts-test", uint64(from)), c.g.ChainID); err != nil {
		t.Fatal(err)
	}
	return tx
}

// next commits a batch of one transfer and proves it.
func (c *provingChain) next(t *testing.T, keys *prover.Keys) provenBatch {
	t.Helper()
	return c.commit(t, keys, c.transfer(t, uint32(1+(c.n+1)%3), 0))
}

// commit commits a batch of exactly txs and proves it with keys.
func (c *provingChain) commit(t *testing.T, keys *prover.Keys, txs ...fsm.Tx) provenBatch {
	t.Helper()
	c.n++
	res := c.m.Build(txs, int64(c.n), false)
	if len(res.Included) != len(txs) {
		t.Fatalf("built %d of %d: %+v", len(res.Included), len(txs), res.Rejected)
	}
	c.m.Adopt(res)
	if r := c.m.Apply(c.n, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
		t.Fatal(r.Err)
	}
	return c.prove(t, keys, res.Batch.Header.Number)
}

// prove proves committed batch n with keys: its public data laid out for
// their circuit size.
func (c *provingChain) prove(t *testing.T, keys *prover.Keys, n uint64) provenBatch {
	t.Helper()
	b, err := prover.BatchFromMachine(c.m, n)
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
	payouts, err := fsm.Payouts(pi.PubData, keys.BatchSize())
	if err != nil {
		t.Fatal(err)
	}
	in := pi.Solidity()
	return provenBatch{number: b.Number, slots: keys.BatchSize(), postRoot: in[1], pubdata: pi.PubData,
		payouts: payouts, proof: proof, inputs: in}
}

func genesisRoot(g fsm.Genesis) *big.Int {
	m, _ := fsm.New(g)
	r := m.Root()
	return new(big.Int).SetBytes(r[:])
}

func isBadKey(err error) bool { return errors.Is(err, fsm.ErrBadPubKey) }

// deployed is a rollup on the simulated chain, with its verifiers (in
// the order of its sizes).
type deployed struct {
	addr      common.Address
	r         *bindings.Rollup
	inst      *bind.BoundContract
	verifiers []common.Address
}

// deploy puts a verifier for each of keys (ascending sizes) and a rollup
// for chain on l, deployed by account sequencer (also the rollup's
// sequencer), with account prover permissioned; then blocks come only
// from sends.
func (l *l1) deploy(t *testing.T, chain *provingChain, sequencer, prover int, proveDeadline, inclusion uint64, keys ...*prover.Keys) deployed {
	t.Helper()
	p := RollupParams{Sequencer: l.addr(sequencer), GenesisRoot: genesisRoot(chain.g), TreeDepth: chain.g.TreeDepth,
		ProveDeadline: proveDeadline, InclusionDeadline: inclusion, Provers: []common.Address{l.addr(prover)}}
	for _, k := range keys {
		vk, err := k.SolidityKey()
		if err != nil {
			t.Fatal(err)
		}
		v, err := DeployVerifier(l.ctx, l.auth(sequencer), l.client, vk)
		if err != nil {
			t.Fatal(err)
		}
		p.Sizes, p.Verifiers = append(p.Sizes, k.BatchSize()), append(p.Verifiers, v)
	}
	addr, err := DeployRollup(l.ctx, l.auth(sequencer), l.client, p)
	if err != nil {
		t.Fatal(err)
	}
	l.manual()
	r := bindings.NewRollup()
	return deployed{addr: addr, r: r, inst: r.Instance(l.client, addr), verifiers: p.Verifiers}
}

// revert is the name of the Rollup error that data, sent by account from
// to the contract at to (nil: deploying it), reverts with now, or "" if
// it would succeed. A revert without a Rollup error fails the test.
func (l *l1) revert(t *testing.T, to *common.Address, from int, data []byte) string {
	t.Helper()
	_, err := l.client.CallContract(l.ctx, ethereum.CallMsg{From: l.addr(from), To: to, Data: data}, nil)
	if err == nil {
		return ""
	}
	var de rpc.DataError
	if !errors.As(err, &de) {
		t.Fatalf("call reverted without data: %v", err)
	}
	hexData, _ := de.ErrorData().(string)
	raw := common.FromHex(hexData)
	abi := bindings.NewRollup().GetABI()
	for name, e := range abi.Errors {
		if len(raw) >= 4 && bytes.Equal(raw[:4], e.ID[:4]) {
			return name
		}
	}
	t.Fatalf("call reverted with %x: %v", raw, err)
	return ""
}

// rollupState is what a reverted transaction must leave as it was.
type rollupState struct {
	committed, finalized, nextPriority uint64
	finalizedRoot                      string
	claimable                          []string // per account of the l1
}

func (l *l1) state(t *testing.T, d deployed) rollupState {
	t.Helper()
	r := d.r
	u := func(data []byte, unpack func([]byte) (*big.Int, error)) *big.Int {
		t.Helper()
		v, err := bind.Call(d.inst, nil, data, unpack)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := rollupState{
		committed:     u(r.PackLastCommitted(), r.UnpackLastCommitted).Uint64(),
		finalized:     u(r.PackLastFinalized(), r.UnpackLastFinalized).Uint64(),
		nextPriority:  u(r.PackNextPriority(), r.UnpackNextPriority).Uint64(),
		finalizedRoot: u(r.PackFinalizedRoot(), r.UnpackFinalizedRoot).String(),
	}
	for i := range l.keys {
		s.claimable = append(s.claimable, u(r.PackClaimable(l.addr(i)), r.UnpackClaimable).String())
	}
	return s
}

// mustRevert checks that data, sent by account from to d, reverts with
// the Rollup error reason, and that mined anyway it changes nothing.
func (l *l1) mustRevert(t *testing.T, d deployed, what, reason string, from int, data []byte) {
	t.Helper()
	if got := l.revert(t, &d.addr, from, data); got != reason {
		t.Fatalf("%s: reverts %q, want %q", what, got, reason)
	}
	before := l.state(t, d)
	a := l.auth(from)
	a.GasLimit = 5_000_000 // no estimate: it would refuse to send
	tx, err := bind.Transact(d.inst, a, data)
	if err != nil {
		t.Fatal(err)
	}
	if l.isManual {
		l.sim.Commit()
	}
	rc, err := bind.WaitMined(l.ctx, l.client, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if rc.Status == types.ReceiptStatusSuccessful {
		t.Fatalf("%s: mined successfully", what)
	}
	if after := l.state(t, d); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("%s: changed the rollup from %+v to %+v", what, before, after)
	}
}
