package settlement

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

func (s *settler) final(head uint64) uint64 {
	if head < s.conf {
		return 0
	}
	return head - s.conf
}

// startBlock is where a new leader's event scan begins: nothing about a
// batch after the log's last finalized one can precede its commit, and no
// entry after the fsm's priority cursor can precede its queuing.
func (s *settler) startBlock(ctx context.Context, final uint64) (uint64, error) {
	var lastFinal, nextPrio uint64
	s.d.log.Read(func(m *fsm.Machine) { lastFinal, nextPrio = m.LastFinalized(), m.NextPriority() })
	at := new(big.Int).SetUint64(final)
	start := final + 1
	committed, err := s.rollup.CommittedAt(ctx, lastFinal+1, at)
	if err != nil {
		return 0, err
	}
	if committed > 0 {
		start = min(start, committed)
	}
	v, err := s.rollup.ViewAt(ctx, at)
	if err != nil {
		return 0, err
	}
	if nextPrio < v.QueueLength {
		queued, err := s.rollup.QueuedAt(ctx, nextPrio, at)
		if err != nil {
			return 0, err
		}
		start = min(start, queued)
	}
	return start, nil
}

// step is one look at L1.
func (s *settler) step(ctx context.Context) error {
	outcomes, err := s.sender.Poll(ctx)
	for _, o := range outcomes {
		s.finished(o)
	}
	if err != nil {
		return err
	}
	head, err := s.d.cfg.Eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("l1 head: %w", err)
	}
	h := head.Number.Uint64()
	s.m.head.Set(float64(h))
	// Sending does not wait on recording: the contract's state, not the
	// log's L1 marks, says what to send.
	takeErr := s.takeEvents(ctx, s.final(h))
	view, err := s.rollup.ViewAt(ctx, head.Number)
	if err != nil {
		return errors.Join(takeErr, err)
	}
	s.observe(ctx, view)
	return errors.Join(takeErr, s.send(ctx, view))
}

// finished accounts for a transaction that is now final.
func (s *settler) finished(o contracts.Outcome) {
	call, _, _ := strings.Cut(o.Key, "/")
	if call == "" {
		call = "filler"
	}
	if o.Receipt == nil {
		s.d.slog.Info("l1 transaction replaced by another one with its nonce", "key", o.Key, "nonce", o.Nonce)
		return
	}
	s.m.gas.WithLabelValues(call).Add(float64(o.Receipt.GasUsed))
	if !o.Succeeded() {
		s.m.reverted.WithLabelValues(call).Inc()
		s.d.slog.Info("l1 transaction reverted", "key", o.Key, "tx", o.Receipt.TxHash, "gas", o.Receipt.GasUsed)
		if s.backoff[o.Key].IsZero() && o.Key != "" {
			s.backoff[o.Key] = s.d.clock.Now().Add(s.revertBackoff())
		}
		if k, ok := s.gasKeyOf(o.Key); ok && o.Receipt.GasUsed >= o.Gas {
			// Out of gas: this chain charges more than the floor
			// assumed for this call and size. Double, so a few
			// failures find its price.
			s.gas[k] = min(max(s.gas[k], 2*o.Gas), maxGas)
			s.d.slog.Warn("l1 transaction ran out of gas; raising the limit", "call", k, "gas", s.gas[k])
		}
	}
}

// takeEvents records the rollup's events up to the final block: posted
// and finalized batches through Raft, priority entries into the mempool.
// Only final blocks: a reorg shallower than the confirmations cannot
// undo what the log says.
func (s *settler) takeEvents(ctx context.Context, final uint64) error {
	if s.cursor > final {
		return nil
	}
	events, err := s.rollup.Events(ctx, s.cursor, final,
		contracts.EventCommitted, contracts.EventFinalized, contracts.EventDeposit, contracts.EventForcedExit)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := s.take(ctx, e); err != nil {
			// Scan again from where the log's state says: an event
			// missed before (a node that answered with a partial
			// view) comes back, and what was taken is a no-op then.
			if start, serr := s.startBlock(ctx, final); serr == nil {
				s.cursor = min(s.cursor, start)
			}
			return err
		}
	}
	s.cursor = final + 1
	return nil
}

func (s *settler) take(ctx context.Context, e contracts.Event) error {
	var (
		rec       fsm.BatchRecord
		ok        bool
		lastFinal uint64
		nextPrio  uint64
	)
	s.d.log.Read(func(m *fsm.Machine) {
		rec, ok = m.Batch(e.Number)
		lastFinal, nextPrio = m.LastFinalized(), m.NextPriority()
	})
	switch e.Kind {
	case contracts.EventCommitted:
		if !ok || rec.PostedRef != (fsm.Hash{}) || rec.State == fsm.StateFinalized {
			return nil
		}
		if err := s.matches(&rec, e); err != nil {
			// Not this log's batch: another key committed it, or the
			// log forked from what was posted. Never recorded; loud.
			s.m.mismatch.Inc()
			s.d.slog.Error("l1 commit does not match the log", "batch", e.Number, "tx", e.TxHash, "err", err)
			return nil
		}
		cmd := fsm.Command{Type: fsm.CmdRecordPosted, Number: e.Number, Ref: fsm.Hash(e.TxHash)}
		if _, err := s.d.log.Propose(cmd); err != nil {
			return fmt.Errorf("record posted %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues("posted").Inc()
	case contracts.EventFinalized:
		if !ok || e.Number <= lastFinal {
			return nil
		}
		cmd := fsm.Command{Type: fsm.CmdMarkFinalized, Number: e.Number, Ref: fsm.Hash(e.TxHash)}
		if _, err := s.d.log.Propose(cmd); err != nil {
			return fmt.Errorf("mark finalized %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues("finalized").Inc()
		s.m.toFinal.Observe(s.d.clock.Now().Sub(time.UnixMilli(rec.Header.Timestamp)).Seconds())
	case contracts.EventDeposit, contracts.EventForcedExit:
		if e.Number < nextPrio {
			return nil
		}
		tx := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: e.Number, L1Addr: fsm.L1Address(e.Owner)}
		if e.Kind == contracts.EventDeposit {
			tx.PubKey, tx.Amount = fsm.PubKey(e.PubKey), e.Amount
		} else {
			tx.Kind, tx.From = fsm.KindForcedExit, e.Account
		}
		// A repeat is no error: the mempool keeps one per hash, and
		// the batcher refuses an entry a batch already consumed.
		if err := s.d.pool.AddPriority(ctx, tx); err != nil {
			return fmt.Errorf("priority entry %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues(tx.Kind.String()).Inc()
	}
	return nil
}

// matches checks an L1 commit against the log's batch.
func (s *settler) matches(rec *fsm.BatchRecord, e contracts.Event) error {
	pub, _, err := s.publicData(rec)
	if err != nil {
		return err
	}
	c := fsm.DataCommitment(pub)
	switch {
	case e.PostRoot.Cmp(new(big.Int).SetBytes(rec.Header.PostRoot[:])) != 0:
		return fmt.Errorf("post root %#x, log %s", e.PostRoot, rec.Header.PostRoot)
	case e.Commitment.Cmp(c.BigInt(new(big.Int))) != 0:
		return fmt.Errorf("data commitment %#x differs from the log's", e.Commitment)
	}
	return nil
}

// observe samples gauges an operator alerts on.
func (s *settler) observe(ctx context.Context, v contracts.View) {
	s.m.committed.Set(float64(v.LastCommitted))
	s.m.finalized.Set(float64(v.LastFinalized))
	var head uint64
	s.d.log.Read(func(m *fsm.Machine) { head = m.Head().Number })
	s.m.lag.Set(float64(head - min(head, v.LastCommitted)))
	age := 0.0
	if v.NextPriority < v.QueueLength {
		if at, err := s.rollup.QueuedAt(ctx, v.NextPriority, new(big.Int).SetUint64(v.Block)); err == nil {
			age = float64(v.Block - min(v.Block, at))
			if limit := s.rollup.Params.InclusionDeadline; uint64(age) > limit/2 {
				s.d.slog.Warn("priority entry past half its inclusion deadline", "index", v.NextPriority, "age_blocks", age, "deadline_blocks", limit)
			}
		}
	}
	s.m.queueAge.Set(age)
	s.m.deadline.Set(float64(s.rollup.Params.InclusionDeadline))
	lv := wire.L1View{Block: v.Block, LastCommitted: v.LastCommitted, LastFinalized: v.LastFinalized,
		QueueBacklog: v.QueueLength - min(v.QueueLength, v.NextPriority), OldestAgeBlocks: uint64(age),
		InclusionDeadline: s.rollup.Params.InclusionDeadline, Sender: s.sender.From().Hex(), AtMs: s.d.clock.Now().UnixMilli()}
	if bal, err := s.d.cfg.Eth.BalanceAt(ctx, s.sender.From(), nil); err == nil {
		f, _ := new(big.Float).SetInt(bal).Float64()
		s.m.balance.Set(f)
		lv.BalanceWei = bal.String()
	}
	s.d.observed(lv)
}

// send puts on L1 what the contract lacks, in batch order: commits for the
// log's batches beyond the contract's last committed one, then proofs from
// the log for the batches after its last finalized one. What is already
// in flight is not sent again; what reverted is, after a backoff.
func (s *settler) send(ctx context.Context, v contracts.View) error {
	inflight := map[string]bool{}
	pending := s.sender.Pending()
	for _, p := range pending {
		switch {
		case !p.Reverted:
			inflight[p.Key] = true
		case s.backoff[p.Key].IsZero():
			s.backoff[p.Key] = s.d.clock.Now().Add(s.revertBackoff())
		}
	}
	room := s.window - len(pending)
	var head uint64
	s.d.log.Read(func(m *fsm.Machine) { head = m.Head().Number })
	type call struct {
		key  string
		data []byte
		gas  uint64
	}
	var calls []call
	committed := v.LastCommitted // committed on L1 or in flight before what comes next
	for b := v.LastCommitted + 1; b <= head && len(calls) < room; b++ {
		key := "commit/" + strconv.FormatUint(b, 10)
		if !inflight[key] {
			if s.d.clock.Now().Before(s.backoff[key]) {
				break
			}
			rec, ok := s.batch(b)
			if !ok {
				break
			}
			data, gk, err := s.commitCall(&rec)
			if err != nil {
				return err
			}
			if b == v.LastCommitted+1 {
				s.estimate(ctx, gk, data)
			}
			calls = append(calls, call{key, data, s.gas[gk]})
		}
		committed = b
	}
	if ps := s.d.proofs; ps != nil {
		for b := v.LastFinalized + 1; b <= committed && len(calls) < room; b++ {
			key := "prove/" + strconv.FormatUint(b, 10)
			if inflight[key] {
				continue
			}
			rec, ok := s.batch(b)
			if !ok || rec.State < fsm.StateProven || len(rec.Proof) == 0 || s.d.clock.Now().Before(s.backoff[key]) {
				break
			}
			if ok, err := s.mayProve(ctx, v, &rec); err != nil {
				return err
			} else if !ok {
				break
			}
			data, gk, err := s.proveCall(ps, &rec)
			if err != nil {
				return err
			}
			if b == v.LastFinalized+1 && b <= v.LastCommitted {
				s.estimate(ctx, gk, data)
			}
			calls = append(calls, call{key, data, s.gas[gk]})
		}
	}
	if len(calls) == 0 {
		return nil
	}
	// A replica that lost leadership without noticing yet must not send:
	// its transactions would only revert, but they cost gas.
	if err := s.d.log.VerifyLeader(ctx); err != nil {
		return fmt.Errorf("not sending: %w", err)
	}
	for _, c := range calls {
		if _, err := s.sender.Send(ctx, c.key, s.rollup.Address(), c.data, c.gas); err != nil {
			return fmt.Errorf("send %s: %w", c.key, err)
		}
		delete(s.backoff, c.key)
		call, _, _ := strings.Cut(c.key, "/")
		s.m.sent.WithLabelValues(call).Inc()
	}
	return nil
}

// mayProve checks batch rec against its commit on L1 as of v, where it is
// there: committed for the size this replica proves it with (replicas
// whose genesis names other circuit_sizes would send proofs that revert
// BadProof forever), and, when the sequencer is not a permissioned
// prover, past its proving deadline. false, nil: not yet.
func (s *settler) mayProve(ctx context.Context, v contracts.View, rec *fsm.BatchRecord) (bool, error) {
	b := rec.Header.Number
	if b > v.LastCommitted && s.rollup.SequencerProves {
		return true, nil // its commit is in flight: proven right behind it
	}
	at, slots, err := s.rollup.Committed(ctx, b, new(big.Int).SetUint64(v.Block))
	if err != nil {
		return false, err
	}
	if want, err := s.d.sizes.For(rec.Txs); slots != 0 && (err != nil || slots != want) {
		return false, fmt.Errorf("batch %d was committed on L1 for %d slots, this replica proves it with %d: do all replicas' genesis files name the same circuit_sizes? (%v)", b, slots, want, err)
	}
	if !s.rollup.SequencerProves && (at == 0 || v.Block <= at+s.rollup.Params.ProveDeadline) {
		return false, nil // only past the proving deadline may it prove at all
	}
	return true, nil
}

// commitCall is batch rec's commitBatch calldata and the name of its gas
// limit: the data laid out for its size, with only the wide entries in
// use (the contract pads the rest back with zeros before hashing).
func (s *settler) commitCall(rec *fsm.BatchRecord) ([]byte, string, error) {
	pub, slots, err := s.publicData(rec)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d public data: %w", rec.Header.Number, err)
	}
	posted := fsm.PostedData(pub, slots)
	return s.rollup.CommitCall(rec.Header.Number, new(big.Int).SetBytes(rec.Header.PostRoot[:]), slots, posted), gasKey("commit", slots), nil
}

// proveCall is batch rec's proveBatch calldata and the name of its gas
// limit: its recorded proof and its payouts.
func (s *settler) proveCall(ps Proofs, rec *fsm.BatchRecord) ([]byte, string, error) {
	b := rec.Header.Number
	proof, err := ps.SolidityProof(rec.Proof)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d proof: %w", b, err)
	}
	pub, slots, err := s.publicData(rec)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d public data: %w", b, err)
	}
	payouts, err := fsm.Payouts(pub, slots)
	if err != nil {
		return nil, "", fmt.Errorf("batch %d payouts: %w", b, err)
	}
	return s.rollup.ProveCall(b, proof, payouts), gasKey("prove", slots), nil
}

// gasKeyOf is the gas limit name of the call a sender key ("commit/12")
// stands for: its call and its batch's circuit size.
func (s *settler) gasKeyOf(key string) (string, bool) {
	call, num, _ := strings.Cut(key, "/")
	b, err := strconv.ParseUint(num, 10, 64)
	if (call != "commit" && call != "prove") || err != nil {
		return "", false
	}
	rec, ok := s.batch(b)
	if !ok {
		return "", false
	}
	slots, err := s.d.sizes.For(rec.Txs)
	return gasKey(call, slots), err == nil
}

// gasKey names the gas limit of call ("commit", "prove") for batches of
// slots slots.
func gasKey(call string, slots int) string { return call + "/" + strconv.Itoa(slots) }

// publicData lays out rec's operations for the smallest circuit size that
// holds them, the size it is committed and proven with.
func (s *settler) publicData(rec *fsm.BatchRecord) ([]byte, int, error) {
	slots, err := s.d.sizes.For(rec.Txs)
	if err != nil {
		return nil, 0, err
	}
	pub, err := fsm.PublicData(rec.Txs, rec.Receipts, slots)
	return pub, slots, err
}

// estimate raises the call's gas limit to a quarter over the node's
// estimate. Only for a call next in line: behind a pending one, the latest
// state would make it revert. A failed estimate (the call would revert
// now) changes nothing; the send finds out.
func (s *settler) estimate(ctx context.Context, call string, data []byte) {
	to := s.rollup.Address()
	est, err := s.d.cfg.Eth.EstimateGas(ctx, ethereum.CallMsg{From: s.sender.From(), To: &to, Data: data})
	if err != nil {
		return
	}
	s.gas[call] = min(max(s.gas[call], est+est/4), maxGas)
}

// maxGas stays under the per-transaction cap (2^24) nodes enforce since
// Osaka.
const maxGas = 15_000_000

// revertBackoff is how long a call that reverted waits to be sent again.
func (s *settler) revertBackoff() time.Duration {
	return 10 * cmp.Or(s.d.cfg.Poll, time.Second)
}

// batch reads a batch that still has its operations (not finalized).
func (s *settler) batch(b uint64) (fsm.BatchRecord, bool) {
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	s.d.log.Read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok && rec.State != fsm.StateFinalized
}
