package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/rules"
	"github.com/prometheus/prometheus/util/teststorage"
)

// TestBacklogAlertRules evaluates the backlog alerts of
// deploy/prometheus/alerts.yml with Prometheus's own rule code over
// synthetic series (a replica scraped every 15 s for 20 minutes): each
// fires on its symptom, after its "for", and stays quiet on a healthy
// pipeline, on a backlog below its bound and on a cluster with no bound.
func TestBacklogAlertRules(t *testing.T) {
	names := []string{"BatonBacklogAtBound", "BatonBacklogStale", "BatonL1Lag"}
	groups, errs := rulefmt.ParseFile(alertRulesPath, false, model.UTF8Validation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	if len(errs) > 0 {
		t.Fatalf("%s: %v", alertRulesPath, errs)
	}
	defs := map[string]rulefmt.Rule{}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			defs[r.Alert] = r
		}
	}
	healthy := map[string]float64{
		"baton_unproven_batches": 3, "baton_unproven_bound": 10, "baton_backlog_refusals_total": 4,
		"baton_oldest_unproven_age_seconds": 20, "baton_l1_lag_batches": 2, "baton_l1_unfinalized_age_seconds": 30,
	}
	// with returns healthy series with some changed; a value may grow
	// with the minutes since the start.
	with := func(changes map[string]func(min float64) float64) func(min float64) map[string]float64 {
		return func(min float64) map[string]float64 {
			out := map[string]float64{}
			for k, v := range healthy {
				out[k] = v
			}
			for k, f := range changes {
				out[k] = f(min)
			}
			return out
		}
	}
	constant := func(v float64) func(float64) float64 { return func(float64) float64 { return v } }
	for _, sc := range []struct {
		name   string
		series func(min float64) map[string]float64
		// firing after 20 minutes; quietAt4: none fires at 4 minutes
		firing   []string
		quietAt4 bool
	}{
		{"healthy", with(nil), nil, true},
		{"below the bound", with(map[string]func(float64) float64{"baton_unproven_batches": constant(9)}), nil, true},
		{"no bound", with(map[string]func(float64) float64{
			"baton_unproven_batches": constant(5000), "baton_unproven_bound": constant(0)}), nil, true},
		{"at the bound", with(map[string]func(float64) float64{"baton_unproven_batches": constant(10)}),
			[]string{"BatonBacklogAtBound"}, true},
		{"refusing", with(map[string]func(float64) float64{"baton_backlog_refusals_total": func(m float64) float64 { return 60 * m }}),
			[]string{"BatonBacklogAtBound"}, true},
		{"nothing drains", with(map[string]func(float64) float64{"baton_oldest_unproven_age_seconds": func(m float64) float64 { return 60 * m }}),
			[]string{"BatonBacklogStale"}, true},
		{"L1 far behind", with(map[string]func(float64) float64{"baton_l1_lag_batches": constant(80)}),
			[]string{"BatonL1Lag"}, true},
		{"L1 stalled", with(map[string]func(float64) float64{"baton_l1_unfinalized_age_seconds": func(m float64) float64 { return 60 * m }}),
			[]string{"BatonL1Lag"}, true},
	} {
		t.Run(sc.name, func(t *testing.T) {
			got := evalAlerts(t, defs, names, sc.series, 4*time.Minute)
			for _, n := range names {
				if sc.quietAt4 && got[n][0] {
					t.Errorf("%s fires after 4 minutes", n)
				}
			}
			want := map[string]bool{}
			for _, n := range sc.firing {
				want[n] = true
			}
			for _, n := range names {
				if got[n][1] != want[n] {
					t.Errorf("%s firing after 20 minutes: %v, want %v", n, got[n][1], want[n])
				}
			}
		})
	}
}

// evalAlerts writes series (one instance, a sample every 15 s for 20
// minutes) into a TSDB and evaluates the named rules at each step; it
// returns, per rule, whether it fired at mid and at the end.
func evalAlerts(t *testing.T, defs map[string]rulefmt.Rule, names []string, series func(min float64) map[string]float64, mid time.Duration) map[string][2]bool {
	t.Helper()
	db := teststorage.New(t)
	start := time.Unix(1_700_000_000, 0)
	const step, total = 15 * time.Second, 20 * time.Minute
	app := db.Appender(context.Background())
	for d := time.Duration(0); d <= total; d += step {
		for name, v := range series(d.Minutes()) {
			l := labels.FromStrings("__name__", name, "instance", "s1")
			if _, err := app.Append(0, l, start.Add(d).UnixMilli(), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := app.Commit(); err != nil {
		t.Fatal(err)
	}
	engine := promql.NewEngine(promql.EngineOpts{MaxSamples: 1_000_000, Timeout: 10 * time.Second, LookbackDelta: time.Minute})
	query := rules.EngineQueryFunc(engine, db)
	p := parser.NewParser(parser.Options{})
	out := map[string][2]bool{}
	for _, n := range names {
		def, ok := defs[n]
		if !ok {
			t.Fatalf("no alert %s in %s", n, alertRulesPath)
		}
		expr, err := p.ParseExpr(def.Expr)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		r := rules.NewAlertingRule(n, expr, time.Duration(def.For), 0, labels.EmptyLabels(), labels.EmptyLabels(), labels.EmptyLabels(), "", false, slog.New(slog.DiscardHandler))
		var res [2]bool
		for d := step; d <= total; d += step {
			if _, err := r.Eval(context.Background(), 0, start.Add(d), query, nil, 0); err != nil {
				t.Fatalf("%s at %v: %v", n, d, err)
			}
			r.SetEvaluationTimestamp(start.Add(d)) // as a rule group does; State reads it
			if d == mid {
				res[0] = r.State() == rules.StateFiring
			}
		}
		res[1] = r.State() == rules.StateFiring
		out[n] = res
	}
	return out
}
