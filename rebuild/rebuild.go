// Package rebuild rebuilds baton's L2 state from L1 alone: the rollup
// contract's events and calldata, and the genesis. It is the check that
// the data posted to L1 is enough to recover every account if every
// replica were lost.
package rebuild

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
)

// ErrMismatch: the state rebuilt from L1 differs from a root the contract
// holds (a committed post-state root, or the finalized root).
var ErrMismatch = errors.New("rebuilt state differs from L1")

// Config is one rebuild.
type Config struct {
	// Eth reaches the L1 node (an archive node also checks the genesis).
	Eth contracts.Eth
	// Rollup is the rollup contract's address.
	Rollup common.Address
	// Genesis is the chain's genesis: its accounts are not on L1.
	Genesis fsm.Genesis
	// FromBlock is where to start reading events: the deployment's block
	// or earlier (0 reads the whole chain, in ranges).
	FromBlock uint64
}

// Result is the rebuilt state and how it compares with L1.
type Result struct {
	Rollup common.Address `json:"rollup"`
	// Block is the L1 block everything was read at.
	Block         uint64 `json:"block"`
	LastCommitted uint64 `json:"last_committed"`
	LastFinalized uint64 `json:"last_finalized"`
	// Replayed batches: 1 to LastFinalized, each checked against the
	// post-state root its commit claimed.
	Replayed   uint64 `json:"batches_replayed"`
	Operations int    `json:"operations"`
	// BySize counts the replayed batches by the circuit size (slots)
	// their data was committed for.
	BySize map[int]uint64 `json:"batches_by_size"`
	// GenesisRoot is the genesis file's; GenesisChecked says whether the
	// contract's root before batch 1 could be read to compare (it needs
	// state at an old block; without it, batch 1's root checks it).
	GenesisRoot    fsm.Hash `json:"genesis_root"`
	GenesisChecked bool     `json:"genesis_checked"`
	// Root is the rebuilt state root after LastFinalized; FinalizedRoot
	// the contract's. Match: they are equal and every batch matched.
	Root          fsm.Hash `json:"root"`
	FinalizedRoot fsm.Hash `json:"finalized_root"`
	Match         bool     `json:"match"`
	// FirstMismatch is the first batch whose rebuilt root differs from
	// its committed one (0: none).
	FirstMismatch uint64    `json:"first_mismatch,omitempty"`
	Accounts      []Account `json:"accounts"`
}

// Account is one rebuilt account.
type Account struct {
	Index   uint32        `json:"index"`
	PubKey  fsm.PubKey    `json:"pubkey"`
	Owner   fsm.L1Address `json:"owner"`
	Balance uint64        `json:"balance"`
	Nonce   uint64        `json:"nonce"`
}

// Run rebuilds the state through the contract's last finalized batch. It
// reads only the rollup's BatchCommitted and BatchFinalized events, the
// commitBatch calldata of the transactions that emitted them, and the
// contract's own views. A root that differs is ErrMismatch, with the
// Result saying where.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	r, err := contracts.OpenRollup(ctx, cfg.Eth, cfg.Rollup)
	if err != nil {
		return nil, err
	}
	// As the leader's settlement does: the contract may verify more sizes
	// than the chain uses, never fewer.
	if g := cfg.Genesis; !subset(g.Sizes(), r.Params.Sizes) || r.Params.TreeDepth != g.TreeDepth {
		return nil, fmt.Errorf("genesis is not this rollup's: circuit sizes %v, depth %d; the rollup verifies %v, depth %d",
			g.Sizes(), g.TreeDepth, r.Params.Sizes, r.Params.TreeDepth)
	}
	rb, err := fsm.NewRebuilder(cfg.Genesis)
	if err != nil {
		return nil, err
	}
	view, err := r.ViewAt(ctx, nil)
	if err != nil {
		return nil, err
	}
	at := new(big.Int).SetUint64(view.Block)
	final, err := r.FinalizedRootAt(ctx, at)
	if err != nil {
		return nil, err
	}
	res := &Result{Rollup: cfg.Rollup, Block: view.Block, LastCommitted: view.LastCommitted, LastFinalized: view.LastFinalized,
		GenesisRoot: rb.Root(), FinalizedRoot: hashOf(final)}
	if cfg.FromBlock > view.Block {
		return nil, fmt.Errorf("--from-block %d is past the L1 head %d", cfg.FromBlock, view.Block)
	}
	events, err := r.Events(ctx, cfg.FromBlock, view.Block, contracts.EventCommitted, contracts.EventFinalized)
	if err != nil {
		return nil, err
	}
	if err := checkGenesis(ctx, r, res, events); err != nil {
		return res, err
	}
	if err := replay(ctx, r, rb, res, events, cfg.FromBlock); err != nil {
		return res, err
	}
	res.Root = rb.Root()
	res.Match = res.Root == res.FinalizedRoot
	for i, a := range rb.Accounts() {
		res.Accounts = append(res.Accounts, Account{Index: uint32(i), PubKey: a.PubKey, Owner: a.Owner, Balance: a.Balance, Nonce: a.Nonce})
	}
	if !res.Match {
		return res, fmt.Errorf("%w: root after batch %d is %s, the contract's finalized root %s", ErrMismatch, res.Replayed, res.Root, res.FinalizedRoot)
	}
	return res, nil
}

// checkGenesis compares the genesis root with the contract's root before
// batch 1 was finalized: the constructor's, which the contract keeps in
// finalizedRoot until then. Reading it at an old block needs that block's
// state; a node that pruned it leaves the check to batch 1's root.
func checkGenesis(ctx context.Context, r *contracts.Rollup, res *Result, events []contracts.Event) error {
	block := res.Block
	for _, e := range events {
		if e.Kind == contracts.EventFinalized && e.Number == 1 {
			block = e.Block - 1
		}
	}
	if res.LastFinalized > 0 && block == res.Block {
		return nil // batch 1's finalization is before FromBlock
	}
	root, err := r.FinalizedRootAt(ctx, new(big.Int).SetUint64(block))
	if err != nil {
		return nil // state at that block is gone: batch 1 checks it
	}
	res.GenesisChecked = true
	if got := hashOf(root); got != res.GenesisRoot {
		return fmt.Errorf("%w: the genesis file's root is %s, the rollup's genesis root %s", ErrMismatch, res.GenesisRoot, got)
	}
	return nil
}

// replay applies batches 1 to LastFinalized from their commit calldata,
// checking each against the root its commit claimed.
func replay(ctx context.Context, r *contracts.Rollup, rb *fsm.Rebuilder, res *Result, events []contracts.Event, from uint64) error {
	commits := make(map[uint64]contracts.Event)
	for _, e := range events {
		if e.Kind == contracts.EventCommitted {
			commits[e.Number] = e
		}
	}
	for n := uint64(1); n <= res.LastFinalized; n++ {
		e, ok := commits[n]
		if !ok {
			return fmt.Errorf("batch %d: no BatchCommitted event from block %d on (is that after the deployment?)", n, from)
		}
		c, err := r.CommitOf(ctx, e.TxHash)
		if err != nil {
			return fmt.Errorf("batch %d: %w", n, err)
		}
		if c.Number != n || c.PostRoot.Cmp(e.PostRoot) != 0 {
			return fmt.Errorf("batch %d: commit transaction %s says batch %d, root %s; its event batch %d, root %s", n, e.TxHash, c.Number, c.PostRoot, n, e.PostRoot)
		}
		ops, err := fsm.DecodePublicData(c.Pubdata, c.Slots)
		if err != nil {
			return fmt.Errorf("batch %d (%d slots): %w", n, c.Slots, err)
		}
		if res.BySize == nil {
			res.BySize = map[int]uint64{}
		}
		res.BySize[c.Slots]++
		root, err := rb.Apply(ops)
		if err != nil {
			res.FirstMismatch = n
			return fmt.Errorf("%w: batch %d: %w", ErrMismatch, n, err)
		}
		res.Replayed, res.Operations = n, res.Operations+len(ops)
		if want := hashOf(c.PostRoot); root != want {
			res.FirstMismatch = n
			return fmt.Errorf("%w: batch %d: rebuilt root %s, committed %s", ErrMismatch, n, root, want)
		}
	}
	return nil
}

func subset(sizes []int, of []int) bool {
	for _, n := range sizes {
		if !slices.Contains(of, n) {
			return false
		}
	}
	return true
}

// hashOf is a root as the contract holds it (a uint256 below the field
// modulus) in fsm's encoding: 32 bytes big-endian.
func hashOf(x *big.Int) fsm.Hash {
	var h fsm.Hash
	if x.Sign() >= 0 && x.BitLen() <= 256 {
		x.FillBytes(h[:])
	}
	return h
}
