package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"

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

// provingChain is an fsm chain whose batches of one transfer are proven
// for real, with keys made once per test binary.
type provingChain struct {
	g fsm.Genesis
	m *fsm.Machine
	n uint64
}

var oneSlotKeys struct {
	once sync.Once
	keys *prover.Keys
	err  error
}

func newProvingChain(t *testing.T) (*provingChain, *prover.Keys) {
	t.Helper()
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 4, 1
	g := fsm.DevGenesis(cfg, "contracts-test", 4, 1000, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	oneSlotKeys.once.Do(func() {
		dir, err := os.MkdirTemp("", "baton-contracts-keys-")
		if err != nil {
			oneSlotKeys.err = err
			return
		}
		oneSlotKeys.keys, _, oneSlotKeys.err = prover.Setup(dir, prover.ParamsFor(g.Config, 1), slog.New(slog.NewTextHandler(io.Discard, nil)))
	})
	if oneSlotKeys.err != nil {
		t.Fatal(oneSlotKeys.err)
	}
	return &provingChain{g: g, m: m}, oneSlotKeys.keys
}

// provenBatch is what L1 sees of a batch: its public data, claimed root
// and a proof.
type provenBatch struct {
	number   uint64
	postRoot *big.Int
	pubdata  []byte
	proof    [8]*big.Int
	inputs   [3]*big.Int
}

// next commits a batch of one transfer and proves it.
func (c *provingChain) next(t *testing.T, keys *prover.Keys) provenBatch {
	t.Helper()
	from := uint32(1 + (c.n+1)%3)
	a, _ := c.m.Account(from)
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: 1 + from%3, Amount: 5, Fee: 1, Nonce: a.Nonce}
	if err := tx.Sign(fsm.DevKey("contracts-test", uint64(from)), c.g.ChainID); err != nil {
		t.Fatal(err)
	}
	return c.commit(t, keys, tx)
}

// commit commits a batch of exactly txs and proves it.
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
	b, err := prover.BatchFromMachine(c.m, res.Batch.Header.Number)
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
	in := pi.Solidity()
	return provenBatch{number: b.Number, postRoot: in[1], pubdata: pi.PubData, proof: proof, inputs: in}
}

func genesisRoot(g fsm.Genesis) *big.Int {
	m, _ := fsm.New(g)
	r := m.Root()
	return new(big.Int).SetBytes(r[:])
}

func isBadKey(err error) bool { return errors.Is(err, fsm.ErrBadPubKey) }

// deployed is a rollup on the simulated chain, with its verifier.
type deployed struct {
	addr common.Address
	r    *bindings.Rollup
	inst *bind.BoundContract
}

// deploy puts a verifier for keys and a one-slot rollup for chain on l,
// deployed by account sequencer (also the rollup's sequencer), with
// account prover permissioned; then blocks come only from sends.
func (l *l1) deploy(t *testing.T, chain *provingChain, keys *prover.Keys, sequencer, prover int, proveDeadline, inclusion uint64) deployed {
	t.Helper()
	vk, err := keys.SolidityKey()
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := DeployVerifier(l.ctx, l.auth(sequencer), l.client, vk)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := DeployRollup(l.ctx, l.auth(sequencer), l.client, RollupParams{Verifier: verifier, Sequencer: l.addr(sequencer),
		Slots: 1, GenesisRoot: genesisRoot(chain.g), TreeDepth: chain.g.TreeDepth, ProveDeadline: proveDeadline,
		InclusionDeadline: inclusion, Provers: []common.Address{l.addr(prover)}})
	if err != nil {
		t.Fatal(err)
	}
	l.manual()
	r := bindings.NewRollup()
	return deployed{addr: addr, r: r, inst: r.Instance(l.client, addr)}
}
