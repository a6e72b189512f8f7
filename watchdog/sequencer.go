package watchdog

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// Heartbeat publishes one sequencer replica's heartbeat under its lease
// and, while the replica leads, the leader record.
type Heartbeat struct {
	Client *clientv3.Client
	Keys   Keys
	// TTL of the lease: how long a dead replica's records outlive it.
	TTL time.Duration
	// Every is how often the heartbeat is written.
	Every time.Duration
	// Status reads the replica (cluster.Node behind it; cmd/baton wires
	// it, so a heartbeat can be tested without a replica).
	Status func() SequencerRecord
	// ID is the replica's Raft server id; RaftAddr goes into the leader
	// record.
	ID, RaftAddr string
	Log          *slog.Logger

	lastOK atomic.Int64 // Unix ms of the last heartbeat etcd took
}

// Up reports whether etcd took a heartbeat within the last three
// intervals (baton_etcd_up).
func (h *Heartbeat) Up() bool {
	return time.Since(time.UnixMilli(h.lastOK.Load())) < 3*h.Every
}

// Run writes heartbeats until ctx ends, then deletes the leader record if
// it is this replica's and revokes the lease at once.
func (h *Heartbeat) Run(ctx context.Context) {
	holdLeases(ctx, h.Client, h.TTL, h.Log, "heartbeat", func(s *concurrency.Session) {
		h.beat(ctx, s)
		if ctx.Err() != nil {
			// Before the lease goes: nobody should read a leader that is
			// stopping for even a moment.
			cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			h.dropLeader(cctx, s)
			cancel()
		}
	})
}

// beat writes until the session or ctx ends. The leader record is
// written once per term in a session, and deleted once when leadership
// ends: it lives under the session's lease, so between those nothing can
// remove it but a later term's leader (and then this replica is no longer
// leading). Followers touch it not at all, rather than reading it every
// beat to find it is not theirs.
func (h *Heartbeat) beat(ctx context.Context, s *concurrency.Session) {
	t := time.NewTicker(h.Every)
	defer t.Stop()
	var claimed uint64 // the term whose leader record this session wrote (0: none)
	for {
		rec := h.Status()
		rec.ID, rec.UpdatedMs = h.ID, nowMs()
		wctx, cancel := context.WithTimeout(ctx, max(h.Every, time.Second))
		_, err := h.Client.Put(wctx, h.Keys.Sequencer(rec.ID), encode(rec), clientv3.WithLease(s.Lease()))
		if err == nil {
			h.lastOK.Store(nowMs())
			switch {
			case rec.Role == "Leader" && claimed != rec.Term:
				err = h.claimLeader(wctx, s, LeaderRecord{ID: rec.ID, API: rec.API, RaftAddr: h.RaftAddr, Term: rec.Term, SinceMs: rec.UpdatedMs, UpdatedMs: rec.UpdatedMs})
				if err == nil {
					claimed = rec.Term
				}
			case rec.Role != "Leader" && claimed != 0:
				if err = h.dropLeader(wctx, s); err == nil {
					claimed = 0
				}
			}
		}
		cancel()
		if err != nil && ctx.Err() == nil {
			h.Log.Warn("etcd heartbeat", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.Done():
			return
		case <-t.C:
		}
	}
}

// claimLeader writes the leader record unless a record of a later term is
// there: a deposed leader that has not noticed yet must not overwrite its
// successor's. Compare-and-swap on the revision read, so two writers never
// both win.
func (h *Heartbeat) claimLeader(ctx context.Context, s *concurrency.Session, rec LeaderRecord) error {
	key := h.Keys.Leader()
	for range 4 {
		cur, err := h.Client.Get(ctx, key)
		if err != nil {
			return err
		}
		cmp := clientv3.Compare(clientv3.CreateRevision(key), "=", 0)
		if len(cur.Kvs) > 0 {
			kv := cur.Kvs[0]
			old, err := decode[LeaderRecord](kv.Value)
			if err == nil && old.Term > rec.Term {
				return nil
			}
			cmp = clientv3.Compare(clientv3.ModRevision(key), "=", kv.ModRevision)
		}
		r, err := h.Client.Txn(ctx).If(cmp).Then(clientv3.OpPut(key, encode(rec), clientv3.WithLease(s.Lease()))).Commit()
		if err != nil {
			return err
		}
		if r.Succeeded {
			return nil
		}
	}
	// Retried at the next beat.
	return errors.New("leader record: changed under every compare-and-swap")
}

// dropLeader deletes the leader record if this session wrote it: ours
// is exactly the one under our lease.
func (h *Heartbeat) dropLeader(ctx context.Context, s *concurrency.Session) error {
	key := h.Keys.Leader()
	_, err := h.Client.Txn(ctx).If(clientv3.Compare(clientv3.LeaseValue(key), "=", s.Lease())).
		Then(clientv3.OpDelete(key)).Commit()
	return err
}

// ReadLeader returns the leader record (ok false when there is none).
func ReadLeader(ctx context.Context, cli *clientv3.Client, k Keys) (rec LeaderRecord, ok bool, err error) {
	r, err := cli.Get(ctx, k.Leader())
	if err != nil || len(r.Kvs) == 0 {
		return rec, false, err
	}
	rec, err = decode[LeaderRecord](r.Kvs[0].Value)
	return rec, err == nil, err
}
