package contracts

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/baton-rollup/baton/contracts/bindings"
)

// Rollup reads a deployed rollup contract through an Eth node and packs
// its calls. It holds no state of the chain: every read names the block it
// is about.
type Rollup struct {
	eth  Eth
	addr common.Address
	abi  *bindings.Rollup
	// Params as deployed (immutables), read once.
	Params RollupParams
	// SequencerProves: the sequencer is a permissioned prover, so the
	// leader may submit proofs before the proving deadline.
	SequencerProves bool
}

// MaxLogRange bounds the blocks one eth_getLogs call spans: public nodes
// refuse wide ranges.
const MaxLogRange = 2000

// OpenRollup checks that addr holds a rollup and reads its parameters.
func OpenRollup(ctx context.Context, eth Eth, addr common.Address) (*Rollup, error) {
	r := &Rollup{eth: eth, addr: addr, abi: bindings.NewRollup()}
	words := []struct {
		pack   []byte
		unpack func([]byte) (*big.Int, error)
		dst    *uint64
	}{
		{r.abi.PackProveDeadline(), r.abi.UnpackProveDeadline, &r.Params.ProveDeadline},
		{r.abi.PackInclusionDeadline(), r.abi.UnpackInclusionDeadline, &r.Params.InclusionDeadline},
	}
	for _, w := range words {
		v, err := callUint(ctx, r, w.pack, w.unpack, nil)
		if err != nil {
			return nil, fmt.Errorf("rollup at %s: %w", addr, err)
		}
		*w.dst = v
	}
	out, err := r.call(ctx, r.abi.PackCircuitSizes(), nil)
	if err != nil {
		return nil, fmt.Errorf("rollup at %s: %w", addr, err)
	}
	sizes, err := r.abi.UnpackCircuitSizes(out)
	if err != nil {
		return nil, fmt.Errorf("rollup at %s: circuitSizes: %w", addr, err)
	}
	for _, s := range sizes {
		r.Params.Sizes = append(r.Params.Sizes, int(s.Int64()))
	}
	depth, err := callUint(ctx, r, r.abi.PackTreeDepth(), r.abi.UnpackTreeDepth, nil)
	if err != nil {
		return nil, fmt.Errorf("rollup at %s: %w", addr, err)
	}
	r.Params.TreeDepth = int(depth)
	out, err = r.call(ctx, r.abi.PackSequencer(), nil)
	if err != nil {
		return nil, fmt.Errorf("rollup at %s: %w", addr, err)
	}
	if r.Params.Sequencer, err = r.abi.UnpackSequencer(out); err != nil {
		return nil, fmt.Errorf("rollup at %s: sequencer: %w", addr, err)
	}
	if out, err = r.call(ctx, r.abi.PackIsProver(r.Params.Sequencer), nil); err != nil {
		return nil, fmt.Errorf("rollup at %s: %w", addr, err)
	}
	if r.SequencerProves, err = r.abi.UnpackIsProver(out); err != nil {
		return nil, fmt.Errorf("rollup at %s: isProver: %w", addr, err)
	}
	return r, nil
}

// Address is the contract's.
func (r *Rollup) Address() common.Address { return r.addr }

func (r *Rollup) call(ctx context.Context, data []byte, block *big.Int) ([]byte, error) {
	out, err := r.eth.CallContract(ctx, ethereum.CallMsg{To: &r.addr, Data: data}, block)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no contract code (wrong address or block before deployment)")
	}
	return out, nil
}

func callUint(ctx context.Context, r *Rollup, data []byte, unpack func([]byte) (*big.Int, error), block *big.Int) (uint64, error) {
	out, err := r.call(ctx, data, block)
	if err != nil {
		return 0, err
	}
	v, err := unpack(out)
	if err != nil {
		return 0, err
	}
	if !v.IsUint64() {
		return 0, fmt.Errorf("value %s out of range", v)
	}
	return v.Uint64(), nil
}

// View is the contract's progress at one block.
type View struct {
	Block         uint64
	LastCommitted uint64
	LastFinalized uint64
	// NextPriority is the first queue entry no commit consumed yet;
	// QueueLength the number ever queued.
	NextPriority uint64
	QueueLength  uint64
}

// ViewAt reads the contract's progress at block (nil: latest).
func (r *Rollup) ViewAt(ctx context.Context, block *big.Int) (View, error) {
	var v View
	if block == nil {
		h, err := r.eth.HeaderByNumber(ctx, nil)
		if err != nil {
			return v, fmt.Errorf("l1 head: %w", err)
		}
		block = h.Number
	}
	v.Block = block.Uint64()
	for _, f := range []struct {
		pack   []byte
		unpack func([]byte) (*big.Int, error)
		dst    *uint64
	}{
		{r.abi.PackLastCommitted(), r.abi.UnpackLastCommitted, &v.LastCommitted},
		{r.abi.PackLastFinalized(), r.abi.UnpackLastFinalized, &v.LastFinalized},
		{r.abi.PackNextPriority(), r.abi.UnpackNextPriority, &v.NextPriority},
		{r.abi.PackQueueLength(), r.abi.UnpackQueueLength, &v.QueueLength},
	} {
		x, err := callUint(ctx, r, f.pack, f.unpack, block)
		if err != nil {
			return v, fmt.Errorf("rollup view at block %d: %w", v.Block, err)
		}
		*f.dst = x
	}
	return v, nil
}

// CommittedAt is the block that committed batch n, as of block (0: not
// committed then).
func (r *Rollup) CommittedAt(ctx context.Context, n uint64, block *big.Int) (uint64, error) {
	at, _, err := r.Committed(ctx, n, block)
	return at, err
}

// Committed is the block that committed batch n and the circuit size it
// was committed for, as of block (0, 0: not committed then).
func (r *Rollup) Committed(ctx context.Context, n uint64, block *big.Int) (at uint64, slots int, err error) {
	out, err := r.call(ctx, r.abi.PackBatches(new(big.Int).SetUint64(n)), block)
	if err != nil {
		return 0, 0, fmt.Errorf("rollup batch %d: %w", n, err)
	}
	b, err := r.abi.UnpackBatches(out)
	if err != nil {
		return 0, 0, fmt.Errorf("rollup batch %d: %w", n, err)
	}
	return b.CommittedAt, int(b.Slots), nil
}

// QueuedAt is the block that queued priority entry i, as of block.
func (r *Rollup) QueuedAt(ctx context.Context, i uint64, block *big.Int) (uint64, error) {
	out, err := r.call(ctx, r.abi.PackQueue(new(big.Int).SetUint64(i)), block)
	if err != nil {
		return 0, fmt.Errorf("rollup queue entry %d: %w", i, err)
	}
	q, err := r.abi.UnpackQueue(out)
	if err != nil {
		return 0, fmt.Errorf("rollup queue entry %d: %w", i, err)
	}
	return q.QueuedAt.Uint64(), nil
}

// CommitCall is commitBatch's calldata: posted public data (fsm.PostedData)
// laid out for slots slots.
func (r *Rollup) CommitCall(n uint64, postRoot *big.Int, slots int, pubdata []byte) []byte {
	return r.abi.PackCommitBatch(new(big.Int).SetUint64(n), postRoot, big.NewInt(int64(slots)), pubdata)
}

// ProveCall is proveBatch's calldata: the batch's payouts (fsm.Payouts)
// go with the proof; its public data does not (the commit kept its hash).
func (r *Rollup) ProveCall(n uint64, proof [8]*big.Int, payouts []byte) []byte {
	return r.abi.PackProveBatch(new(big.Int).SetUint64(n), proof, payouts)
}

// Gas limit floors for a batch of slots slots, for its worst case under
// mainnet's current gas schedule: every slot a priority entry to match
// (commit) or a payout to credit (prove: one per wide entry at most).
// Unused gas is not charged. The leader raises them with estimates where
// an estimate can run (the call is next in line) and after an
// out-of-gas failure: chains price storage differently (geth --dev runs
// future forks that charge several times more for new slots).
func (r *Rollup) CommitGas(slots int) uint64 { return 150_000 + 12_000*uint64(slots) }
func (r *Rollup) ProveGas(slots int) uint64 {
	wide := max(min(slots, 4), slots/16) // fsm.WideEntries
	return 350_000 + 32_000*uint64(wide)
}

// Event is one of the rollup's logs that baton acts on, decoded.
type Event struct {
	Kind   EventKind
	Number uint64 // batch (committed, finalized) or queue index (priority)
	Block  uint64
	TxHash common.Hash
	// PostRoot and Commitment: BatchCommitted; PostRoot: BatchFinalized.
	PostRoot, Commitment *big.Int
	// Deposit: PubKey, Owner, Amount (gwei). ForcedExit: Account, Owner.
	PubKey  [32]byte
	Owner   common.Address
	Amount  uint64
	Account uint32
}

// EventKind names the events Events returns.
type EventKind uint8

const (
	EventCommitted EventKind = iota + 1
	EventFinalized
	EventDeposit
	EventForcedExit
)

// Events returns the rollup's logs of the given kinds in blocks
// [from, to], in chain order, in ranges of at most MaxLogRange blocks.
func (r *Rollup) Events(ctx context.Context, from, to uint64, kinds ...EventKind) ([]Event, error) {
	a := r.abi.GetABI()
	names := map[EventKind]string{EventCommitted: "BatchCommitted", EventFinalized: "BatchFinalized",
		EventDeposit: "Deposit", EventForcedExit: "ForcedExitRequested"}
	var topics []common.Hash
	for _, k := range kinds {
		topics = append(topics, a.Events[names[k]].ID)
	}
	var out []Event
	for lo := from; lo <= to; lo += MaxLogRange {
		hi := min(to, lo+MaxLogRange-1)
		logs, err := r.eth.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(lo), ToBlock: new(big.Int).SetUint64(hi),
			Addresses: []common.Address{r.addr}, Topics: [][]common.Hash{topics},
		})
		if err != nil {
			return nil, fmt.Errorf("rollup logs %d-%d: %w", lo, hi, err)
		}
		for i := range logs {
			if logs[i].Removed {
				continue
			}
			e, err := r.decode(&logs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	// Nodes return logs in chain order; sorting keeps that a fact here.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Block < out[j].Block })
	return out, nil
}

func (r *Rollup) decode(l *types.Log) (Event, error) {
	e := Event{Block: l.BlockNumber, TxHash: l.TxHash}
	a := r.abi.GetABI()
	var err error
	switch l.Topics[0] {
	case a.Events["BatchCommitted"].ID:
		var ev *bindings.RollupBatchCommitted
		if ev, err = r.abi.UnpackBatchCommittedEvent(l); err == nil {
			e.Kind, e.Number, e.PostRoot, e.Commitment = EventCommitted, ev.Number.Uint64(), ev.PostRoot, ev.Commitment
		}
	case a.Events["BatchFinalized"].ID:
		var ev *bindings.RollupBatchFinalized
		if ev, err = r.abi.UnpackBatchFinalizedEvent(l); err == nil {
			e.Kind, e.Number, e.PostRoot = EventFinalized, ev.Number.Uint64(), ev.PostRoot
		}
	case a.Events["Deposit"].ID:
		var ev *bindings.RollupDeposit
		if ev, err = r.abi.UnpackDepositEvent(l); err == nil {
			e.Kind, e.Number, e.PubKey, e.Owner, e.Amount = EventDeposit, ev.Index.Uint64(), ev.Pubkey, ev.Owner, ev.Amount
		}
	case a.Events["ForcedExitRequested"].ID:
		var ev *bindings.RollupForcedExitRequested
		if ev, err = r.abi.UnpackForcedExitRequestedEvent(l); err == nil {
			e.Kind, e.Number, e.Account, e.Owner = EventForcedExit, ev.Index.Uint64(), ev.Account, ev.Owner
		}
	default:
		return e, fmt.Errorf("rollup log %s: unknown event", l.TxHash)
	}
	if err != nil {
		return e, fmt.Errorf("rollup log %s: %w", l.TxHash, err)
	}
	return e, nil
}
