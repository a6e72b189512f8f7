package watchdog

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/baton-rollup/baton/internal/freeport"
	"github.com/baton-rollup/baton/wire"
)

func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	out, err := freeport.Loopback(n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// startEtcd runs a one-member embedded etcd for the test.
func startEtcd(t *testing.T) *clientv3.Client {
	t.Helper()
	a := freeAddrs(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := StartMember(ctx, MemberConfig{Name: "e0", Dir: t.TempDir(), ClientAddr: a[0], PeerAddr: a[1]})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	cli, err := Connect(ctx, EtcdConfig{Endpoints: []string{m.ClientURL}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

func testLog(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
	}
	return slog.New(slog.DiscardHandler)
}

func testKeys(t *testing.T) Keys {
	k, err := NewKeys("test")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// recordingAdmin stands in for the replicas' admin API in the decision
// tests, which look at what the watchdog asks for; the process tests in
// cmd/baton run the real cluster. It answers reoffers the way a leader
// does (idempotently, by attempt) and can be told to hang.
type recordingAdmin struct {
	mu        sync.Mutex
	transfers []string // "from-api→to"
	reoffers  []JobRef
	attempt   map[uint64]uint32
	hang      bool
}

func (a *recordingAdmin) TransferLeadership(ctx context.Context, api, to string) error {
	a.mu.Lock()
	hang := a.hang
	a.transfers = append(a.transfers, api+"→"+to)
	a.mu.Unlock()
	if hang {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (a *recordingAdmin) ReofferJob(_ context.Context, _ string, b uint64, att uint32) (wire.ReofferResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.attempt == nil {
		a.attempt = map[uint64]uint32{}
	}
	a.reoffers = append(a.reoffers, JobRef{b, att})
	if a.attempt[b] <= att {
		a.attempt[b] = att + 1
	}
	return wire.ReofferResult{Batch: b, Attempt: a.attempt[b]}, nil
}

func (a *recordingAdmin) snapshot() ([]string, []JobRef) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.transfers...), append([]JobRef(nil), a.reoffers...)
}

func eventually(t *testing.T, within time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func seqRecord(id, role, leader string, term uint64, age time.Duration) SequencerRecord {
	now := time.Now()
	return SequencerRecord{ID: id, API: "api-" + id, Role: role, Leader: leader, Voter: true, Term: term,
		CommitIndex: 100, AppliedIndex: 100, LastBatch: 10, LastBatchMs: now.Add(-time.Second).UnixMilli(),
		UpdatedMs: now.Add(-age).UnixMilli()}
}

func putJSON(t *testing.T, cli *clientv3.Client, key string, v any, opts ...clientv3.OpOption) {
	t.Helper()
	if _, err := cli.Put(context.Background(), key, encode(v), opts...); err != nil {
		t.Fatal(fmt.Errorf("put %s: %w", key, err))
	}
}

func counter(t *testing.T, c prometheus.Collector) float64 {
	t.Helper()
	return testutil.ToFloat64(c)
}
