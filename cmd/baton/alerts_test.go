package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/value"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/rules"
	"github.com/prometheus/prometheus/tsdb"
	"github.com/prometheus/prometheus/util/teststorage"

	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/queue"
)

// scraper does what a Prometheus server does for the test: scrape every
// target each interval into a real TSDB, marking a target's series stale
// when its scrape fails (so a dead leader stops counting).
type scraper struct {
	db      *tsdb.DB
	targets func() []string
	mu      sync.Mutex
	last    map[string][]labels.Labels // series per target, for staleness
}

func (s *scraper) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for _, target := range s.targets() {
			s.scrape(ctx, target)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *scraper) scrape(ctx context.Context, target string) {
	now := time.Now().UnixMilli()
	app := s.db.Appender(ctx)
	var series []labels.Labels
	add := func(name string, ls map[string]string, v float64) {
		m := map[string]string{"__name__": name, "instance": target}
		for k, val := range ls {
			m[k] = val
		}
		l := labels.FromMap(m)
		if _, err := app.Append(0, l, now, v); err == nil {
			series = append(series, l)
		}
	}
	c := &http.Client{Timeout: 900 * time.Millisecond}
	resp, err := c.Get("http://" + target + "/metrics")
	if err == nil {
		p := expfmt.NewTextParser(model.UTF8Validation)
		fams, perr := p.TextToMetricFamilies(resp.Body)
		resp.Body.Close()
		err = perr
		for name, f := range fams {
			for _, m := range f.GetMetric() {
				ls := map[string]string{}
				for _, lp := range m.GetLabel() {
					ls[lp.GetName()] = lp.GetValue()
				}
				switch {
				case m.Counter != nil:
					add(name, ls, m.GetCounter().GetValue())
				case m.Gauge != nil:
					add(name, ls, m.GetGauge().GetValue())
				case m.Untyped != nil:
					add(name, ls, m.GetUntyped().GetValue())
				case m.Histogram != nil:
					h := m.GetHistogram()
					for _, b := range h.GetBucket() {
						bl := map[string]string{"le": fmt.Sprint(b.GetUpperBound())}
						for k, v := range ls {
							bl[k] = v
						}
						add(name+"_bucket", bl, float64(b.GetCumulativeCount()))
					}
					inf := map[string]string{"le": "+Inf"}
					for k, v := range ls {
						inf[k] = v
					}
					add(name+"_bucket", inf, float64(h.GetSampleCount()))
					add(name+"_sum", ls, h.GetSampleSum())
					add(name+"_count", ls, float64(h.GetSampleCount()))
				}
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		// As Prometheus does: the target's series end now.
		for _, l := range s.last[target] {
			_, _ = app.Append(0, l, now, math.Float64frombits(value.StaleNaN))
		}
		s.last[target] = nil
	} else {
		s.last[target] = series
	}
	_ = app.Commit()
}

// TestAlertsFireOnDevnet loads deploy/prometheus/alerts.yml into
// Prometheus's own rule manager over a real TSDB fed by scraping a
// devnet's processes, then injects three faults and waits for the
// matching alert to fire: a forged proof (BatonProofFailures), five
// leadership transfers (BatonLeaderFlapping) and two of three replicas
// killed (BatonNoLeader, after its 30 s "for").
func TestAlertsFireOnDevnet(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	d := startSmallDevnet(t, ctx, 1)

	db := teststorage.New(t)
	sc := &scraper{db: db.DB, last: map[string][]labels.Labels{}, targets: d.MetricsAddrs}
	sctx, stopScrape := context.WithCancel(ctx)
	scraped := make(chan struct{})
	go func() { defer close(scraped); sc.run(sctx, time.Second) }()
	defer func() { stopScrape(); <-scraped }()

	engine := promql.NewEngine(promql.EngineOpts{MaxSamples: 10_000_000, Timeout: 10 * time.Second, LookbackDelta: 30 * time.Second})
	mgr := rules.NewManager(&rules.ManagerOptions{
		QueryFunc:    rules.EngineQueryFunc(engine, db),
		NotifyFunc:   func(context.Context, string, ...*rules.Alert) {},
		Context:      ctx,
		AppendableV2: db,
		Queryable:    db,
		Logger:       slog.New(slog.DiscardHandler),
		Parser:       parser.NewParser(parser.Options{}),
	})
	if err := mgr.Update(time.Second, []string{alertRulesPath}, labels.EmptyLabels(), "", nil); err != nil {
		t.Fatalf("load %s: %v", alertRulesPath, err)
	}
	go mgr.Run()
	defer mgr.Stop()
	state := func(name string) rules.AlertState {
		for _, r := range mgr.AlertingRules() {
			if r.Name() == name {
				return r.State()
			}
		}
		t.Fatalf("no alert %s loaded", name)
		return 0
	}
	fires := func(name string, within time.Duration) time.Duration {
		start := time.Now()
		for state(name) != rules.StateFiring {
			if time.Since(start) > within {
				t.Fatalf("%s did not fire within %v", name, within)
			}
			time.Sleep(250 * time.Millisecond)
		}
		return time.Since(start)
	}
	// Healthy first: none of the three fires.
	time.Sleep(8 * time.Second)
	for _, a := range []string{"BatonProofFailures", "BatonLeaderFlapping", "BatonNoLeader"} {
		if s := state(a); s == rules.StateFiring {
			t.Fatalf("%s fires on a healthy devnet", a)
		}
	}

	// 1. A forged proof for a batch nobody proved yet.
	d.Provers().Kill(0)
	res := submitOwn(t, ctx, d, 1)
	qcfg := queue.DefaultConfig()
	qcfg.URL = d.NATSURL()
	q, err := queue.Connect(ctx, qcfg, "forger", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if err := q.PublishResult(ctx, &queue.Result{Batch: res.Batch, Attempt: 1, Prover: "forger", CircuitID: "forged", Proof: []byte("not a proof")}); err != nil {
		t.Fatal(err)
	}
	t.Logf("BatonProofFailures fired %v after the forged proof", fires("BatonProofFailures", 30*time.Second).Round(time.Millisecond))
	if err := d.Provers().Restart(0); err != nil {
		t.Fatal(err)
	}

	// 2. Five leadership transfers.
	for range 5 {
		li, err := d.Replicas().Leader(ctx, d.Replicas().All(), 20*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Replicas().Client(li).TransferLeadership(ctx, ""); err != nil {
			t.Fatalf("transfer: %v", err)
		}
		time.Sleep(1500 * time.Millisecond)
	}
	t.Logf("BatonLeaderFlapping firing %v after the fifth transfer (0: already during them)", fires("BatonLeaderFlapping", 30*time.Second).Round(time.Millisecond))

	// 3. Two of three replicas killed: no quorum, no leader.
	for _, i := range []int{0, 1} {
		if err := d.Replicas().Kill(i); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("BatonNoLeader fired %v after two of three replicas died (for: 30s)", fires("BatonNoLeader", 90*time.Second).Round(time.Millisecond))
}
