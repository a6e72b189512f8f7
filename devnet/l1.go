package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/contracts/bindings"
	"github.com/baton-rollup/baton/fsm"
)

// l1Chain is the devnet's L1: the embedded chain (or an external node), its
// contracts, and an L1 user who deposits.
type l1Chain struct {
	node     *contracts.L1Node // nil on an external node or in a process of its own
	external bool              // a node the devnet did not start
	url      string
	eth      *ethclient.Client
	dep      contracts.Deployment
	user     *ecdsa.PrivateKey
	// args are the replicas' L1 flags but --l1-rpc (the URL they are
	// given may be a proxy's).
	args []string
}

// spawnL1, if set, starts the simulated chain as a process of its own,
// funding the given accounts, and returns its JSON-RPC URL once it
// answers; otherwise the chain runs in this process.
type spawnL1 func(ctx context.Context, blockTime time.Duration, funded []common.Address) (string, error)

// startL1 starts the embedded chain (or dials the external node), deploys
// the contracts for the circuits (one verifier each) with the sequencer key (a fresh one, written as a
// keystore for the replicas, on the embedded chain), and funds a user for
// deposits.
func startL1(ctx context.Context, dir string, o L1Config, spawn spawnL1, circuits []contracts.Circuit, g fsm.Genesis) (l *l1Chain, err error) {
	l = &l1Chain{}
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
	ksPath, passPath := o.Keystore, o.PasswordFile
	if o.RPC == "" {
		if seq, ksPath, passPath, err = l.simulated(ctx, dir, o, spawn, user); err != nil {
			return nil, err
		}
	} else {
		l.external, l.url = true, o.RPC
		if seq, err = contracts.ReadKeystore(o.Keystore, o.PasswordFile); err != nil {
			return nil, err
		}
		if l.eth, err = contracts.DialL1(ctx, o.RPC); err != nil {
			return nil, err
		}
		// The user is not the sequencer: the leader's sender owns that
		// account's nonces.
		if err := fund(ctx, l.eth, seq, user, new(big.Int).Lsh(big.NewInt(1), 70)); err != nil {
			return nil, err
		}
	}
	// Deadlines in blocks, generous for a devnet: an hour of proving
	// before anyone may, ten minutes for a priority entry.
	perMinute := uint64(time.Minute / o.BlockTime)
	m, err := fsm.New(g)
	if err != nil {
		return nil, err
	}
	if l.dep, err = contracts.Deploy(ctx, l.eth, seq, circuits, contracts.DeployParams{GenesisRoot: m.Root(), TreeDepth: g.TreeDepth,
		ProveDeadline: 60 * perMinute, InclusionDeadline: 10 * perMinute}); err != nil {
		return nil, err
	}
	l.args = []string{"--rollup", l.dep.Rollup.Hex(), "--l1-keystore", ksPath,
		"--l1-confirmations", fmt.Sprint(o.Confirmations), "--l1-poll", (o.BlockTime / 2).String(),
		"--l1-bump-after", (10 * o.BlockTime).String()}
	if passPath != "" {
		l.args = append(l.args, "--l1-password-file", passPath)
	}
	return l, nil
}

// simulated starts the simulated chain with a fresh sequencer key and the
// user funded, and writes the key as a keystore for the replicas.
func (l *l1Chain) simulated(ctx context.Context, dir string, o L1Config, spawn spawnL1, user common.Address) (seq *ecdsa.PrivateKey, ksPath, passPath string, err error) {
	if seq, err = crypto.GenerateKey(); err != nil {
		return nil, "", "", err
	}
	funded := []common.Address{crypto.PubkeyToAddress(seq.PublicKey), user}
	if spawn != nil {
		l.url, err = spawn(ctx, o.BlockTime, funded)
	} else if l.node, err = contracts.StartL1(contracts.L1Config{BlockTime: o.BlockTime, Funded: funded}); err == nil {
		l.url = l.node.URL()
	}
	if err != nil {
		return nil, "", "", err
	}
	if l.eth, err = ethclient.DialContext(ctx, l.url); err != nil {
		return nil, "", "", err
	}
	ksPath, passPath = filepath.Join(dir, "l1-sequencer.json"), filepath.Join(dir, "l1-password")
	if err := os.WriteFile(passPath, []byte("devnet\n"), 0o600); err != nil {
		return nil, "", "", err
	}
	return seq, ksPath, passPath, contracts.WriteKeystore(ksPath, seq, "devnet")
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

func (l *l1Chain) close() {
	if l.eth != nil {
		l.eth.Close()
	}
	if l.node != nil {
		l.node.Close()
	}
}

// deposit queues a deposit of gwei to key from the L1 user.
func (l *l1Chain) deposit(ctx context.Context, key fsm.PubKey, gwei int64) error {
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
func (l *l1Chain) gas(ctx context.Context) (gasUse, error) {
	var g gasUse
	head, err := l.eth.BlockNumber(ctx)
	if err != nil {
		return g, err
	}
	r := bindings.NewRollup()
	commitSel := r.PackCommitBatch(big.NewInt(0), big.NewInt(0), big.NewInt(0), nil)[:4]
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
