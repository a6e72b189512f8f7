package contracts

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// Eth is what baton needs of an Ethereum JSON-RPC node. *ethclient.Client
// and the simulated backend's client provide it; tests wrap it to drop
// or fail calls.
type Eth interface {
	ChainID(ctx context.Context) (*big.Int, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
}

// SenderConfig configures a Sender.
type SenderConfig struct {
	Key *ecdsa.PrivateKey
	// Confirmations: blocks on top of the one including a transaction
	// before it counts as final. Reorgs up to this depth are survived.
	Confirmations uint64
	// BumpAfter: a transaction not included this long is sent again with
	// its fees raised by a quarter (nodes want at least a tenth to
	// replace one).
	BumpAfter time.Duration
	// MaxFeeCap bounds the fee per gas (wei) that bumps may reach.
	MaxFeeCap *big.Int
	Logger    *slog.Logger
}

// DefaultSenderConfig: fees up to 1000 gwei, a bump after 30 s, and 3
// confirmations.
func DefaultSenderConfig(key *ecdsa.PrivateKey) SenderConfig {
	return SenderConfig{Key: key, Confirmations: 3, BumpAfter: 30 * time.Second, MaxFeeCap: big.NewInt(1000e9)}
}

// Sender sends transactions from one account and follows each until it is
// final. It owns the account's nonces: it hands them out in order, never
// leaves a gap (a send the node refused returns its nonce), and keeps a
// transaction until a block Confirmations deep holds its nonce, so one
// that a reorg or the node's pool dropped is sent again. One Sender per
// account at a time; a new one adopts what an earlier one left pending.
type Sender struct {
	eth    Eth
	cfg    SenderConfig
	from   common.Address
	signer types.Signer
	log    *slog.Logger

	mu   sync.Mutex
	next uint64
	txs  []*Tracked // ascending nonces
}

// Tracked is one nonce the Sender is seeing through, with every version of
// it sent (bumps): whichever one a block includes counts.
type Tracked struct {
	Key   string // the caller's name for what it does ("" for a filler)
	Nonce uint64
	to    common.Address
	data  []byte
	gas   uint64

	versions []*types.Transaction
	sentAt   time.Time
	receipt  *types.Receipt // in the latest view, not yet final
}

// Outcome is a transaction's final fate.
type Outcome struct {
	Key   string
	Nonce uint64
	Gas   uint64 // the limit it was sent with
	// Receipt of the version that was included; nil when another
	// transaction (not one of ours) took the nonce.
	Receipt *types.Receipt
}

// Succeeded reports whether the transaction was included and did not revert.
func (o Outcome) Succeeded() bool {
	return o.Receipt != nil && o.Receipt.Status == types.ReceiptStatusSuccessful
}

// Pending is a tracked transaction's state in the latest view.
type Pending struct {
	Key      string
	Nonce    uint64
	Included bool // in a block of the latest view, not yet final
	Reverted bool // included, and it reverted
}

// ErrRejected: the node refused a transaction outright; its nonce was not
// used.
var ErrRejected = errors.New("l1: transaction rejected")

// NewSender starts following the key's account. Nonces another sender
// left pending (a deposed leader's) are taken over with empty
// self-transfers: the previous sender's intent is unknown here, and its
// transactions, when included first, only make the new ones revert.
func NewSender(ctx context.Context, eth Eth, cfg SenderConfig) (*Sender, error) {
	if cfg.Key == nil {
		return nil, errors.New("l1 sender: no key")
	}
	if cfg.BumpAfter <= 0 || cfg.MaxFeeCap == nil || cfg.MaxFeeCap.Sign() <= 0 {
		return nil, errors.New("l1 sender: bump interval and max fee cap must be positive")
	}
	chain, err := eth.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("l1 sender: chain id: %w", err)
	}
	s := &Sender{eth: eth, cfg: cfg, from: crypto.PubkeyToAddress(cfg.Key.PublicKey),
		signer: types.LatestSignerForChainID(chain), log: cfg.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mined, err := eth.NonceAt(ctx, s.from, nil)
	if err != nil {
		return nil, fmt.Errorf("l1 sender: nonce: %w", err)
	}
	pending, err := eth.PendingNonceAt(ctx, s.from)
	if err != nil {
		return nil, fmt.Errorf("l1 sender: pending nonce: %w", err)
	}
	s.next = max(mined, pending)
	if err := s.fill(ctx, mined); err != nil {
		return nil, err
	}
	return s, nil
}

// fill takes over every nonce from mined to next that no tracked
// transaction holds, with an empty self-transfer each: another sender's
// transactions held them (a deposed leader's), and nothing here would
// resend those if the node lost them, so later nonces would wait forever.
// A filler the node refuses (the other transaction pays more) stays
// tracked: Poll raises its fees until it replaces the other or the other
// is included.
func (s *Sender) fill(ctx context.Context, mined uint64) error {
	held := map[uint64]bool{}
	for _, t := range s.txs {
		held[t.Nonce] = true
	}
	for n := mined; n < s.next; n++ {
		if held[n] {
			continue
		}
		t := &Tracked{Nonce: n, to: s.from, gas: 21_000}
		tx, err := s.sign(ctx, t, nil)
		if err != nil {
			return err
		}
		if err := s.broadcast(ctx, tx); err != nil {
			s.log.Info("l1: nonce held by another sender's transaction", "nonce", n, "err", err)
		}
		t.versions, t.sentAt = []*types.Transaction{tx}, time.Now()
		i, _ := slices.BinarySearchFunc(s.txs, n, func(t *Tracked, n uint64) int { return cmp.Compare(t.Nonce, n) })
		s.txs = slices.Insert(s.txs, i, t)
	}
	return nil
}

// From is the sending account.
func (s *Sender) From() common.Address { return s.from }

// Send signs and sends a transaction with the next nonce.
func (s *Sender) Send(ctx context.Context, key string, to common.Address, data []byte, gas uint64) (*Tracked, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.send(ctx, key, to, data, gas)
}

// send takes the next nonce. A refusal gives the nonce back.
func (s *Sender) send(ctx context.Context, key string, to common.Address, data []byte, gas uint64) (*Tracked, error) {
	t := &Tracked{Key: key, Nonce: s.next, to: to, data: data, gas: gas}
	tx, err := s.sign(ctx, t, nil)
	if err != nil {
		return nil, err
	}
	err = s.broadcast(ctx, tx)
	if errors.Is(err, ErrRejected) {
		if resync, nerr := s.eth.PendingNonceAt(ctx, s.from); nerr == nil && resync > s.next {
			// Another sender (a leader that has not noticed it was
			// deposed) used this nonce: take its nonces over and
			// continue after them.
			from := s.next
			s.next = resync
			if ferr := s.fill(ctx, from); ferr != nil {
				return nil, errors.Join(err, ferr)
			}
		}
		return nil, err
	}
	t.versions, t.sentAt = append(t.versions, tx), time.Now()
	s.txs = append(s.txs, t)
	s.next++
	// Anything but an outright refusal may have reached the node (a
	// timeout, a dropped connection): tracked, the next Poll finds out.
	return t, err
}

// sign makes a version of t: fresh fees, or prev's raised by a quarter.
func (s *Sender) sign(ctx context.Context, t *Tracked, prev *types.Transaction) (*types.Transaction, error) {
	head, err := s.eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("l1: head: %w", err)
	}
	tip, err := s.eth.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, fmt.Errorf("l1: tip: %w", err)
	}
	base := head.BaseFee
	if base == nil {
		base = new(big.Int)
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip)
	if prev != nil {
		tip = bigMax(tip, bump(prev.GasTipCap()))
		feeCap = bigMax(new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip), bump(prev.GasFeeCap()))
	}
	if feeCap.Cmp(s.cfg.MaxFeeCap) > 0 {
		feeCap = new(big.Int).Set(s.cfg.MaxFeeCap)
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	return types.SignNewTx(s.cfg.Key, s.signer, &types.DynamicFeeTx{
		Nonce: t.Nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: t.gas, To: &t.to, Data: t.data,
	})
}

// bump raises a fee by a quarter (plus one wei, so that 0 moves too).
func bump(x *big.Int) *big.Int {
	y := new(big.Int).Mul(x, big.NewInt(5))
	y.Quo(y, big.NewInt(4))
	return y.Add(y, big.NewInt(1))
}

func bigMax(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// broadcast sends tx. An error the node answered with is ErrRejected (the
// transaction is not in its pool), except that the node already holding
// it is success; any other error leaves the outcome unknown.
func (s *Sender) broadcast(ctx context.Context, tx *types.Transaction) error {
	err := s.eth.SendTransaction(ctx, tx)
	if err == nil {
		return nil
	}
	var rerr rpc.Error
	if errors.As(err, &rerr) {
		if strings.Contains(err.Error(), "already known") {
			return nil
		}
		return fmt.Errorf("%w: nonce %d: %w", ErrRejected, tx.Nonce(), err)
	}
	return fmt.Errorf("l1: send nonce %d: %w", tx.Nonce(), err)
}

// Poll follows every tracked transaction against the chain's latest head:
// records inclusions, resends what a node or a reorg dropped, bumps what
// has waited BumpAfter, and returns the transactions now final.
func (s *Sender) Poll(ctx context.Context) ([]Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	head, err := s.eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("l1: head: %w", err)
	}
	final := new(big.Int).SetUint64(0)
	if h := head.Number.Uint64(); h > s.cfg.Confirmations {
		final.SetUint64(h - s.cfg.Confirmations)
	}
	minedNonce, err := s.eth.NonceAt(ctx, s.from, head.Number)
	if err != nil {
		return nil, fmt.Errorf("l1: nonce: %w", err)
	}
	finalNonce, err := s.eth.NonceAt(ctx, s.from, final)
	if err != nil {
		return nil, fmt.Errorf("l1: final nonce: %w", err)
	}
	var done []Outcome
	keep := make([]*Tracked, 0, len(s.txs))
	for i, t := range s.txs {
		// On an error the rest stays tracked as it was, and what is done
		// so far is reported once.
		fail := func(err error) ([]Outcome, error) {
			s.txs = append(keep, s.txs[i:]...)
			return done, err
		}
		switch {
		case t.Nonce < finalNonce:
			r, err := s.receipt(ctx, t)
			if err != nil {
				return fail(err)
			}
			if r != nil && r.BlockNumber.Cmp(final) > 0 {
				// Final nonce, yet our receipt is in a newer block: the
				// node answered from two views; look again next time.
				keep = append(keep, t)
				continue
			}
			done = append(done, Outcome{Key: t.Key, Nonce: t.Nonce, Gas: t.gas, Receipt: r})
		case t.Nonce < minedNonce:
			r, err := s.receipt(ctx, t)
			if err != nil {
				return fail(err)
			}
			t.receipt = r
			keep = append(keep, t)
		default:
			t.receipt = nil
			keep = append(keep, t)
			if err := s.resend(ctx, t); err != nil {
				s.log.Warn("l1: resend failed", "key", t.Key, "nonce", t.Nonce, "err", err)
			}
		}
	}
	s.txs = keep
	if s.next < minedNonce {
		// Someone else sent from this account: never reuse its nonces.
		s.next = minedNonce
	}
	// Nonces below next that nothing tracks (another sender's, skipped
	// after a refusal) would hold every later one back if lost.
	if err := s.fill(ctx, minedNonce); err != nil {
		return done, err
	}
	return done, nil
}

// receipt finds the included version of t, if any.
func (s *Sender) receipt(ctx context.Context, t *Tracked) (*types.Receipt, error) {
	for i := len(t.versions) - 1; i >= 0; i-- {
		r, err := s.eth.TransactionReceipt(ctx, t.versions[i].Hash())
		switch {
		case err == nil:
			return r, nil
		case !errors.Is(err, ethereum.NotFound):
			return nil, fmt.Errorf("l1: receipt: %w", err)
		}
	}
	return nil, nil
}

// resend puts an unincluded t back in front of the node: the same
// version when the node lost it, a bumped one when it has waited too long.
func (s *Sender) resend(ctx context.Context, t *Tracked) error {
	last := t.versions[len(t.versions)-1]
	if time.Since(t.sentAt) >= s.cfg.BumpAfter {
		tx, err := s.sign(ctx, t, last)
		if err != nil {
			return err
		}
		if tx.GasFeeCap().Cmp(last.GasFeeCap()) == 0 && tx.GasTipCap().Cmp(last.GasTipCap()) == 0 {
			tx = last // at the cap: nothing to raise, only to repeat
		} else {
			s.log.Info("l1: raising fees", "key", t.Key, "nonce", t.Nonce, "fee_cap", tx.GasFeeCap(), "tip", tx.GasTipCap())
		}
		t.sentAt = time.Now()
		err = s.broadcast(ctx, tx)
		if tx != last && !errors.Is(err, ErrRejected) {
			// Possibly at the node even if the call failed: a receipt
			// may come for this version.
			t.versions = append(t.versions, tx)
		}
		return err
	}
	if _, _, err := s.eth.TransactionByHash(ctx, last.Hash()); errors.Is(err, ethereum.NotFound) {
		s.log.Info("l1: transaction dropped; sending it again", "key", t.Key, "nonce", t.Nonce)
		return s.broadcast(ctx, last)
	}
	return nil
}

// Pending lists what is tracked, in nonce order.
func (s *Sender) Pending() []Pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Pending, 0, len(s.txs))
	for _, t := range s.txs {
		p := Pending{Key: t.Key, Nonce: t.Nonce, Included: t.receipt != nil}
		p.Reverted = p.Included && t.receipt.Status != types.ReceiptStatusSuccessful
		out = append(out, p)
	}
	return out
}
