package cluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
	raftboltdb "github.com/hashicorp/raft-boltdb/v2"
	"go.etcd.io/bbolt"
)

// raftParts is a started Raft node with the stores and transport it owns.
type raftParts struct {
	raft     *raft.Raft
	store    *raftboltdb.BoltStore
	trans    *raft.NetworkTransport
	snaps    raft.SnapshotStore
	existing bool // state was found on disk (a restart)
}

// startRaft opens the stores under cfg.DataDir, the TCP transport (through
// faults) and Raft with cfg's timing, and bootstraps a new cluster from
// cfg.Peers if configured and nothing is on disk. On error everything
// opened is closed again.
func startRaft(cfg Config, f raft.FSM, faults *Faults, log *slog.Logger) (_ *raftParts, err error) {
	p := &raftParts{}
	defer func() {
		if err != nil {
			p.closeStores()
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	// bbolt's default array freelist, synced on every commit, makes large
	// Raft entries 2-4x slower once the file has grown: keep the freelist
	// in memory (rebuilt on open) and use the map variant.
	p.store, err = raftboltdb.New(raftboltdb.Options{
		Path:        filepath.Join(cfg.DataDir, "raft.db"),
		BoltOptions: &bbolt.Options{Timeout: time.Second, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType},
		NoSync:      cfg.Raft.NoSync,
	})
	if err != nil {
		return nil, fmt.Errorf("open raft store: %w", err)
	}
	hlog := hclog.New(&hclog.LoggerOptions{Name: "raft", Level: hclog.Warn, Output: os.Stderr})
	snaps, err := raft.NewFileSnapshotStoreWithLogger(cfg.DataDir, cfg.Raft.SnapshotsRetained, hlog)
	if err != nil {
		return nil, fmt.Errorf("snapshot store: %w", err)
	}
	p.snaps = snaps
	if rep, ok := f.(*replica); ok {
		// Before NewRaft, which restores the newest snapshot through it.
		rep.snaps = snaps
	}
	stream, err := newStreamLayer(cfg.RaftAddr, cfg.RaftAdvertise, faults, cfg.TLS, log)
	if err != nil {
		return nil, err
	}
	p.trans = raft.NewNetworkTransportWithConfig(&raft.NetworkTransportConfig{
		Stream: stream, MaxPool: 3, Timeout: 5 * time.Second, Logger: hlog,
	})

	rc := raft.DefaultConfig()
	rc.LocalID = raft.ServerID(cfg.ID)
	rc.HeartbeatTimeout = cfg.Raft.HeartbeatTimeout
	rc.ElectionTimeout = cfg.Raft.ElectionTimeout
	rc.LeaderLeaseTimeout = cfg.Raft.LeaderLeaseTimeout
	rc.CommitTimeout = cfg.Raft.CommitTimeout
	rc.SnapshotInterval = cfg.Raft.SnapshotInterval
	rc.SnapshotThreshold = cfg.Raft.SnapshotThreshold
	rc.TrailingLogs = cfg.Raft.TrailingLogs
	rc.Logger = hlog

	p.existing, err = raft.HasExistingState(p.store, p.store, snaps)
	if err != nil {
		return nil, fmt.Errorf("inspect raft state: %w", err)
	}
	p.raft, err = raft.NewRaft(rc, f, p.store, p.store, snaps, p.trans)
	if err != nil {
		return nil, fmt.Errorf("start raft: %w", err)
	}
	if cfg.Bootstrap && !p.existing {
		var servers []raft.Server
		for _, peer := range cfg.Peers {
			servers = append(servers, raft.Server{ID: raft.ServerID(peer.ID), Address: raft.ServerAddress(peer.RaftAddr), Suffrage: raft.Voter})
		}
		if err := p.raft.BootstrapCluster(raft.Configuration{Servers: servers}).Error(); err != nil && !errors.Is(err, raft.ErrCantBootstrap) {
			_ = p.raft.Shutdown().Error()
			return nil, fmt.Errorf("bootstrap: %w", err)
		}
	}
	return p, nil
}

// snapshotAtCheckpoints snapshots at every fsm checkpoint, in addition to
// Raft's own threshold, so a restarted replica replays at most K batches.
func (p *raftParts) snapshotAtCheckpoints(ctx context.Context, checkpoint <-chan struct{}, log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-checkpoint:
			if err := p.raft.Snapshot().Error(); err != nil && !errors.Is(err, raft.ErrNothingNewToSnapshot) {
				log.Warn("checkpoint snapshot", "err", err)
			}
		}
	}
}

func (p *raftParts) closeStores() {
	if p.trans != nil {
		_ = p.trans.Close()
	}
	if p.store != nil {
		_ = p.store.Close()
	}
}

// BareRaft is a Raft node wired exactly like a replica's (same transport,
// stores and timing) around any FSM: the baseline that benchmarks compare
// the full replica against.
type BareRaft struct {
	Raft  *raft.Raft
	parts *raftParts
}

// OpenBareRaft starts one.
func OpenBareRaft(cfg Config, f raft.FSM) (*BareRaft, error) {
	p, err := startRaft(cfg, f, NewFaults(), cmp.Or(cfg.Logger, slog.Default()))
	if err != nil {
		return nil, err
	}
	return &BareRaft{Raft: p.raft, parts: p}, nil
}

// Close shuts Raft down and closes its stores.
func (b *BareRaft) Close() error {
	err := b.Raft.Shutdown().Error()
	b.parts.closeStores()
	return err
}
