package watchdog

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/baton-rollup/baton/internal/ctxsleep"
)

// newSession grants a lease of ttl and keeps it alive. The grant is bounded
// by ctx; the session itself is not tied to ctx, because Close must still
// revoke the lease after ctx ended (closing the client alone would leave
// the lease, and every key under it, to live out its TTL).
func newSession(ctx context.Context, cli *clientv3.Client, ttl time.Duration) (*concurrency.Session, error) {
	secs := int(math.Ceil(ttl.Seconds()))
	gctx, cancel := context.WithTimeout(ctx, max(ttl, 2*time.Second))
	defer cancel()
	g, err := cli.Grant(gctx, int64(secs))
	if err != nil {
		return nil, fmt.Errorf("etcd lease: %w", err)
	}
	s, err := concurrency.NewSession(cli, concurrency.WithLease(g.ID), concurrency.WithTTL(secs))
	if err != nil {
		return nil, fmt.Errorf("etcd lease keepalive: %w", err)
	}
	return s, nil
}

// holdLeases runs fn with a fresh lease each time the last one is lost
// (etcd away for longer than the TTL), until ctx ends; fn returns when
// its session or ctx ends. Each lease is revoked once fn is done with it.
// A lease that fn gave back within the TTL (a refused campaign, a write
// failing at once) counts as a failure, so nothing spins through lease
// grants.
func holdLeases(ctx context.Context, cli *clientv3.Client, ttl time.Duration, log *slog.Logger, what string, fn func(*concurrency.Session)) {
	fails := 0
	for ctx.Err() == nil {
		s, err := newSession(ctx, cli, ttl)
		if err != nil {
			fails++
			log.Warn("etcd: no lease; retrying", "for", what, "err", err)
			ctxsleep.Sleep(ctx, retryDelay(fails))
			continue
		}
		began := time.Now()
		fn(s)
		closeSession(s)
		if ctx.Err() != nil {
			return
		}
		log.Warn("etcd lease lost; taking a new one", "for", what)
		if time.Since(began) < ttl {
			fails++
			ctxsleep.Sleep(ctx, retryDelay(fails))
		} else {
			fails = 0
		}
	}
}

// closeSession revokes the lease now, so a planned stop costs nobody a TTL.
func closeSession(s *concurrency.Session) {
	if s != nil {
		_ = s.Close()
	}
}

// retryDelay grows from 250 ms to 5 s: etcd being away is usually short.
func retryDelay(failures int) time.Duration {
	return min(250*time.Millisecond<<min(failures, 5), 5*time.Second)
}
