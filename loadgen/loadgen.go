// Package loadgen drives signed transfers through replicas' HTTP APIs the
// way clients send them, and keeps what they were told: the devnet's load,
// `baton tx load`, the benchmarks' and tests' traffic.
package loadgen

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/ctxsleep"
	"github.com/baton-rollup/baton/internal/stats"
	"github.com/baton-rollup/baton/wire"
)

// Config is one load: where to send, from which accounts, how fast.
type Config struct {
	// APIs are the replicas' API addresses (host:port); each request goes
	// to a random one, which forwards to the leader.
	APIs []string
	// Seed is the dev key seed of the genesis accounts (fsm.DevKey).
	Seed string
	// Accounts is how many genesis accounts the load may use; senders
	// and recipients are 1..Accounts-1 (0 is left alone).
	Accounts int
	// ChainID signs the transactions.
	ChainID uint64
	// Rate in tx/s over all workers; 0 sends as fast as acknowledgements
	// come back.
	Rate float64
	// Max pushes as hard as ingress allows: unpaced (Rate is ignored), and a 429
	// is no failure: the worker waits the answer's Retry-After (RetryAfter
	// without one), plus up to a tenth more so that workers do not return
	// in step, and resubmits the same signed transaction until it is
	// acknowledged, fails for good or the context ends, however often it
	// is refused. Without Max a 429 is retried like an unknown outcome, a
	// bounded number of times (still waiting its Retry-After if it has
	// one).
	Max bool
	// RetryAfter is Max's wait after a 429 that names none (0: a second).
	RetryAfter time.Duration
	// Txs stops after this many acknowledged or failed transactions; 0 runs
	// until the context ends.
	Txs int
	// Workers each own a disjoint set of sending accounts and keep one
	// transaction in flight, so nonces never race.
	Workers int
	// TLS verifies replicas serving HTTPS (nil: plain HTTP).
	TLS *tls.Config
}

// DefaultConfig is unpaced load from 64 workers on the default chain id;
// the caller names the APIs, the seed and the accounts.
func DefaultConfig() Config {
	return Config{ChainID: fsm.DefaultConfig().ChainID, Workers: 64}
}

// Validate reports a load that cannot run.
func (c Config) Validate() error {
	switch {
	case len(c.APIs) == 0:
		return errors.New("loadgen: no replica APIs")
	case c.Accounts < 3:
		return errors.New("loadgen: Accounts must be at least 3 (a sender and two others)")
	case c.Workers < 1:
		return errors.New("loadgen: Workers must be at least 1")
	case c.Rate < 0 || c.Txs < 0 || c.RetryAfter < 0:
		return errors.New("loadgen: Rate, Txs and RetryAfter must not be negative")
	}
	return nil
}

// Stats are shared by the workers and read by progress displays.
type Stats struct {
	submitted, sequenced, failed, retries, refused, abandoned atomic.Int64

	mu        sync.Mutex
	latencies []time.Duration
	acked     map[fsm.TxHash]audit.Ack
	errs      map[string]int
}

// NewStats is empty stats for Run.
func NewStats() *Stats {
	return &Stats{acked: map[fsm.TxHash]audit.Ack{}, errs: map[string]int{}}
}

// Submitted counts transactions sent (each once, however often retried):
// each ends sequenced, failed or, in flight when the load stops, abandoned.
func (s *Stats) Submitted() int64 { return s.submitted.Load() }

// Sequenced counts transactions acknowledged as sequenced.
func (s *Stats) Sequenced() int64 { return s.sequenced.Load() }

// Failed counts transactions given up on.
func (s *Stats) Failed() int64 { return s.failed.Load() }

// Retries counts resubmissions of transactions whose outcome was unknown
// (not those after a 429: Refused counts those).
func (s *Stats) Retries() int64 { return s.retries.Load() }

// Abandoned counts transactions in flight when the load stopped: their
// outcome is unknown to the load (the audit can still find them).
func (s *Stats) Abandoned() int64 { return s.abandoned.Load() }

// Refused counts 429 answers (a full mempool or unproven backlog), every
// one, so a transaction refused three times counts three.
func (s *Stats) Refused() int64 { return s.refused.Load() }

// Percentile is the acknowledgement latency at p (0 to 1), as the client
// sees it: from the first submission to the acknowledgement, so time spent
// waiting out 429s is in it (under Max that is most of it once the
// backlog is full).
func (s *Stats) Percentile(p float64) time.Duration {
	s.mu.Lock()
	l := slices.Clone(s.latencies)
	s.mu.Unlock()
	slices.Sort(l)
	return stats.Quantile(l, p)
}

// Acked is a copy of every acknowledgement: transaction → the batch the
// API named, with the sender and nonce it was signed with (for the audit).
func (s *Stats) Acked() map[fsm.TxHash]audit.Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.acked)
}

// Errors is a copy of the failures by message (cut to 80 bytes).
func (s *Stats) Errors() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.errs)
}

// Run sends until cfg.Txs are done or ctx ends, counting into st. A cfg
// that cannot run is refused before anything is sent.
func Run(ctx context.Context, cfg Config, st *Stats) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base := wire.NewTLSClient("", "", cfg.TLS)
	clients := make([]*wire.Client, len(cfg.APIs))
	for i, a := range cfg.APIs {
		clients[i] = base.At(a)
	}
	var tokens <-chan struct{}
	if cfg.Rate > 0 && !cfg.Max {
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
			lw := worker{cfg: cfg, st: st, clients: clients, keys: keys, own: own,
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
	return nil
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

type worker struct {
	cfg     Config
	st      *Stats
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
func (w *worker) one(ctx context.Context) {
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
		if ctx.Err() != nil {
			// Stopped with the load: neither acknowledged nor refused.
			w.st.abandoned.Add(1)
			return
		}
		w.fail(err)
		return
	}
	w.nonces[from] = nonce + 1
	w.st.sequenced.Add(1)
	w.st.mu.Lock()
	w.st.latencies = append(w.st.latencies, time.Since(start))
	w.st.acked[res.Hash] = audit.Ack{Batch: res.Batch, Signed: true, From: from, Nonce: nonce}
	w.st.mu.Unlock()
}

// retry calls f on a random replica until it succeeds, fails for good (a
// 4xx other than 429: asking again cannot help), ctx ends or tries run
// out (a 429 under Max uses none), counting 429s in the stats and other
// retries in count (if given). It waits the answer's Retry-After when it
// has one, else 50 ms more after each failure.
func (w *worker) retry(ctx context.Context, tries int, count *atomic.Int64, f func(*wire.Client) error) error {
	for attempt := 0; ; attempt++ {
		err := f(w.clients[w.rng.IntN(len(w.clients))])
		if err == nil {
			return nil
		}
		var he *wire.HTTPError
		isHTTP := errors.As(err, &he)
		refused := isHTTP && he.Code == http.StatusTooManyRequests
		switch {
		case refused:
			w.st.refused.Add(1)
		case count != nil:
			count.Add(1)
		}
		if isHTTP && he.Code < 500 && !refused || ctx.Err() != nil {
			return err
		}
		if !(refused && w.cfg.Max) && attempt+1 >= tries {
			return err
		}
		if !ctxsleep.Sleep(ctx, w.wait(he, refused, attempt)) {
			return err
		}
	}
}

// wait is the pause before the next try: a Retry-After (or, for a 429
// under Max, the configured default) with up to a tenth more at random,
// so that workers refused together do not return together; otherwise the
// 50 ms step.
func (w *worker) wait(he *wire.HTTPError, refused bool, attempt int) time.Duration {
	var d time.Duration
	switch {
	case he != nil && he.RetryAfter > 0:
		d = he.RetryAfter
	case refused && w.cfg.Max:
		d = cmp.Or(w.cfg.RetryAfter, time.Second)
	default:
		return time.Duration(50*(attempt+1)) * time.Millisecond
	}
	return d + time.Duration(w.rng.Int64N(int64(d)/10+1))
}

func (w *worker) fail(err error) {
	w.st.failed.Add(1)
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	w.st.mu.Lock()
	w.st.errs[msg]++
	w.st.mu.Unlock()
}

// Load is Run in the background.
type Load struct {
	st     *Stats
	done   chan struct{} // closed once Run has returned
	err    error         // Run's, readable once done is closed
	cancel context.CancelFunc
}

// Start runs cfg until ctx ends, cfg.Txs are done, or Stop. A cfg that
// cannot run ends the load at once, with the reason in Err.
func Start(ctx context.Context, cfg Config) *Load {
	ctx, cancel := context.WithCancel(ctx)
	l := &Load{st: NewStats(), done: make(chan struct{}), cancel: cancel}
	go func() { defer close(l.done); l.err = Run(ctx, cfg, l.st) }()
	return l
}

// Err is why the load could not run (nil while it runs, and after a
// load that ran).
func (l *Load) Err() error {
	select {
	case <-l.done:
		return l.err
	default:
		return nil
	}
}

// Stats are the load's counts, live.
func (l *Load) Stats() *Stats { return l.st }

// Done is closed once the load has ended by itself or been stopped.
func (l *Load) Done() <-chan struct{} { return l.done }

// Stop ends the load and waits until no transaction is in flight, so
// what the stats say is final. Stopping twice is harmless.
func (l *Load) Stop() { l.cancel(); <-l.done }
