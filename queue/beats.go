package queue

import (
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// BeatWatch listens to the provers' heartbeats on a connection of its
// own and remembers the newest one of each job attempt: the watchdog's
// faster sign of a dead prover than its etcd lease (watchdog.Liveness).
// It only reports what it heard; deciding what silence means is the
// watchdog's job, with etcd as the authority.
type BeatWatch struct {
	nc  *nats.Conn
	sub *nats.Subscription
	// settle: how long the connection must have been up before silence
	// means anything (a beat sent while it was down is lost for good).
	settle time.Duration
	now    func() time.Time

	mu      sync.Mutex
	last    map[beatKey]beatSeen
	upSince time.Time // zero while disconnected
	pruned  time.Time
}

type beatKey struct {
	batch   uint64
	attempt uint32
}

type beatSeen struct {
	prover string
	at     time.Time
}

// beatRetain: how long an attempt's last beat is kept. Far longer than
// any silence the watchdog acts on; it bounds the map.
const beatRetain = time.Minute

// WatchBeats connects to cfg's NATS and follows Subjects().Heartbeats().
// Healthy turns true once the connection has been up for settle.
func WatchBeats(cfg Config, name string, settle time.Duration) (*BeatWatch, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &BeatWatch{settle: settle, now: time.Now, last: map[beatKey]beatSeen{}}
	down := func(*nats.Conn, error) {
		b.mu.Lock()
		b.upSince = time.Time{}
		b.mu.Unlock()
	}
	up := func(*nats.Conn) {
		b.mu.Lock()
		b.upSince = b.now()
		b.mu.Unlock()
	}
	nc, err := dial(cfg, name, nats.DisconnectErrHandler(down), nats.ReconnectHandler(up))
	if err != nil {
		return nil, err
	}
	b.nc = nc
	if b.sub, err = nc.Subscribe(cfg.Subjects().Heartbeats(), b.heard); err != nil {
		nc.Close()
		return nil, fmt.Errorf("subscribe to heartbeats: %w", err)
	}
	if err := nc.Flush(); err != nil {
		nc.Close()
		return nil, fmt.Errorf("subscribe to heartbeats: %w", err)
	}
	up(nc)
	return b, nil
}

func (b *BeatWatch) heard(m *nats.Msg) {
	h, err := DecodeHeartbeat(m.Data)
	if err != nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.last[beatKey{h.Batch, h.Attempt}] = beatSeen{prover: h.Prover, at: now}
	if now.Sub(b.pruned) > beatRetain/6 {
		b.pruned = now
		for k, s := range b.last {
			if now.Sub(s.at) > beatRetain {
				delete(b.last, k)
			}
		}
	}
}

// Last is the newest heartbeat of batch's attempt: its prover, and when
// it arrived here (this process's clock). ok false: none heard lately.
func (b *BeatWatch) Last(batch uint64, attempt uint32) (prover string, at time.Time, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.last[beatKey{batch, attempt}]
	return s.prover, s.at, ok
}

// Healthy reports whether silence means something: connected, and for
// at least the settle time, so beats sent now would have been heard.
func (b *BeatWatch) Healthy() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.upSince.IsZero() && b.nc.IsConnected() && b.now().Sub(b.upSince) >= b.settle
}

// Close ends the subscription and the connection.
func (b *BeatWatch) Close() { b.nc.Close() }
