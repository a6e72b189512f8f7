package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// readAnswer is what the read tests look at in any read's answer (an
// account, a transaction's status): raw HTTP, so that the tests say what a
// client sees whatever the client library does.
type readAnswer struct {
	Code   int
	Status string `json:"status"`
	Nonce  uint64 `json:"nonce"`
	Reason string `json:"reason"`
	Read   *struct {
		Consistency  string `json:"consistency"`
		AppliedIndex uint64 `json:"applied_index"`
	} `json:"read"`
}

var readHTTP = &http.Client{Timeout: 5 * time.Second}

// get reads path at the replica's API; a transport error is Code 0.
func get(ctx context.Context, n *Node, path string) readAnswer {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+n.APIAddr()+path, nil)
	if err != nil {
		return readAnswer{}
	}
	resp, err := readHTTP.Do(req)
	if err != nil {
		return readAnswer{}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var a readAnswer
	_ = json.Unmarshal(body, &a)
	a.Code = resp.StatusCode
	return a
}

// hammer runs read at n from workers goroutines until stop closes; each
// worker's reads are sequential, and last is the worker's own to keep.
func hammer(n *Node, workers int, stop <-chan struct{}, read func(n *Node, last *uint64)) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last uint64
			for {
				select {
				case <-stop:
					return
				default:
				}
				read(n, &last)
			}
		}()
	}
	return &wg
}

// TestReadAfterRestartNeverGoesBack restarts a follower that missed 40
// batches, first with no leader to hear from, then with the others back.
// Its stale reads are 503 until it has caught up with what it had before
// it stopped and never go below it after; its linearizable reads never
// answer below the last acknowledged write.
func TestReadAfterRestartNeverGoesBack(t *testing.T) {
	c := newTestCluster(t, 3)
	ctx := ctxFor(t, 60*time.Second)
	li, _ := c.leader(5 * time.Second)
	f := (li + 1) % 3
	const from = 10
	nonce := uint64(0)
	submitN := func(k int) {
		for range k {
			i, _ := c.leader(5 * time.Second)
			if _, err := c.submit(ctx, i, c.transfer(from, 9, 1, nonce)); err != nil {
				t.Fatal(err)
			}
			nonce++
		}
	}
	// 21 writes: the follower's last snapshot (every K = 8 batches) is
	// below what it has applied.
	submitN(21)
	c.waitHeight(c.maxHeight(), 10*time.Second)
	before := nonce
	c.stop(f)
	submitN(40)
	acked := nonce

	var mu sync.Mutex
	var staleBack, linBack, staleOK, linOK, unavailable int
	staleMax := uint64(0)
	// Concurrent reads may return in either order: monotonic is checked
	// per worker, whose reads do not overlap.
	read := func(n *Node, last *uint64) {
		s := get(ctx, n, fmt.Sprintf("/v1/accounts/%d?consistency=stale", from))
		l := get(ctx, n, fmt.Sprintf("/v1/accounts/%d", from))
		mu.Lock()
		defer mu.Unlock()
		switch {
		case s.Code == http.StatusOK && (s.Nonce < before || s.Nonce < *last):
			staleBack++
		case s.Code == http.StatusOK:
			staleOK++
			*last = s.Nonce
			staleMax = max(staleMax, s.Nonce)
		default:
			unavailable++
		}
		switch {
		case l.Code == http.StatusOK && l.Nonce < acked:
			linBack++
		case l.Code == http.StatusOK:
			linOK++
		}
	}
	// Alone: the others are down, so no leader ever answers it.
	for i := range c.nodes {
		if i != f {
			c.stop(i)
		}
	}
	c.start(f)
	stop := make(chan struct{})
	wg := hammer(c.nodes[f], 4, stop, read)
	time.Sleep(1500 * time.Millisecond)
	// The others come back: it hears from a leader and catches up.
	for i := range c.nodes {
		if i != f {
			c.start(i)
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		done := staleMax >= acked
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("stale: %d ok, %d backwards; linearizable: %d ok, %d below the last ack; %d unavailable", staleOK, staleBack, linOK, linBack, unavailable)
	if staleBack > 0 || linBack > 0 {
		t.Errorf("%d stale reads went below nonce %d (or backwards), %d linearizable reads below the acked %d", staleBack, before, linBack, acked)
	}
	if staleMax < acked || linOK == 0 {
		t.Errorf("never caught up: stale reads reached nonce %d of %d, %d linearizable answers", staleMax, acked, linOK)
	}
}

// TestTxStatusNeverUnknownWhenCommitted asks about committed transactions
// at a restarted follower, at a partitioned one and at a leader that was
// cut off and healed: every answer is "sequenced" or a retryable 503,
// never 404 "unknown".
func TestTxStatusNeverUnknownWhenCommitted(t *testing.T) {
	c := newTestCluster(t, 3)
	ctx := ctxFor(t, 60*time.Second)
	nonce := uint64(0)
	var hashes []fsm.TxHash
	submit := func(k int) {
		for range k {
			i, _ := c.leader(5 * time.Second)
			res, err := c.submit(ctx, i, c.transfer(11, 9, 1, nonce))
			if err != nil {
				t.Fatal(err)
			}
			hashes = append(hashes, res.Hash)
			nonce++
		}
	}
	unknown, answers := 0, 0
	// ask asks replica i about every acked transaction for d.
	ask := func(what string, i int, d time.Duration) {
		n := c.nodes[i]
		end := time.Now().Add(d)
		bad := 0
		for time.Now().Before(end) {
			for _, h := range hashes {
				a := get(ctx, n, "/v1/tx/"+h.String())
				answers++
				if a.Code == http.StatusNotFound || (a.Code == http.StatusOK && a.Status == "unknown") {
					bad++
				}
			}
		}
		t.Logf("%s: %d answers 404/unknown", what, bad)
		unknown += bad
	}

	li, _ := c.leader(5 * time.Second)
	f := (li + 1) % 3
	c.stop(f)
	submit(10)
	c.start(f)
	ask("restarted follower", f, time.Second)

	li, _ = c.leader(5 * time.Second)
	f = (li + 2) % 3
	c.partition(f)
	submit(10)
	ask("partitioned follower", f, time.Second)
	c.heal()
	c.waitHeight(c.maxHeight(), 10*time.Second)

	li, _ = c.leader(5 * time.Second)
	c.partition(li)
	c.leaderOtherThan(li, 10*time.Second)
	submit(10)
	c.heal()
	ask("healed old leader", li, time.Second)

	if unknown > 0 {
		t.Errorf("%d of %d answers about committed transactions were 404/unknown", unknown, answers)
	}
}

// TestDeposedLeaderLinearizableRead cuts the leader off: its linearizable
// read answers 503 within the read timeout, not its own possibly old
// state, and its stale read says it is stale. With the mutation that makes
// linearizable reads local, the same read answers 200: what the chaos
// checker must catch.
func TestDeposedLeaderLinearizableRead(t *testing.T) {
	for _, mutation := range []string{"", MutationLinearizableReadsLocal} {
		t.Run("mutation="+mutation, func(t *testing.T) {
			c := newTestClusterWith(t, 3, testGenesis(32), func(cfg *Config) { cfg.Mutation = mutation })
			ctx := ctxFor(t, 30*time.Second)
			li, leader := c.leader(5 * time.Second)
			if _, err := c.submit(ctx, li, c.transfer(12, 9, 1, 0)); err != nil {
				t.Fatal(err)
			}
			c.partition(li)
			start := time.Now()
			a := get(ctx, leader, "/v1/accounts/12")
			took := time.Since(start)
			s := get(ctx, leader, "/v1/accounts/12?consistency=stale")
			t.Logf("linearizable: %d %q in %v; stale: %d %+v", a.Code, a.Reason, took, s.Code, s.Read)
			if mutation != "" {
				if a.Code != http.StatusOK {
					t.Errorf("mutated linearizable read: %d, want the local 200", a.Code)
				}
				return
			}
			if a.Code != http.StatusServiceUnavailable || took > DefaultConfig().ReadTimeout+time.Second {
				t.Errorf("deposed leader's linearizable read: %d after %v, want 503 within the read timeout", a.Code, took)
			}
			if s.Code != http.StatusOK || s.Read == nil || s.Read.Consistency != "stale" {
				t.Errorf("deposed leader's stale read: %d %+v, want 200 marked stale", s.Code, s.Read)
			}
		})
	}
}

// TestMinIndexReadYourWrites: a sequenced answer carries the write's log
// index, and a stale read demanding it at a follower sees the write.
func TestMinIndexReadYourWrites(t *testing.T) {
	c := newTestCluster(t, 3)
	ctx := ctxFor(t, 30*time.Second)
	li, _ := c.leader(5 * time.Second)
	f := (li + 1) % 3
	for nonce := range uint64(5) {
		res, err := c.submit(ctx, li, c.transfer(13, 9, 1, nonce))
		if err != nil {
			t.Fatal(err)
		}
		var idx struct {
			Index uint64 `json:"index"`
		}
		// The field is new: read it off the answer's JSON.
		b, _ := json.Marshal(res)
		_ = json.Unmarshal(b, &idx)
		if idx.Index == 0 {
			t.Fatalf("sequenced answer without index: %s", b)
		}
		a := get(ctx, c.nodes[f], fmt.Sprintf("/v1/accounts/13?consistency=stale&min_index=%d", idx.Index))
		if a.Code != http.StatusOK || a.Nonce != nonce+1 || a.Read == nil || a.Read.AppliedIndex < idx.Index {
			t.Fatalf("read at min_index %d: %d nonce %d read %+v, want nonce %d", idx.Index, a.Code, a.Nonce, a.Read, nonce+1)
		}
	}
}
