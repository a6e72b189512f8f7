// Package contracts holds baton's L1 contracts: Solidity sources (src/),
// the artifacts a pinned solc made of them (artifacts/, `make contracts`),
// their Go bindings (bindings/), deploy helpers (Deploy is `baton l1
// deploy` and the devnet's), the sequencer account's keystore and node
// (ReadKeystore, DialL1), the leader's Rollup reader and Sender, and an
// embedded L1 (StartL1). Builds need no node: artifacts and bindings are
// committed.
package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// Backend is what deploying and calling needs of an L1 node: an RPC
// client, or the simulated backend's.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// DeployVerifier deploys a Groth16Verifier for one verifying key (in
// prover.Keys.SolidityKey's layout) and waits until it is mined.
func DeployVerifier(ctx context.Context, auth *bind.TransactOpts, backend Backend, vk [22]*big.Int) (common.Address, error) {
	v := bindings.NewGroth16Verifier()
	addr, _, err := DeployCode(ctx, auth, backend, common.FromHex(bindings.Groth16VerifierMetaData.Bin), v.PackConstructor(vk))
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy verifier: %w", err)
	}
	return addr, nil
}

// DeployCode deploys bytecode with its packed constructor arguments and
// waits until it is mined; the receipt tells the gas.
func DeployCode(ctx context.Context, auth *bind.TransactOpts, backend Backend, code, args []byte) (common.Address, *types.Receipt, error) {
	addr, tx, err := bind.DeployContract(auth, code, backend, args)
	if err != nil {
		return common.Address{}, nil, err
	}
	r, err := bind.WaitMined(ctx, backend, tx.Hash())
	if err != nil {
		return common.Address{}, nil, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, r, errors.New("deployment reverted")
	}
	return addr, r, nil
}

// RollupParams are the rollup contract's constructor arguments.
type RollupParams struct {
	// Sizes are the circuit sizes (ascending), Verifiers their verifiers,
	// one each in the same order (OpenRollup reads no verifiers).
	Sizes     []int
	Verifiers []common.Address
	Sequencer common.Address
	// GenesisRoot is the fsm's state root at genesis; TreeDepth its tree
	// depth.
	GenesisRoot *big.Int
	TreeDepth   int
	// ProveDeadline and InclusionDeadline are in L1 blocks.
	ProveDeadline     uint64
	InclusionDeadline uint64
	Provers           []common.Address
}

// DeployRollup deploys the rollup contract and waits until it is mined.
func DeployRollup(ctx context.Context, auth *bind.TransactOpts, backend Backend, p RollupParams) (common.Address, error) {
	r := bindings.NewRollup()
	sizes := make([]*big.Int, len(p.Sizes))
	for i, n := range p.Sizes {
		sizes[i] = big.NewInt(int64(n))
	}
	args := r.PackConstructor(p.Verifiers, sizes, p.Sequencer, p.GenesisRoot,
		new(big.Int).SetUint64(p.ProveDeadline), big.NewInt(int64(p.TreeDepth)), new(big.Int).SetUint64(p.InclusionDeadline), p.Provers)
	addr, _, err := DeployCode(ctx, auth, backend, common.FromHex(bindings.RollupMetaData.Bin), args)
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy rollup: %w", err)
	}
	return addr, nil
}

// Circuit is one circuit size a rollup is deployed for: *prover.Keys is
// one. Declared here so that contracts needs neither the prover nor gnark.
type Circuit interface {
	// SolidityKey is the verifying key in the verifier constructor's layout.
	SolidityKey() ([22]*big.Int, error)
	// BatchSize is the circuit's slots per batch.
	BatchSize() int
}

// Deployment is where a rollup lives; `baton l1 deploy` prints it.
type Deployment struct {
	Rollup common.Address `json:"rollup"`
	Block  uint64         `json:"block"`
	// Sizes are the circuit sizes, Verifiers theirs in the same order.
	Sizes     []int            `json:"sizes"`
	Verifiers []common.Address `json:"verifiers"`
}

// DeployParams are the rollup's settings that are not the circuit's.
type DeployParams struct {
	// GenesisRoot is the fsm's state root at genesis (fsm.New(g).Root());
	// TreeDepth the genesis's tree depth.
	GenesisRoot [32]byte
	TreeDepth   int
	// ProveDeadline: L1 blocks after a commit during which only
	// permissioned provers may prove it.
	ProveDeadline uint64
	// InclusionDeadline: L1 blocks a priority entry may wait before
	// commits must include it.
	InclusionDeadline uint64
	// Provers are permissioned besides the sequencer.
	Provers []common.Address
}

// Deploy puts a verifier for each circuit (ascending sizes) and a rollup
// with p on eth, sent from key, which becomes the sequencer (and a
// permissioned prover, so the leader may submit the farm's proofs). The
// devnet and `baton l1 deploy` share it.
func Deploy(ctx context.Context, eth *ethclient.Client, key *ecdsa.PrivateKey, circuits []Circuit, p DeployParams) (Deployment, error) {
	var d Deployment
	chain, err := eth.ChainID(ctx)
	if err != nil {
		return d, err
	}
	auth := bind.NewKeyedTransactor(key, chain)
	auth.Context = ctx
	for _, c := range circuits {
		vk, err := c.SolidityKey()
		if err != nil {
			return d, err
		}
		v, err := DeployVerifier(ctx, auth, eth, vk)
		if err != nil {
			return d, fmt.Errorf("%d slots: %w", c.BatchSize(), err)
		}
		d.Sizes, d.Verifiers = append(d.Sizes, c.BatchSize()), append(d.Verifiers, v)
	}
	seq := crypto.PubkeyToAddress(key.PublicKey)
	d.Rollup, err = DeployRollup(ctx, auth, eth, RollupParams{
		Sizes: d.Sizes, Verifiers: d.Verifiers, Sequencer: seq, GenesisRoot: new(big.Int).SetBytes(p.GenesisRoot[:]),
		TreeDepth: p.TreeDepth, ProveDeadline: p.ProveDeadline, InclusionDeadline: p.InclusionDeadline,
		Provers: append([]common.Address{seq}, p.Provers...)})
	if err != nil {
		return d, err
	}
	if d.Block, err = eth.BlockNumber(ctx); err != nil {
		return d, err
	}
	return d, nil
}
