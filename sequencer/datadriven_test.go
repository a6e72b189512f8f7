package sequencer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/datadriven"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/clock"
)

// TestDataDriven runs the scripts in testdata/*.txt. Each script drives a
// mempool and a batcher on a manual clock, over a leader's replica that
// builds on a real fsm.Machine and commits a batch the moment it is
// proposed (no Raft). Time moves only with `advance`, and the batcher
// takes one turn of its loop only with `step`, so every trigger is
// checked at an exact moment.
//
// Rewrite the expected output after an intended change with
//
//	go test ./sequencer -run TestDataDriven -rewrite
//
// and read the diff before committing it.
//
// Commands (arguments in brackets are optional, defaults shown):
//
//	config [batch-txs=4] [batch-bytes=65536] [interval=100ms] [allow-empty] [flush-on-start]
//	       [pool-txs=100] [pool-bytes=65536] [deferrals=2] [accounts=4] [max-batch-txs=16]
//	    A fresh chain (accounts 0..N-1 funded with 1000, account 0 collects
//	    fees), mempool and batcher; the clock reads t=0.
//	transfer from=1 to=2 nonce=0 [amount=1] [fee=0]
//	deposit queue=0 [key=9] [amount=5]
//	    Hand a signed transfer, or an L1 deposit for dev key `key`, to the
//	    mempool now. It gets a label (#0, #1, ...) for the rest of the script.
//	advance 40ms
//	    Move the clock.
//	step
//	    One turn of the batcher loop now: what the trigger says, and when it
//	    fires, what happened to each candidate and the batch proposed.
//	freeze | thaw
//	    The batcher's fault hook.
//	leadership lost | leadership regained
//	    Whether the replica leads when the batcher next looks.
//	term start
//	    The batcher starts a leadership, as Run does.
//	append-fails
//	    The next proposal fails because leadership is lost while it is in
//	    flight.
//	show
//	    The mempool in the order a batch takes it, with ages and deferrals.
//	drain
//	    Empty the mempool as a replica stepping down does, and list what it
//	    hands to the next leader.
func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := &ddHarness{}
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				return h.run(t, d)
			})
		})
	}
}

type ddHarness struct {
	clock  *clock.Manual
	pool   *Mempool
	rep    *fakeReplica
	rej    *rejections
	b      *Batcher
	labels map[fsm.TxHash]int
	next   int
}

func (h *ddHarness) run(t *testing.T, d *datadriven.TestData) string {
	if d.Cmd != "config" && h.b == nil {
		d.Fatalf(t, "%s before config", d.Cmd)
	}
	switch d.Cmd {
	case "config":
		return h.config(t, d)
	case "transfer", "deposit":
		return h.add(t, d)
	case "advance":
		if len(d.CmdArgs) != 1 {
			d.Fatalf(t, "advance takes one duration")
		}
		dur, err := time.ParseDuration(d.CmdArgs[0].Key)
		if err != nil {
			d.Fatalf(t, "advance: %v", err)
		}
		h.clock.Advance(dur)
		return "t=" + h.now()
	case "step":
		return h.step(t)
	case "freeze", "thaw":
		h.b.SetFrozen(d.Cmd == "freeze")
		return fmt.Sprintf("frozen: %t", h.b.Frozen())
	case "leadership":
		if len(d.CmdArgs) != 1 || (d.CmdArgs[0].Key != "lost" && d.CmdArgs[0].Key != "regained") {
			d.Fatalf(t, "leadership lost | leadership regained")
		}
		h.rep.setLeading(d.CmdArgs[0].Key == "regained")
		return fmt.Sprintf("leading: %t", h.rep.Leading())
	case "term":
		if len(d.CmdArgs) != 1 || d.CmdArgs[0].Key != "start" {
			d.Fatalf(t, "term start")
		}
		h.b.startTerm()
		return "a new leadership: no batch built yet"
	case "append-fails":
		h.rep.mu.Lock()
		h.rep.failAppends++
		h.rep.mu.Unlock()
		return "the next proposal fails: leadership lost in flight"
	case "show":
		return h.show()
	case "drain":
		txs := h.pool.Drain()
		var b strings.Builder
		b.WriteString("hand-over:")
		for _, tx := range txs {
			fmt.Fprintf(&b, " %s", h.label(tx.Hash()))
		}
		if len(txs) == 0 {
			b.WriteString(" nothing")
		}
		b.WriteString("\n" + h.pending())
		return b.String()
	}
	d.Fatalf(t, "unknown command %q", d.Cmd)
	return ""
}

func ddOptional(t *testing.T, d *datadriven.TestData, key string, dest any) {
	if d.HasArg(key) {
		d.ScanArgs(t, key, dest)
	}
}

func ddDuration(t *testing.T, d *datadriven.TestData, key string, dest *time.Duration) {
	if !d.HasArg(key) {
		return
	}
	var s string
	d.ScanArgs(t, key, &s)
	v, err := time.ParseDuration(s)
	if err != nil {
		d.Fatalf(t, "%s: %v", key, err)
	}
	*dest = v
}

func (h *ddHarness) config(t *testing.T, d *datadriven.TestData) string {
	bc := BatcherConfig{MaxTxs: 4, MaxBytes: 64 << 10, Interval: 100 * time.Millisecond, AllowEmpty: d.HasArg("allow-empty"), FlushOnStart: d.HasArg("flush-on-start")}
	pc := MempoolConfig{MaxTxs: 100, MaxBytes: 64 << 10, MaxDeferrals: 2}
	accounts, maxBatch := 4, 16
	ddOptional(t, d, "batch-txs", &bc.MaxTxs)
	ddOptional(t, d, "batch-bytes", &bc.MaxBytes)
	ddDuration(t, d, "interval", &bc.Interval)
	ddOptional(t, d, "pool-txs", &pc.MaxTxs)
	ddOptional(t, d, "pool-bytes", &pc.MaxBytes)
	ddOptional(t, d, "deferrals", &pc.MaxDeferrals)
	ddOptional(t, d, "accounts", &accounts)
	ddOptional(t, d, "max-batch-txs", &maxBatch)
	h.clock = clock.NewManual(epoch)
	h.pool = NewMempool(pc)
	h.rep = newFakeReplica(testChain(t, accounts, 1000, maxBatch))
	h.rej = &rejections{}
	h.b = NewBatcher(bc, h.pool, h.rep, h.rej, h.clock, nil)
	h.labels, h.next = map[fsm.TxHash]int{}, 0
	return fmt.Sprintf("batch: %d ops or %d bytes or %v after the oldest arrival (empty batches: %t, flush on start: %t)\nmempool: %d txs, %d bytes, drop after %d deferrals",
		bc.MaxTxs, bc.MaxBytes, bc.Interval, bc.AllowEmpty, bc.FlushOnStart, pc.MaxTxs, pc.MaxBytes, pc.MaxDeferrals)
}

func (h *ddHarness) add(t *testing.T, d *datadriven.TestData) string {
	var tx fsm.Tx
	switch d.Cmd {
	case "transfer":
		var from, to uint32
		var nonce uint64
		amount, fee := uint64(1), uint64(0)
		d.ScanArgs(t, "from", &from)
		d.ScanArgs(t, "to", &to)
		d.ScanArgs(t, "nonce", &nonce)
		ddOptional(t, d, "amount", &amount)
		ddOptional(t, d, "fee", &fee)
		tx = transfer(t, h.rep.m, from, to, amount, fee, nonce)
	case "deposit":
		var q uint64
		key, amount := 9, uint64(5)
		d.ScanArgs(t, "queue", &q)
		ddOptional(t, d, "key", &key)
		ddOptional(t, d, "amount", &amount)
		tx = deposit(q, key, amount)
	}
	hash := tx.Hash()
	label, known := h.labels[hash]
	if !known {
		label = h.next
		h.labels[hash] = label
		h.next++
	}
	added, err := h.pool.Add(tx, fsm.SigVerified{}, h.clock.Now())
	switch {
	case err != nil:
		return fmt.Sprintf("#%d refused: %v", label, err)
	case !added:
		return fmt.Sprintf("#%d already pending", label)
	}
	n, bytes, _ := h.pool.Stats()
	return fmt.Sprintf("#%d %s pending (%d ops, %d bytes)", label, describe(&tx), n, bytes)
}

func describe(tx *fsm.Tx) string {
	if tx.Kind == fsm.KindDeposit {
		return fmt.Sprintf("deposit q=%d", tx.QueueIndex)
	}
	return fmt.Sprintf("transfer %d->%d nonce=%d", tx.From, tx.To, tx.Nonce)
}

func (h *ddHarness) label(hash fsm.TxHash) string {
	if l, ok := h.labels[hash]; ok {
		return fmt.Sprintf("#%d", l)
	}
	return "#?"
}

// now is the clock's reading since t=0.
func (h *ddHarness) now() string { return h.clock.Now().Sub(epoch).String() }

func (h *ddHarness) step(t *testing.T) string {
	h.rep.mu.Lock()
	h.rep.lastRes, h.rep.lastCands = nil, nil
	batchesBefore := len(h.rep.batches)
	h.rep.mu.Unlock()

	turn := h.b.step(context.Background())

	var b strings.Builder
	tr := turn.trigger
	switch {
	case tr.why == "idle":
		fmt.Fprintf(&b, "t=%s: idle (nothing pending; waits for an arrival)\n", h.now())
	case tr.why == "frozen":
		fmt.Fprintf(&b, "t=%s: frozen (looks again in %v)\n", h.now(), tr.wait)
	case !tr.fire:
		fmt.Fprintf(&b, "t=%s: waits %v (%s)\n", h.now(), tr.wait, tr.why)
	default:
		fmt.Fprintf(&b, "t=%s: fires (%s)\n", h.now(), tr.why)
	}
	h.rep.mu.Lock()
	cands, res := h.rep.lastCands, h.rep.lastRes
	var appended *fsm.Batch
	if len(h.rep.batches) > batchesBefore {
		appended = h.rep.batches[len(h.rep.batches)-1]
	}
	h.rep.mu.Unlock()
	if res != nil {
		b.WriteString(h.outcomes(t, cands, res))
	}
	switch turn.outcome {
	case built:
		if appended != nil {
			hd := appended.Header
			fmt.Fprintf(&b, "batch %d: %d ops, ts=%v\n", hd.Number, hd.TxCount, time.UnixMilli(hd.Timestamp).Sub(epoch))
		} else {
			b.WriteString("proposal committed but rejected\n")
		}
	case stuck:
		fmt.Fprintf(&b, "no batch: waits for an arrival, a new batch or %v\n", h.b.cfg.Interval)
	case failed:
		fmt.Fprintf(&b, "proposal failed: %v\n", turn.err)
	case stopped:
		if turn.err != nil {
			fmt.Fprintf(&b, "proposal failed: %v\n", turn.err)
		}
		b.WriteString("not leading: the batcher stops\n")
	}
	b.WriteString(h.pending())
	return b.String()
}

// outcomes says what the last build did with each candidate, and which
// deferred ones were dropped as nonce gaps.
func (h *ddHarness) outcomes(t *testing.T, cands []fsm.Tx, res *fsm.BuildResult) string {
	what := make([]string, len(cands))
	for _, i := range res.Included {
		what[i] = "included"
	}
	for _, r := range res.Rejected {
		what[r.Pos] = "rejected: " + r.Err.Error()
	}
	dropped := map[fsm.TxHash]error{}
	for _, r := range h.rej.take() {
		dropped[r.h] = r.err
	}
	for _, i := range res.Deferred {
		what[i] = "deferred"
		if err, ok := dropped[cands[i].Hash()]; ok {
			if !errors.Is(err, ErrNonceGap) {
				t.Errorf("deferred candidate dropped with %v", err)
			}
			what[i] = "deferred too often, dropped: " + err.Error()
		}
	}
	var b strings.Builder
	for i := range cands {
		if what[i] == "" {
			t.Errorf("candidate %d has no outcome", i)
		}
		fmt.Fprintf(&b, "  %s %s: %s\n", h.label(cands[i].Hash()), describe(&cands[i]), what[i])
	}
	return b.String()
}

// pending lists the mempool in batch order.
func (h *ddHarness) pending() string {
	txs, hashes, _ := h.pool.Candidates(1<<30, 1<<30)
	if len(txs) == 0 {
		return "pending: none"
	}
	var b strings.Builder
	b.WriteString("pending:")
	for _, hash := range hashes {
		fmt.Fprintf(&b, " %s", h.label(hash))
	}
	return b.String()
}

func (h *ddHarness) show() string {
	n, bytes, oldest := h.pool.Stats()
	var b strings.Builder
	fmt.Fprintf(&b, "%d ops, %d bytes", n, bytes)
	if n > 0 {
		fmt.Fprintf(&b, ", oldest arrived at t=%v", oldest.Sub(epoch))
	}
	b.WriteString("\n")
	h.pool.mu.Lock()
	defer h.pool.mu.Unlock()
	for _, e := range h.pool.priority {
		fmt.Fprintf(&b, "  %s %s, %d bytes, arrived t=%v\n", h.label(e.hash), describe(&e.tx), e.size, e.arrived.Sub(epoch))
	}
	for _, e := range h.pool.l2 {
		if e.removed {
			continue
		}
		fmt.Fprintf(&b, "  %s %s, %d bytes, arrived t=%v", h.label(e.hash), describe(&e.tx), e.size, e.arrived.Sub(epoch))
		if e.deferrals > 0 {
			fmt.Fprintf(&b, ", deferred %d times (last at height %d)", e.deferrals, e.deferredAt)
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
