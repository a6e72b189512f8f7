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
	// Slots is the circuit size the data is laid out for.
	Slots   int
	Pubdata []byte
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
	if len(args) != 4 {
		return Commit{}, fmt.Errorf("commitBatch calldata: %d arguments", len(args))
	}
	n, ok1 := args[0].(*big.Int)
	root, ok2 := args[1].(*big.Int)
	slots, ok3 := args[2].(*big.Int)
	pub, ok4 := args[3].([]byte)
	if !ok1 || !ok2 || !ok3 || !ok4 || !n.IsUint64() || !slots.IsInt64() || slots.Int64() > 1<<20 {
		return Commit{}, fmt.Errorf("commitBatch calldata: unexpected arguments %v", args)
	}
	return Commit{Number: n.Uint64(), PostRoot: root, Slots: int(slots.Int64()), Pubdata: pub}, nil
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
