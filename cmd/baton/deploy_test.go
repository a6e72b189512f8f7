package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"

	"github.com/baton-rollup/baton/devnet"
)

const (
	alertRulesPath = "../../deploy/prometheus/alerts.yml"
	dashboardPath  = "../../deploy/grafana/dashboards/baton.json"
)

// deployExprs returns every PromQL expression in the alert rules and the
// dashboard, each named by where it stands.
func deployExprs(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	groups, errs := rulefmt.ParseFile(alertRulesPath, false, model.UTF8Validation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	if len(errs) > 0 {
		t.Fatalf("%s: %v", alertRulesPath, errs)
	}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || r.Annotations["runbook"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %q in %s: every rule is an alert with a summary and a runbook", r.Alert, g.Name)
			}
			out["alert "+r.Alert] = r.Expr
		}
	}
	b, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("%s: %v", dashboardPath, err)
	}
	for _, p := range dash.Panels {
		for i, tg := range p.Targets {
			out[fmt.Sprintf("panel %q target %d", p.Title, i)] = tg.Expr
		}
	}
	return out
}

// metricNames lists the metric names an expression selects.
func metricNames(t *testing.T, where, expr string) []string {
	t.Helper()
	e, err := parser.NewParser(parser.Options{}).ParseExpr(expr)
	if err != nil {
		t.Fatalf("%s: %q: %v", where, expr, err)
	}
	var names []string
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok && vs.Name != "" {
			names = append(names, vs.Name)
		}
		return nil
	})
	return names
}

// TestDeployRulesParse: the alert rules pass Prometheus's own rule parser
// (syntax, templates, durations) and every dashboard query parses.
func TestDeployRulesParse(t *testing.T) {
	exprs := deployExprs(t)
	alerts := 0
	for where, e := range exprs {
		if strings.HasPrefix(where, "alert ") {
			alerts++
		}
		if len(metricNames(t, where, e)) == 0 {
			t.Errorf("%s: %q names no metric", where, e)
		}
	}
	// The list: no leader, flapping, commit stalled, follower
	// lagging, proof queue, proof failures, finality lag, force
	// inclusion, balance, etcd, NATS.
	for _, want := range []string{"BatonNoLeader", "BatonLeaderFlapping", "BatonCommitStalled", "BatonFollowerLagging",
		"BatonProofQueueGrowing", "BatonProofFailures", "BatonFinalityLag", "BatonForceInclusionNear",
		"BatonL1BalanceLow", "BatonEtcdUnreachable", "BatonNATSUnreachable",
		"BatonBacklogAtBound", "BatonBacklogStale", "BatonL1Lag"} {
		if _, ok := exprs["alert "+want]; !ok {
			t.Errorf("alert %s missing", want)
		}
	}
	t.Logf("%d alerts, %d dashboard queries", alerts, len(exprs)-alerts)
}

// scrapeNames reads the metric names a /metrics endpoint exports
// (histograms as their _bucket, _sum and _count series).
func scrapeNames(url string) (map[string]bool, error) {
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	out := map[string]bool{}
	for name, f := range fams {
		out[name] = true
		if f.GetType().String() == "HISTOGRAM" {
			out[name+"_bucket"], out[name+"_sum"], out[name+"_count"] = true, true, true
		}
	}
	return out, nil
}

// checkDeployMetrics: every metric the dashboard and the alert rules name
// is exported by one of the devnet's processes.
func checkDeployMetrics(t *testing.T, d *devnet.Devnet) {
	t.Helper()
	exported := map[string]bool{}
	for _, a := range d.MetricsAddrs() {
		u := "http://" + a + "/metrics"
		names, err := scrapeNames(u)
		if err != nil {
			t.Fatalf("scrape %s: %v", u, err)
		}
		for n := range names {
			exported[n] = true
		}
	}
	var missing []string
	for where, e := range deployExprs(t) {
		for _, n := range metricNames(t, where, e) {
			if !exported[n] {
				missing = append(missing, n+" ("+where+")")
			}
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Fatalf("named in deploy/ but exported by no devnet process:\n%s", strings.Join(missing, "\n"))
	}
}
