package watchdog

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/baton-rollup/baton/wire"
)

// Admin is what the watchdog asks of the cluster, at the leader's API
// (wire.Client does it over HTTP; tests may wrap it to inject faults).
type Admin interface {
	TransferLeadership(ctx context.Context, api, to string) error
	ReofferJob(ctx context.Context, api string, batch uint64, attempt uint32) (wire.ReofferResult, error)
}

// HTTPAdmin calls the replicas' admin API with a bearer token, over
// mutual TLS when tc is set (replicas serving HTTPS want it). One
// transport serves every call, whichever replica leads.
type HTTPAdmin struct{ c *wire.Client }

// NewHTTPAdmin returns an HTTPAdmin; tc may be nil (plain HTTP).
func NewHTTPAdmin(token string, tc *tls.Config) HTTPAdmin {
	return HTTPAdmin{c: wire.NewTLSClient("", token, tc)}
}

func (a HTTPAdmin) TransferLeadership(ctx context.Context, api, to string) error {
	_, err := a.c.At(api).TransferLeadership(ctx, to)
	return err
}

func (a HTTPAdmin) ReofferJob(ctx context.Context, api string, batch uint64, attempt uint32) (wire.ReofferResult, error) {
	return a.c.At(api).ReofferJob(ctx, batch, attempt)
}

// Config tunes one watchdog instance. Zero values take the defaults
// (Defaults lists them).
type Config struct {
	Client *clientv3.Client
	Keys   Keys
	Admin  Admin
	// ID names this instance in the election and its logs.
	ID string
	// ElectionTTL: how long the active instance may be dead before a
	// standby takes over.
	ElectionTTL time.Duration
	// Check is how often the active instance reads the records.
	Check time.Duration

	// Leader health.
	// StaleAfter: a heartbeat older than this is stale.
	StaleAfter time.Duration
	// CommitStall: a leader with pending operations older than this and
	// no batch for as long is not batching.
	CommitStall time.Duration
	// MaxPostLag: more batches than this not on L1 make the leader
	// unhealthy (0: not checked).
	MaxPostLag uint64
	// Confirm: consecutive unhealthy readings before acting (hysteresis).
	Confirm int
	// Cooldown: at most one transfer per this long; it doubles each time
	// the same symptom follows leadership to the new leader (the cause is
	// then not the leader), up to 8×.
	Cooldown time.Duration
	// Probation: after a transfer, how long the new leader has to show
	// health before the watchdog judges it.
	Probation time.Duration
	// MaxBehind: a transfer target's applied index must be within this
	// many entries of the leader's commit index.
	MaxBehind uint64
	// TransferTimeout bounds the admin call; past it the outcome is
	// unknown and the state is read again.
	TransferTimeout time.Duration

	// Proof deadlines: Percentile of the last Window proof times, times
	// Factor, at least Floor.
	DeadlineFloor      time.Duration
	DeadlineFactor     float64
	DeadlinePercentile float64
	DeadlineWindow     int

	// Liveness, when set, lets a dead prover's claim go before its lease
	// runs out: a claim whose heartbeats stopped is voided once etcd
	// shows its lease missed a keep-alive (queue.BeatWatch; nil: the
	// lease's expiry alone).
	Liveness Liveness
	// SuspectAfter: heartbeats silent this long make a claim suspect, and
	// its lease is asked about (four of the provers' 250 ms beats).
	SuspectAfter time.Duration

	Log      *slog.Logger
	Registry prometheus.Registerer
}

// Defaults fills the zero fields.
func (c Config) Defaults() Config {
	c.ElectionTTL = cmp.Or(c.ElectionTTL, 5*time.Second)
	c.Check = cmp.Or(c.Check, time.Second)
	c.StaleAfter = cmp.Or(c.StaleAfter, 3*time.Second)
	c.CommitStall = cmp.Or(c.CommitStall, 10*time.Second)
	c.Confirm = cmp.Or(c.Confirm, 3)
	c.Cooldown = cmp.Or(c.Cooldown, 30*time.Second)
	c.Probation = cmp.Or(c.Probation, 15*time.Second)
	c.MaxBehind = cmp.Or(c.MaxBehind, 64)
	c.TransferTimeout = cmp.Or(c.TransferTimeout, 5*time.Second)
	c.DeadlineFloor = cmp.Or(c.DeadlineFloor, 30*time.Second)
	c.DeadlineFactor = cmp.Or(c.DeadlineFactor, 3)
	c.DeadlinePercentile = cmp.Or(c.DeadlinePercentile, 0.95)
	c.DeadlineWindow = cmp.Or(c.DeadlineWindow, 50)
	c.SuspectAfter = cmp.Or(c.SuspectAfter, time.Second)
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return c
}

// Validate refuses settings that would make the watchdog act wrongly.
func (c Config) Validate() error {
	var errs []error
	if c.Client == nil || c.Admin == nil || c.ID == "" {
		errs = append(errs, errors.New("watchdog: etcd client, admin client and id are required"))
	}
	if c.Keys.prefix == "" {
		errs = append(errs, errors.New("watchdog: no cluster keys"))
	}
	if c.Confirm < 2 {
		errs = append(errs, fmt.Errorf("watchdog: confirm %d: acting on a single reading is what hysteresis is for; want ≥ 2", c.Confirm))
	}
	if c.StaleAfter <= c.Check {
		errs = append(errs, fmt.Errorf("watchdog: stale-after %v must exceed the check interval %v", c.StaleAfter, c.Check))
	}
	if c.SuspectAfter < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("watchdog: suspect-after %v: heartbeats come every 250 ms; want ≥ 100ms", c.SuspectAfter))
	}
	if c.DeadlineFactor < 1 || c.DeadlinePercentile <= 0 || c.DeadlinePercentile > 1 {
		errs = append(errs, errors.New("watchdog: deadline factor must be ≥ 1 and percentile in (0,1]"))
	}
	return errors.Join(errs...)
}

// Watchdog is one instance; only the elected one acts.
type Watchdog struct {
	cfg    Config
	log    *slog.Logger
	m      *metrics
	active atomic.Bool

	health leaderHealth
	jobs   jobWatch
	// fence holds while this instance is the elected one (its election
	// key, at the revision it won with): every write that acts is made
	// conditional on it.
	fence []clientv3.Cmp
	// decisions: the most recent, newest last (mirrored to etcd).
	decisions []Decision
	// lastRead: Unix ms of the last successful read of etcd, standby or
	// active (baton_etcd_up).
	lastRead atomic.Int64
}

// probe reads etcd each check while this instance stands by, so a
// standby reports etcd's health too (the active one reads every check).
func (w *Watchdog) probe(ctx context.Context) {
	t := time.NewTicker(w.cfg.Check)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if w.Active() {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
		if _, err := w.cfg.Client.Get(pctx, w.cfg.Keys.Election(), clientv3.WithPrefix(), clientv3.WithCountOnly()); err == nil {
			w.lastRead.Store(nowMs())
		}
		cancel()
	}
}

// EtcdUp reports whether etcd answered within the last three checks.
func (w *Watchdog) EtcdUp() bool {
	return time.Since(time.UnixMilli(w.lastRead.Load())) < 3*w.cfg.Check
}

// New checks cfg and prepares an instance.
func New(cfg Config) (*Watchdog, error) {
	cfg = cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	w := &Watchdog{cfg: cfg, log: cfg.Log.With("watchdog", cfg.ID), m: newMetrics(reg)}
	w.jobs.samples = map[string][]int64{}
	return w, nil
}

// Active reports whether this instance holds the election now.
func (w *Watchdog) Active() bool { return w.active.Load() }

// Run campaigns, acts while elected, and stands by otherwise, until ctx
// ends. On the way out it resigns and revokes its lease at once, so a
// standby takes over without waiting for the TTL.
func (w *Watchdog) Run(ctx context.Context) error {
	probed := make(chan struct{})
	go func() { defer close(probed); w.probe(ctx) }()
	defer func() { <-probed }()
	holdLeases(ctx, w.cfg.Client, w.cfg.ElectionTTL, w.log, "election", func(s *concurrency.Session) { w.term(ctx, s) })
	return nil
}

// term is one session: campaign, then act until the session or ctx ends.
func (w *Watchdog) term(ctx context.Context, s *concurrency.Session) {
	e := concurrency.NewElection(s, w.cfg.Keys.Election())
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// Campaign does not watch the session: a lost lease must end it.
		select {
		case <-s.Done():
			cancel()
		case <-cctx.Done():
		}
	}()
	w.log.Info("standing by for election")
	if err := e.Campaign(cctx, w.cfg.ID); err != nil {
		if ctx.Err() == nil {
			w.log.Warn("campaign ended", "err", err)
		}
		return
	}
	w.fence = []clientv3.Cmp{clientv3.Compare(clientv3.CreateRevision(e.Key()), "=", e.Rev())}
	w.active.Store(true)
	w.m.active.Set(1)
	w.m.elected.Inc()
	w.log.Info("elected: acting")
	w.health = leaderHealth{}
	w.jobs.reset()
	// Continue the predecessor's list rather than erase it.
	w.decisions = nil
	if r, err := w.cfg.Client.Get(cctx, w.cfg.Keys.Decisions()); err == nil && len(r.Kvs) > 0 {
		if d, err := decode[[]Decision](r.Kvs[0].Value); err == nil {
			w.decisions = d
		}
	}
	defer func() {
		w.active.Store(false)
		w.m.active.Set(0)
		rctx, rcancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := e.Resign(rctx); err != nil && s.Ctx().Err() == nil {
			w.log.Warn("resign", "err", err)
		}
		rcancel()
		w.log.Info("no longer acting")
	}()
	t := time.NewTicker(w.cfg.Check)
	defer t.Stop()
	// With heartbeats, silence is looked for between checks too: it is
	// read from memory, and etcd is asked only about a silent claim.
	var silence <-chan time.Time
	if w.cfg.Liveness != nil {
		st := time.NewTicker(w.cfg.SuspectAfter / 8)
		defer st.Stop()
		silence = st.C
	}
	for {
		w.tick(cctx)
		if !w.nextRound(cctx, t.C, silence) {
			return
		}
	}
}

// nextRound waits for the next check: the tick, or sooner, a silent
// claim whose lease etcd shows lapsing. false: ctx ended.
func (w *Watchdog) nextRound(ctx context.Context, tick, silence <-chan time.Time) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-tick:
			return true
		case <-silence:
			if w.silenceConfirmed(ctx) {
				return true
			}
		}
	}
}

// tick is one round of checks; etcd errors skip the round (nothing acts
// on a reading it could not make).
func (w *Watchdog) tick(ctx context.Context) {
	rctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	v, err := w.read(rctx)
	cancel()
	if err == nil {
		w.lastRead.Store(nowMs())
	}
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("reading etcd failed; round skipped", "err", err)
			w.m.readErrors.Inc()
		}
		return
	}
	w.checkLeader(ctx, v)
	w.checkJobs(ctx, v)
}

// remember keeps a decision for the status page: the last 20, in etcd so
// that every replica (and the next active instance) can show them.
func (w *Watchdog) remember(ctx context.Context, d Decision) {
	d.AtMs, d.By = nowMs(), w.cfg.ID
	w.decisions = append(w.decisions, d)
	if len(w.decisions) > 20 {
		w.decisions = slices.Clone(w.decisions[len(w.decisions)-20:])
	}
	tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	defer cancel()
	// Fenced: a deposed instance must not overwrite its successor's list.
	if _, err := w.cfg.Client.Txn(tctx).If(w.fence...).Then(clientv3.OpPut(w.cfg.Keys.Decisions(), encode(w.decisions))).Commit(); err != nil && ctx.Err() == nil {
		w.log.Debug("storing decisions", "err", err)
	}
}

// stillElected checks the fence: false once another instance may act.
func (w *Watchdog) stillElected(ctx context.Context) bool {
	tctx, cancel := context.WithTimeout(ctx, w.cfg.Check)
	defer cancel()
	r, err := w.cfg.Client.Txn(tctx).If(w.fence...).Commit()
	return err == nil && r.Succeeded
}

// view is one consistent reading of the cluster's records (one revision).
type view struct {
	at         time.Time
	rev        int64
	leader     *LeaderRecord
	sequencers map[string]SequencerRecord
	provers    map[string]ProverRecord
	claims     map[uint64]claimKV
	attempts   []attemptKV
	deadlines  map[string]DeadlineRecord
	decisions  []Decision
	// provenThrough: what etcd says every batch up to is proven.
	provenThrough uint64
	// campaign: the election's candidates; the oldest acts.
	campaign []candidate
}

type candidate struct {
	id  string
	rev int64
}

type claimKV struct {
	Claim
	rev   int64
	lease int64 // the claimant's lease (0: none)
}

type attemptKV struct {
	AttemptRecord
	batch   uint64
	attempt uint32
	rev     int64
}

func (w *Watchdog) read(ctx context.Context) (*view, error) {
	return readView(ctx, w.cfg.Client, w.cfg.Keys, func(key string, err error) {
		// One bad record must not blind the watchdog to the rest.
		w.log.Warn("undecodable record skipped", "key", key, "err", err)
	})
}

// readView reads the cluster's whole prefix at one revision and decodes
// every record; bad reports each one it skips. The watchdog acts on it,
// ReadState shows it.
func readView(ctx context.Context, cli *clientv3.Client, k Keys, bad func(key string, err error)) (*view, error) {
	r, err := cli.Get(ctx, k.prefix, clientv3.WithPrefix())
	if err != nil {
		return nil, err
	}
	v := &view{at: time.Now(), rev: r.Header.Revision, sequencers: map[string]SequencerRecord{}, provers: map[string]ProverRecord{},
		claims: map[uint64]claimKV{}, deadlines: map[string]DeadlineRecord{}}
	for _, kv := range r.Kvs {
		key := string(kv.Key)
		var err error
		switch {
		case key == k.Leader():
			var l LeaderRecord
			if l, err = decode[LeaderRecord](kv.Value); err == nil {
				v.leader = &l
			}
		case key == k.Decisions():
			v.decisions, err = decode[[]Decision](kv.Value)
		case hasPrefix(key, k.Election()+"/"):
			v.campaign = append(v.campaign, candidate{id: string(kv.Value), rev: kv.CreateRevision})
		case hasPrefix(key, k.Sequencers()):
			var s SequencerRecord
			if s, err = decode[SequencerRecord](kv.Value); err == nil {
				v.sequencers[s.ID] = s
			}
		case hasPrefix(key, k.Provers()):
			var p ProverRecord
			if p, err = decode[ProverRecord](kv.Value); err == nil {
				v.provers[p.ID] = p
			}
		case hasPrefix(key, k.Jobs()):
			var c Claim
			if c, err = decode[Claim](kv.Value); err == nil {
				v.claims[c.Batch] = claimKV{Claim: c, rev: kv.ModRevision, lease: kv.Lease}
			}
		case hasPrefix(key, k.Attempts()):
			var a attemptKV
			if a.batch, a.attempt, err = k.parseAttempt(key); err == nil {
				if a.AttemptRecord, err = decode[AttemptRecord](kv.Value); err == nil {
					a.rev = kv.ModRevision
					v.attempts = append(v.attempts, a)
				}
			}
		case hasPrefix(key, k.Deadlines()):
			var d DeadlineRecord
			if d, err = decode[DeadlineRecord](kv.Value); err == nil {
				v.deadlines[key[len(k.Deadlines()):]] = d
			}
		case key == k.ProvenThrough():
			v.provenThrough, err = strconv.ParseUint(string(kv.Value), 10, 64)
		}
		if err != nil && bad != nil {
			bad(key, err)
		}
	}
	return v, nil
}

func hasPrefix(s, p string) bool { return len(s) > len(p) && s[:len(p)] == p }
