package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// fakeReplica is one replica's API over a real machine that sequences
// every transaction in a batch of its own. Every third submission first
// answers 503 (a leader change), so the load must resubmit.
type fakeReplica struct {
	mu    sync.Mutex
	m     *fsm.Machine
	calls int
}

func (f *fakeReplica) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/accounts/"):
		i, _ := strconv.Atoi(r.URL.Path[len("/v1/accounts/"):])
		a, _ := f.m.Account(uint32(i))
		_ = json.NewEncoder(w).Encode(a)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/tx":
		if f.calls++; f.calls%3 == 0 {
			http.Error(w, `{"error":"no leader"}`, http.StatusServiceUnavailable)
			return
		}
		var j wire.TxJSON
		if err := json.NewDecoder(r.Body).Decode(&j); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		tx, err := j.Tx()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		n := f.m.Head().Number + 1
		res := f.m.Build([]fsm.Tx{tx}, int64(n), false)
		if len(res.Included) != 1 {
			http.Error(w, fmt.Sprint(res.Rejected), http.StatusBadRequest)
			return
		}
		f.m.Adopt(res)
		if r := f.m.Apply(n, 1, (&fsm.Command{Type: fsm.CmdAppendBatch, Batch: res.Batch}).Encode()); r.Err != nil {
			http.Error(w, r.Err.Error(), http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(wire.SubmitResult{Hash: tx.Hash(), Status: "sequenced", Batch: n})
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeReplica) ID() string { return "fake" }

func (f *fakeReplica) Head(context.Context) (audit.Head, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, _ := f.m.Batch(f.m.Head().Number)
	return audit.Head{Height: rec.Header.Number, StateRoot: rec.Header.PostRoot, HeadHash: rec.Hash}, nil
}

func (f *fakeReplica) Batch(_ context.Context, n uint64) (fsm.BatchRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.m.Batch(n)
	if !ok {
		return rec, fsm.ErrUnknownBatch
	}
	return rec, nil
}

// TestLoadAgainstAMachine: a paced load of 30 transfers through a replica
// that drops every third submission ends with every one acknowledged once,
// resubmissions counted, and the log passing the audit (nonce order from
// the acknowledgements included).
func TestLoadAgainstAMachine(t *testing.T) {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 8
	g := fsm.DevGenesis(cfg, "load", 12, 1_000_000, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeReplica{m: m}
	srv := httptest.NewServer(f)
	defer srv.Close()

	lc := DefaultConfig()
	lc.APIs, lc.Seed, lc.Accounts, lc.ChainID = []string{srv.URL}, "load", len(g.Accounts), g.ChainID
	lc.Txs, lc.Workers, lc.Rate = 30, 4, 500
	if err := lc.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l := Start(ctx, lc)
	<-l.Done()
	l.Stop()
	st := l.Stats()
	if st.Sequenced() != 30 || st.Submitted() != 30 || st.Failed() != 0 || st.Retries() == 0 {
		t.Fatalf("sequenced %d, submitted %d, failed %d (%v), retries %d",
			st.Sequenced(), st.Submitted(), st.Failed(), st.Errors(), st.Retries())
	}
	if st.Percentile(0.5) <= 0 || st.Percentile(0.99) < st.Percentile(0.5) {
		t.Fatalf("latencies p50 %v p99 %v", st.Percentile(0.5), st.Percentile(0.99))
	}
	acked := st.Acked()
	rep, err := audit.Check(ctx, audit.DefaultConfig(), []audit.Replica{f}, acked)
	if err != nil || rep.Err() != nil || len(acked) != 30 {
		t.Fatalf("audit: %v %v (%d acknowledged)", err, rep.Err(), len(acked))
	}
	for _, a := range acked {
		if !a.Signed || a.From == 0 {
			t.Fatalf("acknowledgement without its sender: %+v", a)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	ok.APIs, ok.Accounts = []string{"127.0.0.1:1"}, 3
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, tune := range map[string]func(*Config){
		"no APIs":        func(c *Config) { c.APIs = nil },
		"two accounts":   func(c *Config) { c.Accounts = 2 },
		"no workers":     func(c *Config) { c.Workers = 0 },
		"negative rate":  func(c *Config) { c.Rate = -1 },
		"negative count": func(c *Config) { c.Txs = -1 },
		"negative wait":  func(c *Config) { c.RetryAfter = -time.Second },
	} {
		c := ok
		tune(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestBadConfigSendsNothing: a load that cannot run (one account, where a
// transfer needs a sender and a receiver) is refused with a reason, by Run
// and by Start, instead of panicking in a worker.
func TestBadConfigSendsNothing(t *testing.T) {
	cfg := Config{APIs: []string{"127.0.0.1:1"}, Seed: "x", Accounts: 1, Workers: 1, Txs: 1}
	st := NewStats()
	if err := Run(context.Background(), cfg, st); err == nil || !strings.Contains(err.Error(), "Accounts") {
		t.Fatalf("Run: %v, want the Accounts refusal", err)
	}
	if st.Submitted() != 0 {
		t.Fatalf("%d submitted", st.Submitted())
	}
	l := Start(context.Background(), cfg)
	select {
	case <-l.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a refused load did not end")
	}
	if l.Err() == nil {
		t.Fatal("Start: no reason for a refused load")
	}
}

// refusing answers the first n submissions 429, as a replica at its
// unproven backlog's bound does (with retryAfter as Retry-After, if set),
// and passes everything else to next.
type refusing struct {
	next       http.Handler
	retryAfter string
	mu         sync.Mutex
	n          int
	at         []time.Time // when each refusal was answered
}

func (h *refusing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	refuse := r.Method == http.MethodPost && h.n > 0
	if refuse {
		h.n--
		h.at = append(h.at, time.Now())
	}
	h.mu.Unlock()
	if !refuse {
		h.next.ServeHTTP(w, r)
		return
	}
	if h.retryAfter != "" {
		w.Header().Set("Retry-After", h.retryAfter)
	}
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(wire.ErrorBody{Error: wire.ErrBacklogFull.Error(), Reason: "backlog_full"})
}

// machineLoad is a load of txs transfers from one worker against a fake
// replica behind h's refusals.
func machineLoad(t *testing.T, h *refusing, txs int) (Config, *httptest.Server) {
	t.Helper()
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth = 8
	g := fsm.DevGenesis(cfg, "load", 12, 1_000_000, 0)
	m, err := fsm.New(g)
	if err != nil {
		t.Fatal(err)
	}
	h.next = &fakeReplica{m: m}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	lc := DefaultConfig()
	lc.APIs, lc.Seed, lc.Accounts, lc.ChainID = []string{srv.URL}, "load", len(g.Accounts), g.ChainID
	lc.Txs, lc.Workers = txs, 1
	return lc, srv
}

// TestMaxWaitsOutRetryAfter: under Max a refused transaction is never
// given up on: after each 429 the worker waits the Retry-After (a second,
// plus at most a tenth) and resubmits it, and every refusal is counted.
// The latency is the client's, waits included.
func TestMaxWaitsOutRetryAfter(t *testing.T) {
	h := &refusing{n: 3, retryAfter: "1"}
	lc, _ := machineLoad(t, h, 2)
	lc.Max, lc.Rate = true, 0.01 // ignored: paced, the second tx would wait 100 s
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st := NewStats()
	if err := Run(ctx, lc, st); err != nil {
		t.Fatal(err)
	}
	if st.Sequenced() != 2 || st.Submitted() != 2 || st.Failed() != 0 || st.Refused() != 3 {
		t.Fatalf("sequenced %d, submitted %d, failed %d (%v), refused %d",
			st.Sequenced(), st.Submitted(), st.Failed(), st.Errors(), st.Refused())
	}
	for i := 1; i < len(h.at); i++ {
		if gap := h.at[i].Sub(h.at[i-1]); gap < time.Second || gap > 2*time.Second {
			t.Errorf("resubmitted %v after refusal %d: want Retry-After's second, plus at most a tenth", gap, i)
		}
	}
	if p := st.Percentile(1); p < 3*time.Second {
		t.Errorf("slowest acknowledgement %v: the waits are the client's latency too", p)
	}
}

// TestMaxNeverGivesUp: refused far more often than any retry budget, the
// transaction still goes in under Max, waiting RetryAfter when the 429
// names no Retry-After. Without Max a Retry-After is honoured too.
func TestMaxNeverGivesUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	lc, _ := machineLoad(t, &refusing{n: 60}, 1)
	lc.Max, lc.RetryAfter = true, time.Millisecond
	st := NewStats()
	if err := Run(ctx, lc, st); err != nil {
		t.Fatal(err)
	}
	if st.Sequenced() != 1 || st.Failed() != 0 || st.Refused() != 60 {
		t.Fatalf("max: sequenced %d, failed %d (%v), refused %d", st.Sequenced(), st.Failed(), st.Errors(), st.Refused())
	}

	// Without Max: Retry-After is honoured (not the 50 ms step), and the
	// 429s count as refusals, not retries.
	h := &refusing{n: 2, retryAfter: "1"}
	lc, _ = machineLoad(t, h, 1)
	st = NewStats()
	start := time.Now()
	if err := Run(ctx, lc, st); err != nil {
		t.Fatal(err)
	}
	if st.Sequenced() != 1 || st.Refused() != 2 || st.Retries() != 0 || time.Since(start) < 2*time.Second {
		t.Fatalf("paced: sequenced %d, refused %d, retries %d in %v", st.Sequenced(), st.Refused(), st.Retries(), time.Since(start))
	}
}

// TestMaxStopWhileRefused: a Max load stopped while its transaction waits
// out a 429 counts it as sent and abandoned, not as failed: being refused
// is the cluster's pace, not an error.
func TestMaxStopWhileRefused(t *testing.T) {
	lc, _ := machineLoad(t, &refusing{n: 1 << 30, retryAfter: "1"}, 1)
	lc.Max = true
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	st := NewStats()
	if err := Run(ctx, lc, st); err != nil {
		t.Fatal(err)
	}
	if st.Submitted() != 1 || st.Sequenced() != 0 || st.Failed() != 0 || st.Refused() != 1 || st.Abandoned() != 1 {
		t.Fatalf("submitted %d, sequenced %d, failed %d (%v), refused %d, abandoned %d",
			st.Submitted(), st.Sequenced(), st.Failed(), st.Errors(), st.Refused(), st.Abandoned())
	}
}
