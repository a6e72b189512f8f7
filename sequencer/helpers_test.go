package sequencer

import (
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// epoch is t=0 of every test: the genesis timestamp and the manual
// clock's start.
var epoch = time.UnixMilli(1_700_000_000_000)

const testSeed = "sequencer-test"

// testChain is a genesis of n accounts (account 0 collects fees) on a
// small tree, so machines are cheap to make.
func testChain(t testing.TB, n int, balance uint64, maxBatchTxs int) *fsm.Machine {
	t.Helper()
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.MaxBatchTxs = 8, maxBatchTxs
	m, err := fsm.New(fsm.DevGenesis(cfg, testSeed, n, balance, epoch.UnixMilli()))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// transfer is a signed transfer from account from (its dev key) to to.
func transfer(t testing.TB, m *fsm.Machine, from, to uint32, amount, fee, nonce uint64) fsm.Tx {
	t.Helper()
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: to, Amount: amount, Fee: fee, Nonce: nonce}
	if err := tx.Sign(fsm.DevKey(testSeed, uint64(from)), m.Config().ChainID); err != nil {
		t.Fatal(err)
	}
	return tx
}

// deposit is an L1 deposit at queue index q for dev key `key`.
func deposit(q uint64, key int, amount uint64) fsm.Tx {
	var owner fsm.L1Address
	binary.BigEndian.PutUint64(owner[12:], uint64(0xd0+key))
	return fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: q, PubKey: fsm.DevKey(testSeed, uint64(key)).Public(),
		L1Addr: owner, Amount: amount}
}

// fakeReplica is a leader's replica without Raft: it builds on a real
// fsm.Machine and "commits" a batch by applying it at once. Safe for the
// batcher's goroutine and a test's.
type fakeReplica struct {
	mu      sync.Mutex
	m       *fsm.Machine
	index   uint64
	leading bool
	// failAppends: the next this many proposals fail as leadership is
	// lost mid-batch.
	failAppends int
	applied     chan struct{}

	// What the last Build saw and said, and the batches appended.
	lastCands []fsm.Tx
	lastRes   *fsm.BuildResult
	batches   []*fsm.Batch
	// appendedCh receives each appended batch (buffered; for Run tests).
	appendedCh chan *fsm.Batch
}

var _ Replica = (*fakeReplica)(nil)

func newFakeReplica(m *fsm.Machine) *fakeReplica {
	return &fakeReplica{m: m, leading: true, applied: make(chan struct{}), appendedCh: make(chan *fsm.Batch, 64)}
}

func (r *fakeReplica) Build(txs []fsm.Tx, checked []fsm.SigVerified, ts int64, allowEmpty bool) (fsm.BuildResult, uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := r.m.BuildChecked(txs, checked, ts, allowEmpty)
	r.lastCands, r.lastRes = txs, &res
	return res, r.m.Head().Number
}

func (r *fakeReplica) Append(res fsm.BuildResult) (fsm.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failAppends > 0 {
		r.failAppends--
		r.leading = false
		return fsm.Result{}, fmt.Errorf("%w: leadership lost while proposing", ErrNotLeader)
	}
	r.m.Adopt(res)
	r.index++
	cmd := fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}
	out := r.m.Apply(r.index, 1, cmd.Encode())
	if out.Err == nil {
		r.batches = append(r.batches, res.Batch)
		r.appendedCh <- res.Batch
		close(r.applied)
		r.applied = make(chan struct{})
	}
	return out, out.Err
}

func (r *fakeReplica) Applied() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.applied
}

func (r *fakeReplica) Leading() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.leading
}

func (r *fakeReplica) setLeading(v bool) {
	r.mu.Lock()
	r.leading = v
	r.mu.Unlock()
}

// rejections records what the batcher dropped, in order.
type rejections struct {
	mu   sync.Mutex
	list []rejection
}

type rejection struct {
	h   fsm.TxHash
	err error
}

func (r *rejections) Rejected(h fsm.TxHash, err error) {
	r.mu.Lock()
	r.list = append(r.list, rejection{h, err})
	r.mu.Unlock()
}

// take returns and forgets what was recorded.
func (r *rejections) take() []rejection {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.list
	r.list = nil
	return out
}
