package watchdog

import (
	"context"
	"fmt"
	"math"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
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

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
