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
