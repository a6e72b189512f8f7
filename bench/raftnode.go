package bench

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/wire"
)

// noopFSM is the raw-Raft baseline's state machine.
type noopFSM struct{}

func (noopFSM) Apply(*raft.Log) any                 { return nil }
func (noopFSM) Snapshot() (raft.FSMSnapshot, error) { return noopSnap{}, nil }
func (noopFSM) Restore(rc io.ReadCloser) error      { return rc.Close() }

type noopSnap struct{}

func (noopSnap) Persist(s raft.SnapshotSink) error { return s.Close() }
func (noopSnap) Release()                          {}

// rawRaftRun asks a raft-node to apply entries for a while.
type rawRaftRun struct {
	Entries  [][]byte      `json:"entries"`
	Inflight int           `json:"inflight"`
	Duration time.Duration `json:"duration"`
}

type rawRaftResult struct {
	Applied int64   `json:"applied"`
	Lost    int64   `json:"lost"`
	Seconds float64 `json:"seconds"`
}

// ServeRaftNode is one process of the raw-Raft baseline (`baton bench
// raft-node`, with a replica's flags): a Raft node wired exactly like a
// replica's (same transport, bolt stores, fsync, timing) around a no-op
// fsm, with a tiny HTTP API on cfg.APIAddr until ctx ends: GET /v1/status
// says whether it leads; POST /run makes the leader apply the given
// entries with some in flight for a while.
func ServeRaftNode(ctx context.Context, cfg cluster.Config) error {
	node, err := cluster.OpenBareRaft(cfg, noopFSM{})
	if err != nil {
		return err
	}
	defer node.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", func(w http.ResponseWriter, _ *http.Request) {
		role := node.Raft.State().String()
		api := ""
		if role == "Leader" {
			api = cfg.APIAddr
		}
		_ = json.NewEncoder(w).Encode(wire.Status{ID: cfg.ID, Role: role, LeaderAPI: api})
	})
	mux.HandleFunc("POST /run", func(w http.ResponseWriter, r *http.Request) { applyFor(w, r, node.Raft) })
	ln, err := net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return err
	}
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS.Server)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// applyFor makes r (the leader) apply the run's entries, some in flight,
// for the run's duration, and answers what it applied.
func applyFor(w http.ResponseWriter, req *http.Request, r *raft.Raft) {
	var run rawRaftRun
	if err := json.NewDecoder(req.Body).Decode(&run); err != nil || len(run.Entries) == 0 || run.Inflight < 1 {
		http.Error(w, "bad run request", http.StatusBadRequest)
		return
	}
	var applied, lost atomic.Int64
	start := time.Now()
	stop := start.Add(run.Duration)
	var wg sync.WaitGroup
	for k := range run.Inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; time.Now().Before(stop); i += run.Inflight {
				if err := r.Apply(run.Entries[i%len(run.Entries)], 5*time.Second).Error(); err != nil {
					// Leadership moved: the measurement counts only
					// what this leader committed.
					lost.Add(1)
					if r.State() != raft.Leader {
						return
					}
					continue
				}
				applied.Add(1)
			}
		}()
	}
	wg.Wait()
	_ = json.NewEncoder(w).Encode(rawRaftResult{Applied: applied.Load(), Lost: lost.Load(), Seconds: time.Since(start).Seconds()})
}

// rawRaft pushes the same entry bytes through raft.Apply on the same
// 3-process setup with a no-op fsm: one entry in flight (as the batcher
// keeps) and eight (pipelined); the faster is the baseline.
func (b *sequencerBench) rawRaft(ctx context.Context) (float64, error) {
	name := "raw"
	if b.tls != nil {
		name = "raw-tls" // a fresh cluster: the plain one's Raft state names other ports
	}
	rs, err := b.startReplicas(name, "bench raft-node")
	if err != nil {
		return 0, err
	}
	defer rs.Stop()
	txsPerEntry := float64(b.cfg.Accounts*b.cfg.TxsPerAccount) / float64(len(b.cmds))
	best := 0.0
	for _, inflight := range []int{1, 8} {
		li, err := rs.Leader(ctx, rs.All(), 20*time.Second)
		if err != nil {
			return 0, err
		}
		var out rawRaftResult
		body, _ := json.Marshal(rawRaftRun{Entries: b.cmds, Inflight: inflight, Duration: 2 * time.Second})
		c := rs.Client(li)
		c.HTTP.Timeout = time.Minute
		if err := postJSON(ctx, c, "/run", body, &out); err != nil {
			return 0, fmt.Errorf("raw raft run: %w", err)
		}
		rate := float64(out.Applied) * txsPerEntry / out.Seconds
		b.say("raw raft, %d in flight: %.0f tx/s (%d entries lost to leader changes)", inflight, rate, out.Lost)
		best = max(best, rate)
	}
	return best, nil
}

func postJSON(ctx context.Context, c *wire.Client, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, data)
	}
	return json.Unmarshal(data, out)
}
