package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// TestBacklogBound: with no provers nothing is proven, so the unproven
// backlog grows one batch per transaction until its bound; then every
// replica, leader and followers alike, refuses new API transactions with
// 429, Retry-After and the reason, while an acknowledged transaction
// resubmitted still answers sequenced and priority operations still go
// in. Nothing acknowledged is lost.
func TestBacklogBound(t *testing.T) {
	const bound = 3
	c := newTestClusterWith(t, 3, testGenesis(32), func(cfg *Config) {
		cfg.MaxUnprovenBatches = bound
		cfg.Batcher.MaxTxs = 1
	})
	li, _ := c.leader(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	var acked []fsm.Tx
	for nonce := uint64(0); nonce < bound; nonce++ {
		tx := c.transfer(1, 2, 5, nonce)
		res, err := c.submit(ctx, int(nonce)%3, tx)
		if err != nil || res.Status != "sequenced" {
			t.Fatalf("tx %d below the bound: %+v %v", nonce, res, err)
		}
		acked = append(acked, tx)
	}
	c.waitHeight(bound, 10*time.Second)

	fresh := c.transfer(3, 4, 5, 0)
	for i, n := range c.nodes {
		code, retryAfter, body := postTx(t, ctx, n.APIAddr(), fresh)
		if code != http.StatusTooManyRequests || retryAfter != "1" ||
			!strings.Contains(body, wire.ErrBacklogFull.Error()) || !strings.Contains(body, "(bound 3)") ||
			!strings.Contains(body, `"reason":"backlog_full"`) {
			t.Fatalf("s%d (leader s%d) at the bound: %d Retry-After %q %s", i, li, code, retryAfter, body)
		}
		// wire.Client surfaces it with its reason and Retry-After.
		var he *wire.HTTPError
		if _, err := c.client(i).Submit(ctx, fresh, true); !errors.As(err, &he) || he.Code != http.StatusTooManyRequests ||
			!errors.Is(err, wire.ErrBacklogFull) || he.RetryAfter != time.Second {
			t.Fatalf("s%d: client at the bound: %v", i, err)
		}
		// An acknowledged transaction answers as before.
		for _, tx := range acked {
			res, err := c.submit(ctx, i, tx)
			if err != nil || res.Status != "sequenced" || res.Batch != c.acked[tx.Hash()] {
				t.Fatalf("s%d: resubmitted acknowledged tx: %+v %v", i, res, err)
			}
		}
	}
	for i, n := range c.nodes {
		// Each replica refused its own two (raw and through the client).
		if got := testutil.ToFloat64(n.metrics.backlogRefusals); got != 2 {
			t.Fatalf("s%d: baton_backlog_refusals_total %v, want 2", i, got)
		}
		// Its overview and its metrics say so, from its own log.
		var o wire.Overview
		getJSON(t, ctx, "http://"+n.APIAddr()+"/v1/overview", &o)
		if b := o.Backlog; b == nil || b.UnprovenBatches != bound || b.Bound != bound || b.RefusalsTotal != 2 ||
			b.WitnessBytes == 0 || b.OldestUnprovenAgeS <= 0 || len(b.History) == 0 {
			t.Fatalf("s%d: overview backlog %+v", i, b)
		}
		metrics := getText(t, ctx, "http://"+n.APIAddr()+"/metrics")
		for _, want := range []string{"baton_unproven_batches 3\n", "baton_unproven_bound 3\n", "baton_backlog_refusals_total 2\n",
			"baton_unproven_witness_bytes ", "baton_oldest_unproven_age_seconds ", "baton_backlog_drain_batches_per_second 0\n",
			"baton_batches_proven_total 0\n", "baton_l1_lag_batches 0\n", "baton_l1_unfinalized_age_seconds 0\n"} {
			if !strings.Contains(metrics, "\n"+want) {
				t.Errorf("s%d: /metrics lacks %q", i, want)
			}
		}
	}

	// L1's priority operations are never refused.
	deposit := fsm.Tx{Kind: fsm.KindDeposit, QueueIndex: 0, PubKey: fsm.DevKey("backlog-test", 0).Public(), L1Addr: fsm.L1Address{19: 1}, Amount: 10}
	if res, err := c.client((li+1)%3).Priority(ctx, deposit, true); err != nil || res.Status != "sequenced" {
		t.Fatalf("deposit past the bound: %+v %v", res, err)
	}
	c.checkInvariants()
}

// postTx submits tx over plain HTTP, for what wire.Client does not
// show: the Retry-After header.
func postTx(t *testing.T, ctx context.Context, addr string, tx fsm.Tx) (code int, retryAfter, body string) {
	t.Helper()
	b, err := json.Marshal(wire.ToJSON(tx))
	if err != nil {
		t.Fatal(err)
	}
	code, h, body := httpDo(t, ctx, http.MethodPost, "http://"+addr+"/v1/tx", b)
	return code, h.Get("Retry-After"), body
}

func getText(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	code, _, body := httpDo(t, ctx, http.MethodGet, url, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, code, body)
	}
	return body
}

// httpDo makes one plain HTTP request and reads the whole answer.
func httpDo(t *testing.T, ctx context.Context, method, url string, body []byte) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return resp.StatusCode, resp.Header, string(data)
}

func getJSON(t *testing.T, ctx context.Context, url string, out any) {
	t.Helper()
	if err := json.Unmarshal([]byte(getText(t, ctx, url)), out); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestRemoteBacklogRefusal: a leader's refusal at the bound, relayed by a
// follower, still reads as ErrBacklogFull (and so keeps its Retry-After);
// other 429s stay a full mempool. The reason decides, whatever the
// message; a body without one (an older leader) falls back to the
// message's start.
func TestRemoteBacklogRefusal(t *testing.T) {
	for _, c := range []struct {
		name string
		err  *remoteError
		want error
	}{
		{"backlog by reason", &remoteError{code: 429, msg: "reworded", reason: "backlog_full"}, wire.ErrBacklogFull},
		{"mempool by reason", &remoteError{code: 429, msg: "unproven backlog at its bound? no", reason: "mempool_full"}, wire.ErrMempoolFull},
		{"no leader by reason", &remoteError{code: 429, msg: "x", reason: "no_leader"}, wire.ErrNoLeader},
		{"old backlog", &remoteError{code: 429, msg: "unproven backlog at its bound: 3 batches sequenced and not yet proven (bound 3); retry later"}, wire.ErrBacklogFull},
		{"old mempool", &remoteError{code: 429, msg: "mempool full: 10 transactions pending"}, wire.ErrMempoolFull},
		{"unknown reason", &remoteError{code: 429, msg: "mempool full", reason: "from_the_future"}, wire.ErrMempoolFull},
	} {
		if got := errors.Unwrap(c.err); got != c.want {
			t.Errorf("%s: unwraps to %v, want %v", c.name, got, c.want)
		}
	}
}

// TestFarmBacklogFillsAndDrains: a burst fills the unproven backlog to its
// bound and no further (pending transactions count as the batches they
// will make), every replica then refuses with 429, the farm drains the
// backlog, and ingress accepts again, the refused transactions included.
// Nothing acknowledged is lost.
func TestFarmBacklogFillsAndDrains(t *testing.T) {
	const bound = 2
	f := newFarmWith(t, nil, func(c *Config) { c.MaxUnprovenBatches = bound })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	peak := watchBacklog(ctx, f.testCluster)

	// A burst from six senders at once, with room for bound×2 of them.
	var (
		mu      sync.Mutex
		refused []fsm.Tx
		wg      sync.WaitGroup
	)
	for from := uint32(1); from <= 6; from++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx := f.transfer(from, 7, 1, 0)
			_, err := f.submit(ctx, int(from)%3, tx)
			var he *wire.HTTPError
			switch {
			case err == nil:
			case errors.As(err, &he) && he.Code == http.StatusTooManyRequests:
				mu.Lock()
				refused = append(refused, tx)
				mu.Unlock()
			default:
				t.Errorf("sender %d: %v", from, err)
			}
		}()
	}
	wg.Wait()
	if len(refused) < 6-2*bound {
		t.Fatalf("%d of 6 refused: the burst overran a bound of %d batches of 2", len(refused), bound)
	}
	// Top up one at a time until the log alone is at the bound.
	for nonce := uint64(1); unprovenOn(f.node(0)) < bound; nonce++ {
		if _, err := f.submit(ctx, 0, f.transfer(6, 7, 1, nonce)); err != nil {
			break
		}
		f.waitHeight(f.maxHeight(), 10*time.Second)
	}
	f.waitHeight(f.maxHeight(), 10*time.Second)
	fresh := refused[0]
	for i, n := range f.nodes {
		if got := unprovenOn(n); got != bound {
			t.Fatalf("s%d: %d unproven batches, want the bound %d", i, got, bound)
		}
		if code, retryAfter, body := postTx(t, ctx, n.APIAddr(), fresh); code != http.StatusTooManyRequests || retryAfter == "" {
			t.Fatalf("s%d at the bound: %d Retry-After %q %s", i, code, retryAfter, body)
		}
	}

	// The farm drains it; then the refused transactions go in.
	f.startProver("p1")
	deadline := time.Now().Add(90 * time.Second)
	for _, tx := range refused {
		for {
			res, err := f.submit(ctx, int(tx.From)%3, tx)
			if err == nil && res.Status == "sequenced" {
				break
			}
			var he *wire.HTTPError
			if !errors.As(err, &he) || he.Code != http.StatusTooManyRequests || time.Now().After(deadline) {
				t.Fatalf("refused tx from %d after the farm started: %+v %v", tx.From, res, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	f.waitProven(90 * time.Second)
	cancel()
	if p := <-peak; p > bound {
		t.Fatalf("the backlog peaked at %d batches, over its bound %d", p, bound)
	}
	f.checkInvariants()
}

// unprovenOn is replica n's unproven backlog.
func unprovenOn(n *Node) (u uint64) {
	n.rep.read(func(m *fsm.Machine) { u = unprovenBatches(m) })
	return u
}

// watchBacklog samples every replica's unproven backlog until ctx ends and
// then sends the largest seen.
func watchBacklog(ctx context.Context, c *testCluster) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		for ctx.Err() == nil {
			for _, n := range c.running() {
				peak = max(peak, unprovenOn(n))
			}
			time.Sleep(10 * time.Millisecond)
		}
		out <- peak
	}()
	return out
}
