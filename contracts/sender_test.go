package contracts

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// senderL1 is an embedded L1 on a fast ticker with one funded key.
type senderL1 struct {
	node *L1Node
	eth  *ethclient.Client
	key  *ecdsa.PrivateKey
	ctx  context.Context
}

func newSenderL1(t *testing.T) *senderL1 {
	t.Helper()
	key, _ := crypto.GenerateKey()
	n, err := StartL1(L1Config{BlockTime: 50 * time.Millisecond, Funded: []common.Address{crypto.PubkeyToAddress(key.PublicKey)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	eth, err := ethclient.DialContext(ctx, n.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); eth.Close(); n.Close() })
	return &senderL1{node: n, eth: eth, key: key, ctx: ctx}
}

func (l *senderL1) config() SenderConfig {
	c := DefaultSenderConfig(l.key)
	c.Confirmations, c.BumpAfter = 3, 300*time.Millisecond
	return c
}

// settle polls s until want outcomes are final.
func settle(t *testing.T, ctx context.Context, s *Sender, want int) []Outcome {
	t.Helper()
	var out []Outcome
	for len(out) < want {
		o, err := s.Poll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o...)
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d outcomes before the deadline: %+v; pending %+v", len(out), want, out, s.Pending())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return out
}

// TestSenderFinalizesInNonceOrder: transactions sent back to back take
// consecutive nonces and are reported once each, only when their block is
// Confirmations deep.
func TestSenderFinalizesInNonceOrder(t *testing.T) {
	l := newSenderL1(t)
	s, err := NewSender(l.ctx, l.eth, l.config())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := s.Send(l.ctx, string(rune('a'+i)), s.From(), nil, 21_000); err != nil {
			t.Fatal(err)
		}
	}
	out := settle(t, l.ctx, s, 5)
	head, err := l.eth.BlockNumber(l.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if o.Nonce != uint64(i) || o.Key != string(rune('a'+i)) || !o.Succeeded() {
			t.Fatalf("outcome %d: %+v", i, o)
		}
		if o.Receipt.BlockNumber.Uint64()+3 > head {
			t.Fatalf("nonce %d reported final in block %d with head %d", o.Nonce, o.Receipt.BlockNumber, head)
		}
	}
	if p := s.Pending(); len(p) != 0 {
		t.Fatalf("still pending: %+v", p)
	}
}

// dropFirst swallows the first broadcast of every transaction: the node
// never sees it, as when a pool evicts one or a load balancer loses it.
type dropFirst struct {
	Eth
	mu   sync.Mutex
	seen map[common.Hash]bool
}

func (d *dropFirst) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	d.mu.Lock()
	first := !d.seen[tx.Hash()]
	d.seen[tx.Hash()] = true
	d.mu.Unlock()
	if first {
		return nil
	}
	return d.Eth.SendTransaction(ctx, tx)
}

// TestSenderResendsWhatTheNodeLost: a transaction the node never got is
// sent again and becomes final.
func TestSenderResendsWhatTheNodeLost(t *testing.T) {
	l := newSenderL1(t)
	cfg := l.config()
	cfg.BumpAfter = time.Hour // found missing, not bumped
	s, err := NewSender(l.ctx, &dropFirst{Eth: l.eth, seen: map[common.Hash]bool{}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := s.Send(l.ctx, "x", s.From(), nil, 21_000)
	if err != nil {
		t.Fatal(err)
	}
	out := settle(t, l.ctx, s, 1)
	if !out[0].Succeeded() || out[0].Receipt.TxHash != tr.versions[0].Hash() || len(tr.versions) != 1 {
		t.Fatalf("outcome %+v, %d versions", out[0], len(tr.versions))
	}
}

// feeShock makes the node look free to use once: the first transaction
// is priced far below the real base fee and waits in the pool.
type feeShock struct {
	Eth
	once  sync.Once
	shock bool
}

func (f *feeShock) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	h, err := f.Eth.HeaderByNumber(ctx, n)
	if err == nil && f.shock {
		h.BaseFee = big.NewInt(1)
	}
	return h, err
}

func (f *feeShock) SuggestGasTipCap(ctx context.Context) (*big.Int, error) {
	if f.shock {
		return big.NewInt(1), nil
	}
	return f.Eth.SuggestGasTipCap(ctx)
}

// TestSenderRaisesFees: an underpriced transaction is replaced by
// bumped versions until one is included; the receipt is the bumped one's.
func TestSenderRaisesFees(t *testing.T) {
	l := newSenderL1(t)
	shock := &feeShock{Eth: l.eth, shock: true}
	s, err := NewSender(l.ctx, shock, l.config())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := s.Send(l.ctx, "x", s.From(), nil, 21_000)
	if err != nil {
		t.Fatal(err)
	}
	first := tr.versions[0].GasFeeCap()
	shock.shock = false
	out := settle(t, l.ctx, s, 1)
	if !out[0].Succeeded() || len(tr.versions) < 2 || out[0].Receipt.TxHash == tr.versions[0].Hash() {
		t.Fatalf("outcome %+v after %d versions", out[0], len(tr.versions))
	}
	if out[0].Receipt.EffectiveGasPrice.Cmp(first) <= 0 {
		t.Fatalf("included at %s, the first version offered %s", out[0].Receipt.EffectiveGasPrice, first)
	}
}

// TestSenderSurvivesReorg: a transaction included in a block that a reorg
// drops is sent again and reported final only on the canonical chain.
func TestSenderSurvivesReorg(t *testing.T) {
	l := newSenderL1(t)
	s, err := NewSender(l.ctx, l.eth, l.config())
	if err != nil {
		t.Fatal(err)
	}
	for h := uint64(0); h < 5; time.Sleep(20 * time.Millisecond) {
		if h, err = l.eth.BlockNumber(l.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Send(l.ctx, "x", s.From(), nil, 21_000); err != nil {
		t.Fatal(err)
	}
	for len(s.Pending()) == 0 || !s.Pending()[0].Included {
		if _, err := s.Poll(l.ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := l.node.Reorg(2); err != nil {
		t.Fatal(err)
	}
	out := settle(t, l.ctx, s, 1)
	r := out[0].Receipt
	if !out[0].Succeeded() {
		t.Fatalf("outcome %+v", out[0])
	}
	h, err := l.eth.HeaderByNumber(l.ctx, r.BlockNumber)
	if err != nil || h.Hash() != r.BlockHash {
		t.Fatalf("final receipt in block %s, not canonical (%v)", r.BlockHash, err)
	}
}

// TestSenderTakesOverPendingNonces: a new sender (a new leader) fills the
// nonce an earlier one left stuck in the pool, then sends its own.
func TestSenderTakesOverPendingNonces(t *testing.T) {
	l := newSenderL1(t)
	old, err := NewSender(l.ctx, &feeShock{Eth: l.eth, shock: true}, l.config())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Send(l.ctx, "stuck", old.From(), []byte{1}, 30_000); err != nil {
		t.Fatal(err)
	}
	s, err := NewSender(l.ctx, l.eth, l.config())
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Pending(); len(p) != 1 || p[0].Key != "" || p[0].Nonce != 0 {
		t.Fatalf("new sender tracks %+v, want a filler at nonce 0", p)
	}
	if _, err := s.Send(l.ctx, "mine", s.From(), nil, 21_000); err != nil {
		t.Fatal(err)
	}
	out := settle(t, l.ctx, s, 2)
	if out[0].Key != "" || !out[0].Succeeded() || out[1].Key != "mine" || out[1].Nonce != 1 || !out[1].Succeeded() {
		t.Fatalf("outcomes %+v", out)
	}
}

// TestSenderFillsLostNonces: nonces below the sender's next that nothing
// tracks (another sender held them, and the node then lost its
// transactions) are filled, so the sender's own transaction is not held
// back forever.
func TestSenderFillsLostNonces(t *testing.T) {
	l := newSenderL1(t)
	s, err := NewSender(l.ctx, l.eth, l.config())
	if err != nil {
		t.Fatal(err)
	}
	s.next = 2 // skipped past nonces 0 and 1 after a refusal
	if _, err := s.Send(l.ctx, "mine", s.From(), nil, 21_000); err != nil {
		t.Fatal(err)
	}
	out := settle(t, l.ctx, s, 3)
	for i, o := range out {
		key := ""
		if i == 2 {
			key = "mine"
		}
		if o.Nonce != uint64(i) || o.Key != key || !o.Succeeded() {
			t.Fatalf("outcomes %+v", out)
		}
	}
}
