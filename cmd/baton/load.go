package main

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/wire"
)

// loadConfig drives signed transfers through replicas' HTTP APIs, the way
// clients send them.
type loadConfig struct {
	APIs     []string
	Seed     string // dev key seed of the genesis accounts
	Accounts int    // genesis accounts; senders are 1..Accounts-1
	ChainID  uint64
	// Rate in tx/s over all workers; 0 sends as fast as acknowledgements
	// come back.
	Rate float64
	// Txs stops after this many acknowledged or failed transactions; 0 runs
	// until the context ends.
	Txs int
	// Workers each own a disjoint set of sending accounts and keep one
	// transaction in flight, so nonces never race.
	Workers int
	// TLS verifies replicas serving HTTPS (nil: plain HTTP).
	TLS *tls.Config
}

// loadStats are shared by workers and read by progress displays.
type loadStats struct {
	submitted, sequenced, failed, retries atomic.Int64

	mu        sync.Mutex
	latencies []time.Duration
	acked     map[fsm.TxHash]uint64
	errs      map[string]int
}

func newLoadStats() *loadStats {
	return &loadStats{acked: map[fsm.TxHash]uint64{}, errs: map[string]int{}}
}

func (s *loadStats) percentile(p float64) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.latencies) == 0 {
		return 0
	}
	l := slices.Clone(s.latencies)
	slices.Sort(l)
	return l[min(len(l)-1, int(p*float64(len(l))))]
}

// runLoad runs until cfg.Txs are done or ctx ends.
func runLoad(ctx context.Context, cfg loadConfig, st *loadStats) {
	cfg.Workers = max(1, cfg.Workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base := wire.NewTLSClient("", "", cfg.TLS)
	clients := make([]*wire.Client, len(cfg.APIs))
	for i, a := range cfg.APIs {
		clients[i] = base.At(a)
	}
	var tokens <-chan struct{}
	if cfg.Rate > 0 {
		tokens = pace(ctx, cfg.Rate)
	}
	var budget atomic.Int64
	budget.Store(int64(cfg.Txs))
	keys := make([]fsm.PrivateKey, cfg.Accounts)
	for i := 1; i < cfg.Accounts; i++ {
		keys[i] = fsm.DevKey(cfg.Seed, uint64(i))
	}
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		var own []uint32
		for a := 1 + w; a < cfg.Accounts; a += cfg.Workers {
			own = append(own, uint32(a))
		}
		if len(own) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			lw := loadWorker{cfg: cfg, st: st, clients: clients, keys: keys, own: own,
				nonces: map[uint32]uint64{}, rng: rand.New(rand.NewPCG(uint64(w), 7))}
			for ctx.Err() == nil {
				if cfg.Txs > 0 && budget.Add(-1) < 0 {
					return
				}
				if tokens != nil {
					select {
					case <-tokens:
					case <-ctx.Done():
						return
					}
				}
				lw.one(ctx)
			}
		}()
	}
	wg.Wait()
}

// pace emits tokens at rate per second.
func pace(ctx context.Context, rate float64) <-chan struct{} {
	ch := make(chan struct{}, 64)
	go func() {
		interval := time.Duration(float64(time.Second) / rate)
		step := max(interval, time.Millisecond)
		per := float64(step) / float64(interval)
		t := time.NewTicker(step)
		defer t.Stop()
		acc := 0.0
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				for acc += per; acc >= 1; acc-- {
					select {
					case ch <- struct{}{}:
					default:
					}
				}
			}
		}
	}()
	return ch
}

type loadWorker struct {
	cfg     loadConfig
	st      *loadStats
	clients []*wire.Client
	keys    []fsm.PrivateKey
	own     []uint32
	next    int
	nonces  map[uint32]uint64
	rng     *rand.Rand
}

// one sends one transfer and settles it. A transfer whose outcome is
// unknown (leader change, timeout) is resubmitted unchanged: the hash makes
// that idempotent, so it is counted once.
func (w *loadWorker) one(ctx context.Context) {
	from := w.own[w.next%len(w.own)]
	w.next++
	nonce, ok := w.nonces[from]
	if !ok {
		// Any replica can say; one that is down (a chaos run, a restart)
		// must not cost the transaction.
		err := w.retry(ctx, 3*len(w.clients), nil, func(c *wire.Client) error {
			a, err := c.Account(ctx, from)
			nonce = a.Nonce
			return err
		})
		if err != nil {
			w.fail(err)
			return
		}
	}
	to := uint32(1 + w.rng.IntN(w.cfg.Accounts-1))
	if to == from {
		to = uint32(1 + (int(from) % (w.cfg.Accounts - 1)))
	}
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: from, To: to, Amount: 1 + uint64(w.rng.IntN(100)), Fee: 1, Nonce: nonce}
	if err := tx.Sign(w.keys[from], w.cfg.ChainID); err != nil {
		w.fail(err)
		return
	}
	w.st.submitted.Add(1)
	start := time.Now()
	var res wire.SubmitResult
	err := w.retry(ctx, 31, &w.st.retries, func(c *wire.Client) error {
		var err error
		res, err = c.Submit(ctx, tx, true)
		return err
	})
	if err != nil {
		delete(w.nonces, from) // resync from the replica next time
		w.fail(err)
		return
	}
	w.nonces[from] = nonce + 1
	w.st.sequenced.Add(1)
	w.st.mu.Lock()
	w.st.latencies = append(w.st.latencies, time.Since(start))
	w.st.acked[res.Hash] = res.Batch
	w.st.mu.Unlock()
}

// retry calls f on a random replica until it succeeds, fails for good (a
// 4xx other than 429: asking again cannot help), ctx ends or tries run
// out, backing off 50 ms more after each failure and counting retries in
// count (if given).
func (w *loadWorker) retry(ctx context.Context, tries int, count *atomic.Int64, f func(*wire.Client) error) error {
	for attempt := 0; ; attempt++ {
		err := f(w.clients[w.rng.IntN(len(w.clients))])
		if err == nil {
			return nil
		}
		var he *wire.HTTPError
		if errors.As(err, &he) && he.Code < 500 && he.Code != 429 || attempt+1 >= tries || ctx.Err() != nil {
			return err
		}
		if count != nil {
			count.Add(1)
		}
		if !ctxsleep.Sleep(ctx, time.Duration(50*(attempt+1))*time.Millisecond) {
			return err
		}
	}
}

func (w *loadWorker) fail(err error) {
	w.st.failed.Add(1)
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	w.st.mu.Lock()
	w.st.errs[msg]++
	w.st.mu.Unlock()
}

// bgLoad is runLoad running in the background.
type bgLoad struct {
	st     *loadStats
	done   <-chan struct{} // closed once runLoad has returned
	cancel context.CancelFunc
}

// startLoad runs cfg until ctx ends, cfg.Txs are done, or stop.
func startLoad(ctx context.Context, cfg loadConfig) *bgLoad {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	l := &bgLoad{st: newLoadStats(), done: done, cancel: cancel}
	go func() { defer close(done); runLoad(ctx, cfg, l.st) }()
	return l
}

// stop ends the load and waits until no transaction is in flight, so
// what the stats say is final.
func (l *bgLoad) stop() { l.cancel(); <-l.done }

// loadConfig is load against d's replicas from the genesis accounts,
// leaving the last reservedAccounts free for people sending by hand.
func (d *devnet) loadConfig(rate float64, workers int) loadConfig {
	return loadConfig{APIs: d.rs.apis(), Seed: devSeed, Accounts: len(d.genesis.Accounts) - reservedAccounts,
		ChainID: d.genesis.ChainID, Rate: rate, Workers: workers, TLS: d.rs.tls}
}
