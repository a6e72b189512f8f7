package fsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// Config holds the consensus parameters. Every replica must run with the same
// values (they travel in the genesis file), since each one changes which
// batches are valid.
type Config struct {
	// ChainID is part of every signed message, so a signature made for one
	// rollup is worthless on another.
	ChainID uint64 `json:"chain_id"`
	// TreeDepth is the depth of the account tree: 2^TreeDepth accounts. The
	// prover's circuit is compiled for one depth.
	TreeDepth int `json:"tree_depth"`
	// FeeAccount receives every fee. It must exist in genesis.
	FeeAccount uint32 `json:"fee_account"`
	// CheckpointInterval is K: every K-th batch records a checkpoint of the
	// state root, and the cluster snapshots its state there.
	CheckpointInterval uint64 `json:"checkpoint_interval"`
	// MaxBatchTxs is the most operations one batch may carry; the circuit's
	// batch size bounds it from above once provers exist.
	MaxBatchTxs int `json:"max_batch_txs"`
}

// DefaultConfig returns the devnet parameters.
func DefaultConfig() Config {
	return Config{
		ChainID:            412,
		TreeDepth:          20,
		FeeAccount:         0,
		CheckpointInterval: 64,
		MaxBatchTxs:        1024,
	}
}

// HardMaxBatchTxs caps MaxBatchTxs whatever the config says, so that a
// command's size is bounded before it is decoded.
const HardMaxBatchTxs = 16384

// Validate checks the config without changing it.
func (c Config) Validate() error {
	var errs []error
	if c.TreeDepth < 2 || c.TreeDepth > MaxDepth {
		errs = append(errs, fmt.Errorf("tree_depth %d not in [2, %d]", c.TreeDepth, MaxDepth))
	}
	if c.CheckpointInterval == 0 {
		errs = append(errs, errors.New("checkpoint_interval must be positive"))
	}
	if c.MaxBatchTxs < 1 || c.MaxBatchTxs > HardMaxBatchTxs {
		errs = append(errs, fmt.Errorf("max_batch_txs %d not in [1, %d]", c.MaxBatchTxs, HardMaxBatchTxs))
	}
	return errors.Join(errs...)
}

// Genesis is the state every replica starts from: the consensus parameters
// and the funded accounts, which get indices 0, 1, ... in file order.
type Genesis struct {
	Config
	// Timestamp (Unix milliseconds) of batch 0; later batches never go back.
	Timestamp int64            `json:"timestamp"`
	Accounts  []GenesisAccount `json:"accounts"`
	// CircuitSizes are the circuits batches are proven with (see Sizes);
	// empty means max_batch_txs alone.
	CircuitSizes Sizes `json:"circuit_sizes,omitempty"`
}

// GenesisAccount is one funded account.
type GenesisAccount struct {
	PubKey  PubKey    `json:"pubkey"`
	Owner   L1Address `json:"owner"`
	Balance uint64    `json:"balance"`
}

// Validate checks the genesis without changing it.
func (g *Genesis) Validate() error {
	if err := g.Config.Validate(); err != nil {
		return err
	}
	if len(g.CircuitSizes) > 0 {
		if err := g.CircuitSizes.Validate(g.MaxBatchTxs); err != nil {
			return err
		}
	}
	if uint64(len(g.Accounts)) > uint64(1)<<g.TreeDepth {
		return fmt.Errorf("%d genesis accounts do not fit depth %d", len(g.Accounts), g.TreeDepth)
	}
	if int(g.FeeAccount) >= len(g.Accounts) {
		return fmt.Errorf("fee_account %d is not a genesis account", g.FeeAccount)
	}
	seen := make(map[PubKey]bool, len(g.Accounts))
	for i, a := range g.Accounts {
		if _, err := a.PubKey.point(); err != nil {
			return fmt.Errorf("genesis account %d: %w", i, err)
		}
		if seen[a.PubKey] {
			return fmt.Errorf("genesis account %d: duplicate public key", i)
		}
		seen[a.PubKey] = true
	}
	return nil
}

// ReadGenesis reads and validates a genesis file (JSON), the one every
// replica, prover and L1 tool of a chain starts from.
func ReadGenesis(path string) (Genesis, error) {
	var g Genesis
	b, err := os.ReadFile(path)
	if err != nil {
		return g, fmt.Errorf("genesis: %w", err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return g, fmt.Errorf("genesis %s: %w", path, err)
	}
	return g, g.Validate()
}
