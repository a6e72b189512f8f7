package contracts

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Commit is one commitBatch call as the rollup's calldata carries it.
type Commit struct {
	Number   uint64
	PostRoot *big.Int
	Pubdata  []byte
}

// CommitOf reads back the commitBatch call of transaction hash (a
// BatchCommitted event's): the batch's public data lives only in that
// calldata, the contract stores its hash. A transaction that does not
// call this rollup's commitBatch is an error.
func (r *Rollup) CommitOf(ctx context.Context, hash common.Hash) (Commit, error) {
	tx, _, err := r.eth.TransactionByHash(ctx, hash)
	if err != nil {
		return Commit{}, fmt.Errorf("commit tx %s: %w", hash, err)
	}
	if tx.To() == nil || *tx.To() != r.addr {
		return Commit{}, fmt.Errorf("commit tx %s: not a call to the rollup at %s", hash, r.addr)
	}
	return r.decodeCommit(tx.Data())
}

// decodeCommit unpacks commitBatch calldata.
func (r *Rollup) decodeCommit(data []byte) (Commit, error) {
	a := r.abi.GetABI()
	m, ok := a.Methods["commitBatch"]
	if !ok || len(data) < 4 || string(data[:4]) != string(m.ID) {
		return Commit{}, errors.New("calldata is not a commitBatch call")
	}
	args, err := m.Inputs.Unpack(data[4:])
	if err != nil {
		return Commit{}, fmt.Errorf("commitBatch calldata: %w", err)
	}
	n, ok1 := args[0].(*big.Int)
	root, ok2 := args[1].(*big.Int)
	pub, ok3 := args[2].([]byte)
	if len(args) != 3 || !ok1 || !ok2 || !ok3 || !n.IsUint64() {
		return Commit{}, fmt.Errorf("commitBatch calldata: unexpected arguments %v", args)
	}
	return Commit{Number: n.Uint64(), PostRoot: root, Pubdata: pub}, nil
}

// FinalizedRootAt is the contract's finalizedRoot at block (nil: latest):
// the state root after lastFinalized, the genesis root before any.
func (r *Rollup) FinalizedRootAt(ctx context.Context, block *big.Int) (*big.Int, error) {
	out, err := r.call(ctx, r.abi.PackFinalizedRoot(), block)
	if err != nil {
		return nil, fmt.Errorf("rollup finalizedRoot: %w", err)
	}
	return r.abi.UnpackFinalizedRoot(out)
}
