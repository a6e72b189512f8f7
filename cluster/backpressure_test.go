package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/v1/tx", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(data)
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
