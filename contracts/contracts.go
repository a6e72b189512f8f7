// Package contracts holds baton's L1 contracts: Solidity sources (src/),
// the artifacts a pinned solc made of them (artifacts/, `make contracts`),
// their Go bindings (bindings/), and deploy helpers. Builds need no node:
// artifacts and bindings are committed.
package contracts

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

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
	addr, tx, err := bind.DeployContract(auth, common.FromHex(bindings.Groth16VerifierMetaData.Bin), backend, v.PackConstructor(vk))
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy verifier: %w", err)
	}
	if _, err := bind.WaitDeployed(ctx, backend, tx.Hash()); err != nil {
		return common.Address{}, fmt.Errorf("deploy verifier: %w", err)
	}
	return addr, nil
}
