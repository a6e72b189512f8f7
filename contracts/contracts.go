// Package contracts holds baton's L1 contracts: Solidity sources (src/),
// the artifacts a pinned solc made of them (artifacts/, `make contracts`),
// their Go bindings (bindings/), and deploy helpers. Builds need no node:
// artifacts and bindings are committed.
package contracts

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

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
	Verifier  common.Address
	Sequencer common.Address
	// Slots is the circuit's batch size; GenesisRoot the fsm's state root
	// at genesis; TreeDepth its tree depth.
	Slots       int
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
	args := r.PackConstructor(p.Verifier, p.Sequencer, big.NewInt(int64(p.Slots)), p.GenesisRoot,
		new(big.Int).SetUint64(p.ProveDeadline), big.NewInt(int64(p.TreeDepth)), new(big.Int).SetUint64(p.InclusionDeadline), p.Provers)
	addr, _, err := DeployCode(ctx, auth, backend, common.FromHex(bindings.RollupMetaData.Bin), args)
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy rollup: %w", err)
	}
	return addr, nil
}
