package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/wire"
)

// devL1 is the devnet's L1: the embedded chain, its contracts, and an L1
// user who deposits.
type devL1 struct {
	node     *contracts.L1Node // nil on an external node or in a process of its own
	external bool              // a node the devnet did not start
	url      string
	eth      *ethclient.Client
	dep      deployment
	user     *ecdsa.PrivateKey
	// args are the replicas' L1 flags.
	args []string
}

// l1Opts configure the devnet's L1: the embedded chain, or an external
// node (flags.rpc set) with a funded sequencer account in a keystore.
type l1Opts struct {
	blockTime time.Duration
	conf      uint64
	flags     *l1Flags
	// spawn, if set, starts the simulated chain as a process of its own,
	// funding the given accounts, and returns its JSON-RPC URL once it
	// answers; otherwise the chain runs in this process.
	spawn func(ctx context.Context, blockTime time.Duration, funded []common.Address) (string, error)
}

// startDevL1 starts the embedded chain (or dials the external node),
// deploys the contracts for keys with the sequencer key (a fresh one,
// written as a keystore for the replicas, on the embedded chain), and
// funds a user for deposits.
func startDevL1(ctx context.Context, dir string, o l1Opts, keys *prover.Keys, g fsm.Genesis) (l *devL1, err error) {
	l = &devL1{}
	defer func() {
		if err != nil {
			l.close()
		}
	}()
	if l.user, err = crypto.GenerateKey(); err != nil {
		return nil, err
	}
	user := crypto.PubkeyToAddress(l.user.PublicKey)
	var seq *ecdsa.PrivateKey
	ksPath, passPath := o.flags.keystore, o.flags.passwordFile
	if o.flags.rpc == "" {
		if seq, err = crypto.GenerateKey(); err != nil {
			return nil, err
		}
		funded := []common.Address{crypto.PubkeyToAddress(seq.PublicKey), user}
		if o.spawn != nil {
			l.url, err = o.spawn(ctx, o.blockTime, funded)
		} else if l.node, err = contracts.StartL1(contracts.L1Config{BlockTime: o.blockTime, Funded: funded}); err == nil {
			l.url = l.node.URL()
		}
		if err != nil {
			return nil, err
		}
		if l.eth, err = ethclient.DialContext(ctx, l.url); err != nil {
			return nil, err
		}
		ksPath, passPath = filepath.Join(dir, "l1-sequencer.json"), filepath.Join(dir, "l1-password")
		if err := os.WriteFile(passPath, []byte("devnet\n"), 0o600); err != nil {
			return nil, err
		}
		if err := writeKeystore(ksPath, seq, "devnet"); err != nil {
			return nil, err
		}
	} else {
		l.external = true
		if seq, err = o.flags.key(); err != nil {
			return nil, err
		}
		if l.eth, err = o.flags.dial(ctx); err != nil {
			return nil, err
		}
		l.url = o.flags.rpc
		// The user is not the sequencer: the leader's sender owns that
		// account's nonces.
		if err := fund(ctx, l.eth, seq, user, new(big.Int).Lsh(big.NewInt(1), 70)); err != nil {
			return nil, err
		}
	}
	// Deadlines in blocks, generous for a devnet: an hour of proving
	// before anyone may, ten minutes for a priority entry.
	perMinute := uint64(time.Minute / o.blockTime)
	if l.dep, err = deploy(ctx, l.eth, seq, keys, g, deployParams{proveDeadline: 60 * perMinute, inclusionDeadline: 10 * perMinute}); err != nil {
		return nil, err
	}
	l.args = []string{"--l1-rpc", l.url, "--rollup", l.dep.Rollup.Hex(), "--l1-keystore", ksPath,
		"--l1-confirmations", fmt.Sprint(o.conf), "--l1-poll", (o.blockTime / 2).String(),
		"--l1-bump-after", (10 * o.blockTime).String()}
	if passPath != "" {
		l.args = append(l.args, "--l1-password-file", passPath)
	}
	return l, nil
}

// fund sends wei from key to the address and waits for it.
func fund(ctx context.Context, eth *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, wei *big.Int) error {
	chain, err := eth.ChainID(ctx)
	if err != nil {
		return err
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := eth.PendingNonceAt(ctx, from)
	if err != nil {
		return err
	}
	tip, err := eth.SuggestGasTipCap(ctx)
	if err != nil {
		return err
	}
	head, err := eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chain), &types.DynamicFeeTx{
		Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21_000, To: &to, Value: wei})
	if err != nil {
		return err
	}
	if err := eth.SendTransaction(ctx, tx); err != nil {
		return fmt.Errorf("fund the devnet's L1 user: %w", err)
	}
	if _, err := bind.WaitMined(ctx, eth, tx.Hash()); err != nil {
		return fmt.Errorf("fund the devnet's L1 user: %w", err)
	}
	return nil
}

func (l *devL1) close() {
	if l.eth != nil {
		l.eth.Close()
	}
	if l.node != nil {
		l.node.Close()
	}
}

// deposit queues a deposit of gwei to key from the L1 user.
func (l *devL1) deposit(ctx context.Context, key fsm.PubKey, gwei int64) error {
	chain, err := l.eth.ChainID(ctx)
	if err != nil {
		return err
	}
	auth := bind.NewKeyedTransactor(l.user, chain)
	auth.Context, auth.Value = ctx, new(big.Int).Mul(big.NewInt(gwei), big.NewInt(1e9))
	r := bindings.NewRollup()
	tx, err := bind.Transact(r.Instance(l.eth, l.dep.Rollup), auth, r.PackDeposit([32]byte(key)))
	if err != nil {
		return fmt.Errorf("deposit: %w", err)
	}
	rc, err := bind.WaitMined(ctx, l.eth, tx.Hash())
	if err != nil {
		return fmt.Errorf("deposit: %w", err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return fmt.Errorf("deposit reverted")
	}
	return nil
}

// gasUse is what the rollup's transactions cost, by call, reverted ones
// included: the operator pays for those too.
type gasUse struct {
	commit, prove, other uint64
	reverted             int
}

// gas adds up the gas of every transaction to the rollup since deployment.
func (l *devL1) gas(ctx context.Context) (gasUse, error) {
	var g gasUse
	head, err := l.eth.BlockNumber(ctx)
	if err != nil {
		return g, err
	}
	r := bindings.NewRollup()
	commitSel := r.PackCommitBatch(big.NewInt(0), big.NewInt(0), nil)[:4]
	proveSel := r.PackProveBatch(big.NewInt(0), [8]*big.Int{new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int)}, nil)[:4]
	for b := l.dep.Block + 1; b <= head; b++ {
		blk, err := l.eth.BlockByNumber(ctx, new(big.Int).SetUint64(b))
		if err != nil {
			return g, err
		}
		for _, tx := range blk.Transactions() {
			if tx.To() == nil || *tx.To() != l.dep.Rollup || len(tx.Data()) < 4 {
				continue
			}
			rc, err := l.eth.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				return g, err
			}
			if rc.Status != types.ReceiptStatusSuccessful {
				g.reverted++
			}
			switch sel := tx.Data()[:4]; {
			case bytes.Equal(sel, commitSel):
				g.commit += rc.GasUsed
			case bytes.Equal(sel, proveSel):
				g.prove += rc.GasUsed
			default:
				g.other += rc.GasUsed
			}
		}
	}
	return g, nil
}

// stageWatch follows batches through their states by polling a replica,
// and keeps when each was first seen proven and finalized.
type stageWatch struct {
	mu      sync.Mutex
	batches map[uint64]*batchStages
	final   uint64 // every batch up to here is finalized
}

type batchStages struct {
	sequenced, proven, finalized time.Time
	ops                          int
}

func (w *stageWatch) run(ctx context.Context, rs *replicaSet, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.poll(ctx, rs)
	}
}

func (w *stageWatch) poll(ctx context.Context, rs *replicaSet) {
	var c *wire.Client
	var head uint64
	for i, s := range rs.statuses(ctx) {
		if s != nil && (c == nil || s.LastBatch > head) {
			c, head = rs.client(i), s.LastBatch
		}
	}
	if c == nil {
		return
	}
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	for b := w.final + 1; b <= head; b++ {
		st := w.batches[b]
		if st != nil && !st.finalized.IsZero() {
			continue
		}
		rec, err := c.Batch(ctx, b)
		if err != nil {
			return
		}
		if st == nil {
			st = &batchStages{sequenced: time.UnixMilli(rec.Header.Timestamp), ops: int(rec.Header.TxCount)}
			w.batches[b] = st
		}
		if rec.State >= fsm.StateProven && st.proven.IsZero() {
			st.proven = now
		}
		if rec.State == fsm.StateFinalized {
			if st.proven.IsZero() {
				st.proven = now
			}
			st.finalized = now
		}
	}
	for w.batches[w.final+1] != nil && !w.batches[w.final+1].finalized.IsZero() {
		w.final++
	}
}

// latencies returns, over finalized batches, sequenced→proven,
// sequenced→finalized and proven→finalized in seconds, sorted, and their
// operations.
func (w *stageWatch) latencies() (proven, final, l1 []float64, ops int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, st := range w.batches {
		if st.finalized.IsZero() {
			continue
		}
		proven = append(proven, st.proven.Sub(st.sequenced).Seconds())
		final = append(final, st.finalized.Sub(st.sequenced).Seconds())
		l1 = append(l1, st.finalized.Sub(st.proven).Seconds())
		ops += st.ops
	}
	slices.Sort(proven)
	slices.Sort(final)
	slices.Sort(l1)
	return proven, final, l1, ops
}

// quantile of sorted xs (0 when empty).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[min(len(xs)-1, int(q*float64(len(xs))))]
}
