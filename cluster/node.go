package cluster

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/baton-rollup/baton/duty"
	"github.com/baton-rollup/baton/duty/proving"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/internal/clock"
	"github.com/baton-rollup/baton/sequencer"
	"github.com/baton-rollup/baton/wire"
	"github.com/hashicorp/raft"
)

// Node is one sequencer replica: Raft and the replicated fsm, with the
// parts that hang off them (ingress, membership, the mempool, the
// leader's duties) and the HTTP API (package httpapi) over them.
type Node struct {
	cfg        Config
	log        *slog.Logger
	raft       *raft.Raft
	rep        *replica
	rp         *raftParts
	faults     *Faults
	mempool    *sequencer.Mempool
	batcher    *sequencer.Batcher
	member     *member
	waiters    *waiters
	metrics    *Metrics
	rejects    *fifoMap[string] // why recent transactions were rejected
	clock      clock.Clock      // the batcher's, the duties' and ingress's arrivals
	sigs       *sigCache
	peers      *peers
	ingress    *ingress
	membership *membership
	backlog    *backlog // the bound on batches sequenced and not yet proven

	apiLn   net.Listener
	apiAddr string
	httpSrv *http.Server

	observer *raft.Observer
	obsCh    chan raft.Observation
	ctx      context.Context // ends when Close begins stopping the loops
	cancel   context.CancelFunc
	wg       sync.WaitGroup

	// proving is the proving duty (nil without provers); duties starts
	// and stops the leader's work with leadership.
	proving *proving.Duty
	duties  *duty.Runner

	// l1View is what the settlement duty last saw of L1 (nil until it
	// has led), for the status page.
	l1View atomic.Pointer[wire.L1View]

	// backlogView samples the unproven backlog for the drain rate and
	// the status page's history, and exports its gauges.
	backlogView *backlogTracker

	// leaderEvents fires on each leader change, waking forwarders that
	// back off after a failed forward, so a new leader gets their
	// transactions at once rather than after the next backoff step.
	leaderEvents *broadcaster

	// reads serves reads at their consistency level; gate is the
	// catch-up gate it shares with /readyz.
	reads *reads
	gate  *catchUp
}

// Open starts a replica: it opens the stores, starts Raft (bootstrapping if
// configured and new), the API and the leader-duty loop.
func Open(cfg Config) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	log = log.With("node", cfg.ID)
	gens, err := openWitnessGens(witnessRoot(cfg.DataDir))
	if err != nil {
		return nil, err
	}
	n := &Node{
		cfg: cfg, log: log, faults: NewFaults(), mempool: sequencer.NewMempool(cfg.Mempool),
		waiters: newWaiters(), metrics: newMetrics(), rejects: newFIFOMap[string](100_000), leaderEvents: newBroadcaster(),
		peers: newPeers(cfg), clock: clock.Real{},
	}
	n.sigs = newSigCache(1<<16, n.metrics)
	n.backlog = newBacklog(cfg.MaxUnprovenBatches, cfg.MaxUnprovenWitnessBytes, cfg.BacklogTarget, cfg.Proving != nil, cfg.Batcher.MaxTxs, n.clock)
	if n.rep, err = newReplica(cfg.Genesis, gens, log, n.waiters, n.metrics, n.sigs); err != nil {
		return nil, err
	}
	n.backlogView = newBacklogTracker(n.clock, n.backlog.bound, n.metrics, n.rep.backlog)
	n.metrics.Registry.MustRegister(n.backlogView)
	ok := false
	defer func() {
		if !ok {
			if n.raft != nil {
				_ = n.raft.Shutdown().Error()
			}
			n.closeStores()
		}
	}()

	started := time.Now()
	rp, err := startRaft(cfg, n.rep, n.faults, log)
	if err != nil {
		return nil, err
	}
	n.rp, n.raft = rp, rp.raft
	n.member = &member{raft: n.raft, rep: n.rep, metrics: n.metrics, timeout: cfg.Raft.ApplyTimeout}
	n.leaderWork(n.clock)
	existing := rp.existing
	n.metrics.registerRaft(n.raft, n)
	n.obsCh = make(chan raft.Observation, 16)
	n.observer = raft.NewObserver(n.obsCh, false, func(o *raft.Observation) bool {
		_, ok := o.Data.(raft.LeaderObservation)
		return ok
	})
	n.raft.RegisterObserver(n.observer)

	n.apiLn, err = net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return nil, fmt.Errorf("api listen %s: %w", cfg.APIAddr, err)
	}
	n.apiAddr = n.apiLn.Addr().String()
	if cfg.APIAdvertise != "" {
		n.apiAddr = cfg.APIAdvertise
	}
	if cfg.TLS != nil {
		n.apiLn = tls.NewListener(n.apiLn, cfg.TLS.Server)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.ctx, n.cancel = ctx, cancel
	n.ingress, n.membership = n.newIngress(), n.newMembership()
	n.reads = n.newReads(started)
	n.ingress.reads = n.reads
	// ErrorLog: failed TLS handshakes (a caller without the CA's
	// certificate) belong in the replica's log, not on bare stderr.
	// IdleTimeout: callers that make a client per call (scripts, ctl)
	// leave connections behind that nothing else would close.
	n.httpSrv = &http.Server{Handler: n.api(), ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	n.wg.Add(7)
	go func() {
		defer n.wg.Done()
		if err := n.httpSrv.Serve(n.apiLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("api server", "err", err)
		}
	}()
	go func() { defer n.wg.Done(); n.duties.Run(ctx) }()
	go func() { defer n.wg.Done(); triggerOn(ctx, n.obsCh, n.duties.Trigger) }()
	go func() { defer n.wg.Done(); n.rp.snapshotAtCheckpoints(ctx, n.rep.checkpoint, n.log) }()
	go func() { defer n.wg.Done(); n.membership.registerSelf(ctx) }()
	go func() { defer n.wg.Done(); n.backlog.run(ctx, n.rep) }()
	go func() { defer n.wg.Done(); n.backlogView.run(ctx) }()
	ok = true
	n.log.Info("replica started", "raft", cfg.RaftAddr, "api", n.apiAddr, "restored", existing)
	return n, nil
}

// newIngress is the replica's ingress over its Raft, log and mempool.
func (n *Node) newIngress() *ingress {
	workers := n.cfg.VerifyWorkers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &ingress{
		log: n.log, raft: n.raft, rep: n.rep, mempool: n.mempool, waiters: n.waiters, rejects: n.rejects,
		sigs: n.sigs, metrics: n.metrics, peers: n.peers, leaderEvents: n.leaderEvents,
		verifySlots: make(chan struct{}, workers), nonceWindow: n.cfg.NonceWindow, waitTimeout: n.cfg.WaitTimeout,
		settling: n.cfg.Settlement != nil, clock: n.clock, backlog: n.backlog, forwardTimeout: n.cfg.ForwardTimeout,
	}
}

// newReads is the replica's read path; the catch-up gate measures from
// started, just before Raft restored its snapshot.
func (n *Node) newReads(started time.Time) *reads {
	rd := &reads{
		log: n.log, raft: n.raft, rep: n.rep, logs: n.rp.store, peers: n.peers, metrics: n.metrics,
		leaderEvents: n.leaderEvents, verify: &verifyBatcher{raft: n.raft}, timeout: cmp.Or(n.cfg.ReadTimeout, time.Second),
		start: started, txLocal: n.ingress.txStatus, localLinearizable: n.cfg.Mutation == MutationLinearizableReadsLocal,
	}
	if rd.localLinearizable {
		n.log.Error("MUTATION: linearizable reads are local (no read index, no catch-up gate); for tests of checkers only", "mutation", n.cfg.Mutation)
	}
	rd.gate = newCatchUp(n.raft, n.rp.store, rd.covered, started)
	n.gate = rd.gate
	return rd
}

func (n *Node) newMembership() *membership {
	return &membership{
		id: n.cfg.ID, apiAddr: n.apiAddr, log: n.log, raft: n.raft, rep: n.rep, snaps: n.rp.snaps,
		peers: n.peers, propose: n.propose, applyTimeout: n.cfg.Raft.ApplyTimeout,
	}
}

// api is the replica's HTTP API over its parts.
func (n *Node) api() http.Handler {
	return httpapi.New(httpapi.Config{
		ID: n.cfg.ID, APIAddr: n.apiAddr, Token: n.cfg.Token, MutualTLS: n.cfg.TLS != nil,
		NotLeader: notLeader, Metrics: n.metrics.Registry, Context: n.ctx,
		OverviewExtra: n.cfg.OverviewExtra, Logger: n.log,
	}, httpapi.Backend{
		Ingress: n.ingress, Reader: n, Consistency: n.reads, Probe: raftProbe{n.raft, n.gate}, Membership: n.membership,
		Jobs: newJobsAPI(n.proving, n.cfg.Proving), Faults: n, Views: n, Peers: n.peers,
	})
}

// APIAddr is the resolved HTTP address.
func (n *Node) APIAddr() string { return n.apiAddr }

// ID is this replica's server id.
func (n *Node) ID() string { return n.cfg.ID }

// RaftAddr is the advertised Raft address.
func (n *Node) RaftAddr() string { return string(n.rp.trans.LocalAddr()) }

// Faults returns the fault-injection hook for Raft links.
func (n *Node) Faults() *Faults { return n.faults }

// Raft exposes the underlying Raft node (tests, bench).
func (n *Node) Raft() *raft.Raft { return n.raft }

// Metrics returns the replica's metrics.
func (n *Node) Metrics() *Metrics { return n.metrics }

// IsLeader reads the current state from Raft.
func (n *Node) IsLeader() bool { return n.raft.State() == raft.Leader }

// Height is the last applied batch number.
func (n *Node) Height() uint64 { return n.rep.height() }

// Read runs f against the replica's state under its read lock.
func (n *Node) Read(f func(m *fsm.Machine)) { n.rep.read(f) }

// SetFrozen pauses or resumes the batcher (a fault hook: Raft stays healthy).
func (n *Node) SetFrozen(v bool) { n.batcher.SetFrozen(v) }

func (n *Node) isFrozen() bool { return n.batcher.Frozen() }

// propose applies a command through Raft; see member.propose.
func (n *Node) propose(cmd []byte) (fsm.Result, error) { return n.member.propose(cmd) }

// Close stops the replica: a leader first hands leadership to the most
// up-to-date follower (a planned restart then costs no election timeout),
// then the API stops taking work, then the loops, Raft and the stores. Safe
// to call once.
func (n *Node) Close() error {
	if n.IsLeader() {
		if err := n.raft.LeadershipTransfer().Error(); err != nil {
			n.log.Warn("leadership transfer on shutdown", "err", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = n.httpSrv.Shutdown(ctx)
	n.peers.closeIdle()
	n.cancel()
	n.raft.DeregisterObserver(n.observer)
	err := n.raft.Shutdown().Error()
	n.wg.Wait()
	n.closeStores()
	return err
}

func (n *Node) closeStores() {
	if n.rp != nil {
		n.rp.closeStores()
	}
	if n.apiLn != nil && n.httpSrv == nil {
		_ = n.apiLn.Close()
	}
}
