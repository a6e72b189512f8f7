package devnet

import (
	"io"
	"strconv"
	"strings"

	"github.com/baton-rollup/baton/devnet/proc"
)

// metricMax reads a counter from every replica's /metrics and returns the
// largest value (leader changes: polling status would miss some).
func metricMax(rs *proc.ReplicaSet, name string) float64 {
	most := 0.0
	for _, v := range metric(rs, name) {
		most = max(most, v)
	}
	return most
}

// metricSum adds a counter over replicas and label values (rejected
// proofs: each leader counts its own).
func metricSum(rs *proc.ReplicaSet, name string) float64 {
	total := 0.0
	for _, v := range metric(rs, name) {
		total += v
	}
	return total
}

// Metric is every sample of name on every replica that answers.
func (d *Devnet) Metric(name string) []float64 { return metric(d.rs, name) }

// metric is every sample of name on every replica that answers.
func metric(rs *proc.ReplicaSet, name string) []float64 {
	var out []float64
	for i := range rs.Len() {
		c := rs.Client(i)
		resp, err := c.HTTP.Get(c.Base + "/metrics")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, line := range strings.Split(string(body), "\n") {
			rest, ok := strings.CutPrefix(line, name)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '{') {
				continue
			}
			if i := strings.LastIndexByte(rest, ' '); i >= 0 {
				if f, err := strconv.ParseFloat(rest[i+1:], 64); err == nil {
					out = append(out, f)
				}
			}
		}
	}
	return out
}
