package cluster

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
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/fsm"
)

// SettlementConfig connects a replica to the L1 rollup contract. Every
// replica has it; only the leader acts on it.
type SettlementConfig struct {
	Eth    contracts.Eth
	Rollup common.Address
	// Sender holds the sequencer key (the contract's sequencer address),
	// confirmations, fee bumps and the fee cap.
	Sender contracts.SenderConfig
	// Poll is how often the leader looks at L1 (about a block time).
	Poll time.Duration
	// Window bounds the transactions in flight at once.
	Window int
}

type settleMetrics struct {
	sent      *prometheus.CounterVec
	reverted  *prometheus.CounterVec
	gas       *prometheus.CounterVec
	recorded  *prometheus.CounterVec
	mismatch  prometheus.Counter
	head      prometheus.Gauge
	committed prometheus.Gauge
	finalized prometheus.Gauge
	lag       prometheus.Gauge
	queueAge  prometheus.Gauge
	deadline  prometheus.Gauge
	balance   prometheus.Gauge
	toFinal   prometheus.Histogram
}

func newSettleMetrics(reg prometheus.Registerer) *settleMetrics {
	m := &settleMetrics{
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_txs_sent_total", Help: "L1 transactions sent by the leader (first versions), by call."}, []string{"call"}),
		reverted: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_txs_reverted_total", Help: "L1 transactions final with a revert, by call."}, []string{"call"}),
		gas: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_gas_used_total", Help: "Gas of final L1 transactions, by call."}, []string{"call"}),
		recorded: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "baton_l1_events_recorded_total", Help: "Confirmed L1 events recorded through Raft or fed to the mempool, by kind."}, []string{"kind"}),
		mismatch: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "baton_l1_commit_mismatch_total", Help: "Committed batches on L1 whose root or data differ from the log (never recorded)."}),
		head: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_head_block", Help: "Latest L1 block the leader saw."}),
		committed: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_last_committed_batch", Help: "The rollup contract's last committed batch (latest block)."}),
		finalized: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_last_finalized_batch", Help: "The rollup contract's last finalized batch (latest block)."}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_posting_lag_batches", Help: "Batches in the log not yet committed on L1."}),
		queueAge: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_priority_oldest_age_blocks", Help: "Age of the oldest priority entry no commit consumed yet (0: none)."}),
		deadline: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_inclusion_deadline_blocks", Help: "The contract's force-inclusion deadline for priority entries."}),
		balance: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "baton_l1_sequencer_balance_wei", Help: "The sequencer account's L1 balance."}),
		toFinal: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "baton_batch_sequenced_to_finalized_seconds", Help: "From a batch's leader timestamp to its L1 finality being recorded.",
			Buckets: prometheus.ExponentialBuckets(0.5, 2, 14)}),
	}
	reg.MustRegister(m.sent, m.reverted, m.gas, m.recorded, m.mismatch, m.head, m.committed, m.finalized,
		m.lag, m.queueAge, m.deadline, m.balance, m.toFinal)
	// Every call's series exists from the start: a rate() over a series
	// that appears only with its first revert misses that revert.
	for _, call := range []string{"commit", "prove", "filler"} {
		m.sent.WithLabelValues(call)
		m.reverted.WithLabelValues(call)
		m.gas.WithLabelValues(call)
	}
	return m
}

// runSettlement is the leader's L1 duty: post committed batches and
// verified proofs in order, record what confirmed L1 blocks show through
// Raft, and feed the priority queue to the mempool. The contract is the
// arbiter: every send is computed from its state and the log, so a repeat
// (a new leader, a resend) reverts on its checks and harms nothing.
func (n *Node) runSettlement(ctx context.Context) {
	sc := n.cfg.Settlement
	if sc == nil {
		return
	}
	poll := cmp.Or(sc.Poll, time.Second)
	var s *settler
	for wait := poll; s == nil; wait = min(2*wait, time.Minute) {
		var err error
		if s, err = n.openSettler(ctx); err != nil {
			// An unreachable node or a misconfiguration (wrong key,
			// wrong contract): loud, and less often as it persists.
			n.log.Error("l1 settlement not started; retrying", "err", err, "in", wait)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if err := s.step(ctx); err != nil && ctx.Err() == nil {
			// Transient (the node, the network): the sender keeps what
			// it tracks, and the next step starts from the chain again.
			n.log.Warn("l1 settlement step failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// settler is one leadership's L1 state; the chain and the log hold the rest.
type settler struct {
	n      *Node
	rollup *contracts.Rollup
	sender *contracts.Sender
	conf   uint64
	window int
	// cursor is the first L1 block whose events are not yet taken in.
	cursor uint64
	// backoff: calls that reverted wait before they are sent again.
	backoff map[string]time.Time
	// gas is the limit per call kind ("commit", "prove"), raised from
	// the worst-case floor by estimates and out-of-gas failures.
	gas map[string]uint64
	m   *settleMetrics
}

func (n *Node) openSettler(ctx context.Context) (*settler, error) {
	sc := n.cfg.Settlement
	r, err := contracts.OpenRollup(ctx, sc.Eth, sc.Rollup)
	if err != nil {
		return nil, err
	}
	if err := n.checkRollup(r.Params); err != nil {
		return nil, err
	}
	s := &settler{n: n, rollup: r, conf: sc.Sender.Confirmations, window: cmp.Or(sc.Window, 16),
		backoff: map[string]time.Time{}, m: n.metrics.settle,
		gas: map[string]uint64{"commit": r.CommitGas(), "prove": r.ProveGas()}}
	head, err := sc.Eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("l1 head: %w", err)
	}
	if s.cursor, err = s.startBlock(ctx, s.final(head.Number.Uint64())); err != nil {
		return nil, err
	}
	if from := crypto.PubkeyToAddress(sc.Sender.Key.PublicKey); from != r.Params.Sequencer {
		return nil, fmt.Errorf("sequencer key is %s, the contract's sequencer is %s", from, r.Params.Sequencer)
	}
	// The sender outlives one leadership: what it sent last time it led
	// is still its own to follow, and a fresh one would take those nonces
	// over with empty transfers, as if another leader had sent them.
	if n.l1Sender == nil {
		if n.l1Sender, err = contracts.NewSender(ctx, sc.Eth, sc.Sender); err != nil {
			return nil, err
		}
	}
	s.sender = n.l1Sender
	if !r.SequencerProves {
		n.log.Warn("the sequencer is not a permissioned prover: its proofs revert until each batch's proving deadline",
			"deadline_blocks", r.Params.ProveDeadline)
	}
	n.log.Info("l1 settlement start", "rollup", sc.Rollup, "from_block", s.cursor, "confirmations", s.conf)
	return s, nil
}

// checkRollup refuses a contract this chain cannot settle on.
func (n *Node) checkRollup(p contracts.RollupParams) error {
	g := n.cfg.Genesis
	switch {
	case p.TreeDepth != g.TreeDepth:
		return fmt.Errorf("rollup tree depth %d, genesis %d", p.TreeDepth, g.TreeDepth)
	case p.Slots < g.MaxBatchTxs:
		return fmt.Errorf("rollup takes %d slots per batch, genesis allows %d operations", p.Slots, g.MaxBatchTxs)
	case n.cfg.Proving != nil && p.Slots != n.cfg.Proving.System.BatchSize():
		return fmt.Errorf("rollup takes %d slots per batch, the circuit %d", p.Slots, n.cfg.Proving.System.BatchSize())
	}
	return nil
}

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
	s.n.rep.read(func(m *fsm.Machine) { lastFinal, nextPrio = m.LastFinalized(), m.NextPriority() })
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
	head, err := s.n.cfg.Settlement.Eth.HeaderByNumber(ctx, nil)
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
		s.n.log.Info("l1 transaction replaced by another one with its nonce", "key", o.Key, "nonce", o.Nonce)
		return
	}
	s.m.gas.WithLabelValues(call).Add(float64(o.Receipt.GasUsed))
	if !o.Succeeded() {
		s.m.reverted.WithLabelValues(call).Inc()
		s.n.log.Info("l1 transaction reverted", "key", o.Key, "tx", o.Receipt.TxHash, "gas", o.Receipt.GasUsed)
		if s.backoff[o.Key].IsZero() && o.Key != "" {
			s.backoff[o.Key] = time.Now().Add(s.revertBackoff())
		}
		if o.Receipt.GasUsed >= o.Gas && s.gas[call] > 0 {
			// Out of gas: this chain charges more than the floor
			// assumed. Double, so a few failures find its price.
			s.gas[call] = min(max(s.gas[call], 2*o.Gas), maxGas)
			s.n.log.Warn("l1 transaction ran out of gas; raising the limit", "call", call, "gas", s.gas[call])
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
	n := s.n
	var (
		rec       fsm.BatchRecord
		ok        bool
		lastFinal uint64
		nextPrio  uint64
	)
	n.rep.read(func(m *fsm.Machine) {
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
			n.log.Error("l1 commit does not match the log", "batch", e.Number, "tx", e.TxHash, "err", err)
			return nil
		}
		cmd := fsm.Command{Type: fsm.CmdRecordPosted, Number: e.Number, Ref: fsm.Hash(e.TxHash)}
		if _, err := n.propose(cmd.Encode()); err != nil {
			return fmt.Errorf("record posted %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues("posted").Inc()
	case contracts.EventFinalized:
		if !ok || e.Number <= lastFinal {
			return nil
		}
		cmd := fsm.Command{Type: fsm.CmdMarkFinalized, Number: e.Number, Ref: fsm.Hash(e.TxHash)}
		if _, err := n.propose(cmd.Encode()); err != nil {
			return fmt.Errorf("mark finalized %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues("finalized").Inc()
		s.m.toFinal.Observe(time.Since(time.UnixMilli(rec.Header.Timestamp)).Seconds())
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
		if _, err := n.enqueue(ctx, tx, fsm.SigVerified{}, false); err != nil {
			return fmt.Errorf("priority entry %d: %w", e.Number, err)
		}
		s.m.recorded.WithLabelValues(tx.Kind.String()).Inc()
	}
	return nil
}

// matches checks an L1 commit against the log's batch.
func (s *settler) matches(rec *fsm.BatchRecord, e contracts.Event) error {
	pub, err := fsm.PublicData(rec.Txs, rec.Receipts, s.rollup.Params.Slots)
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
	s.n.rep.read(func(m *fsm.Machine) { head = m.Head().Number })
	s.m.lag.Set(float64(head - min(head, v.LastCommitted)))
	age := 0.0
	if v.NextPriority < v.QueueLength {
		if at, err := s.rollup.QueuedAt(ctx, v.NextPriority, new(big.Int).SetUint64(v.Block)); err == nil {
			age = float64(v.Block - min(v.Block, at))
			if limit := s.rollup.Params.InclusionDeadline; uint64(age) > limit/2 {
				s.n.log.Warn("priority entry past half its inclusion deadline", "index", v.NextPriority, "age_blocks", age, "deadline_blocks", limit)
			}
		}
	}
	s.m.queueAge.Set(age)
	s.m.deadline.Set(float64(s.rollup.Params.InclusionDeadline))
	lv := &L1View{Block: v.Block, LastCommitted: v.LastCommitted, LastFinalized: v.LastFinalized,
		QueueBacklog: v.QueueLength - min(v.QueueLength, v.NextPriority), OldestAgeBlocks: uint64(age),
		InclusionDeadline: s.rollup.Params.InclusionDeadline, Sender: s.sender.From().Hex(), AtMs: time.Now().UnixMilli()}
	if bal, err := s.n.cfg.Settlement.Eth.BalanceAt(ctx, s.sender.From(), nil); err == nil {
		f, _ := new(big.Float).SetInt(bal).Float64()
		s.m.balance.Set(f)
		lv.BalanceWei = bal.String()
	}
	s.n.l1View.Store(lv)
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
			s.backoff[p.Key] = time.Now().Add(s.revertBackoff())
		}
	}
	room := s.window - len(pending)
	var head uint64
	s.n.rep.read(func(m *fsm.Machine) { head = m.Head().Number })
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
			if time.Now().Before(s.backoff[key]) {
				break
			}
			rec, ok := s.batch(b)
			if !ok {
				break
			}
			pub, err := fsm.PublicData(rec.Txs, rec.Receipts, s.rollup.Params.Slots)
			if err != nil {
				return fmt.Errorf("batch %d public data: %w", b, err)
			}
			data := s.rollup.CommitCall(b, new(big.Int).SetBytes(rec.Header.PostRoot[:]), pub)
			if b == v.LastCommitted+1 {
				s.estimate(ctx, "commit", data)
			}
			calls = append(calls, call{key, data, s.gas["commit"]})
		}
		committed = b
	}
	if ps := s.n.cfg.Proving; ps != nil {
		for b := v.LastFinalized + 1; b <= committed && len(calls) < room; b++ {
			key := "prove/" + strconv.FormatUint(b, 10)
			if inflight[key] {
				continue
			}
			rec, ok := s.batch(b)
			if !ok || rec.State < fsm.StateProven || len(rec.Proof) == 0 || time.Now().Before(s.backoff[key]) {
				break
			}
			if !s.rollup.SequencerProves {
				// Only past the proving deadline may it prove at all.
				at, err := s.rollup.CommittedAt(ctx, b, new(big.Int).SetUint64(v.Block))
				if err != nil {
					return err
				}
				if at == 0 || v.Block <= at+s.rollup.Params.ProveDeadline {
					break
				}
			}
			proof, err := ps.System.SolidityProof(rec.Proof)
			if err != nil {
				return fmt.Errorf("batch %d proof: %w", b, err)
			}
			pub, err := fsm.PublicData(rec.Txs, rec.Receipts, s.rollup.Params.Slots)
			if err != nil {
				return fmt.Errorf("batch %d public data: %w", b, err)
			}
			data := s.rollup.ProveCall(b, proof, pub)
			if b == v.LastFinalized+1 && b <= v.LastCommitted {
				s.estimate(ctx, "prove", data)
			}
			calls = append(calls, call{key, data, s.gas["prove"]})
		}
	}
	if len(calls) == 0 {
		return nil
	}
	// A replica that lost leadership without noticing yet must not send:
	// its transactions would only revert, but they cost gas.
	if err := s.n.member.VerifyLeader(ctx); err != nil {
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

// estimate raises the call kind's gas limit to a quarter over the node's
// estimate. Only for a call next in line: behind a pending one, the latest
// state would make it revert. A failed estimate (the call would revert
// now) changes nothing; the send finds out.
func (s *settler) estimate(ctx context.Context, call string, data []byte) {
	to := s.rollup.Address()
	est, err := s.n.cfg.Settlement.Eth.EstimateGas(ctx, ethereum.CallMsg{From: s.sender.From(), To: &to, Data: data})
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
	return 10 * cmp.Or(s.n.cfg.Settlement.Poll, time.Second)
}

// batch reads a batch that still has its operations (not finalized).
func (s *settler) batch(b uint64) (fsm.BatchRecord, bool) {
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	s.n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(b) })
	return rec, ok && rec.State != fsm.StateFinalized
}
