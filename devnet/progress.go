package devnet

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/watchdog"
)

// progress is what a person watching a devnet sees: where everything is,
// a progress line a second, the summary. It reads the devnet and decides
// nothing.
type progress struct {
	d   *Devnet
	out io.Writer
}

// printBanner says where every part runs and how to reach it.
func (p progress) banner() {
	d, out := p.d, p.out
	fmt.Fprintf(out, "devnet: %d replicas, %d provers, data in %s\n", d.cfg.Replicas, d.cfg.Provers, d.cfg.Dir)
	where := "embedded"
	if d.cfg.Procs {
		where = "own process"
	}
	fmt.Fprintf(out, "  etcd  %s (%s)\n", d.EtcdURL(), where)
	if d.natsURL != "" {
		fmt.Fprintf(out, "  NATS  %s (JetStream, %s)\n", d.natsURL, where)
	}
	if d.l1 != nil {
		kind := fmt.Sprintf("simulated chain, %v blocks, %s", d.cfg.L1.BlockTime, where)
		if d.l1.external {
			kind = "external node"
		}
		fmt.Fprintf(out, "  L1    %s (%s)  rollup %s  verifiers %v for sizes %v\n", d.l1.url, kind, d.l1.dep.Rollup, d.l1.dep.Verifiers, d.l1.dep.Sizes)
	}
	for i := range d.rs.Len() {
		fmt.Fprintf(out, "  s%d API  %s\n", i, d.rs.Client(i).Base)
	}
	fmt.Fprintf(out, "  admin token  %s\n", d.token)
	if f, ok := d.TLSClient(); ok {
		fmt.Fprintf(out, "  TLS   throwaway CA %s; admin client certificate %s, key %s\n", f.CA, f.Cert, f.Key)
		fmt.Fprintf(out, "  try: curl --cacert %s %s/v1/status\n", f.CA, d.rs.Client(0).Base)
	} else {
		fmt.Fprintf(out, "  try: curl %s/v1/status\n", d.rs.Client(0).Base)
	}
}

// watch prints progress every second until done or ctx ends.
func (p progress) watch(ctx context.Context, st *loadgen.Stats, start time.Time, done <-chan struct{}) {
	d := p.d
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fmt.Fprintf(p.out, "%5.0fs  txs %d sequenced / %d sent (%d failed, %d 429s)  %s\n",
			time.Since(start).Seconds(), st.Sequenced(), st.Submitted(), st.Failed(), st.Refused(), p.clusterLine())
		if d.farm != nil {
			fmt.Fprintf(p.out, "       provers: %s\n", p.farmLine())
		}
		if line := p.etcdLine(ctx); line != "" {
			fmt.Fprintf(p.out, "       etcd: %s\n", line)
		}
	}
}

// clusterLine is the leader and every replica's height, e.g. "leader
// s1(term 3)  heights s0:12 s1:12 s2:down  proven 10/12  finalized 8".
func (p progress) clusterLine() string {
	d := p.d
	var heights []string
	leader, proven := "-", ""
	for i, s := range d.rs.Statuses(context.Background()) {
		if s == nil {
			heights = append(heights, fmt.Sprintf("s%d:down", i))
			continue
		}
		heights = append(heights, fmt.Sprintf("s%d:%d", i, s.LastBatch))
		if s.Role == "Leader" {
			leader = s.ID + fmt.Sprintf("(term %d)", s.Term)
			if d.provers != nil {
				proven = fmt.Sprintf("  proven %d/%d  finalized %d", s.Proven, s.LastBatch, s.Finalized)
			}
		}
	}
	return fmt.Sprintf("leader %s  heights %s%s", leader, strings.Join(heights, " "), proven)
}

// farmLine is e.g. "p0 proving #12 (3 done, last 2.1s) · p1 idle (4 done)".
func (p progress) farmLine() string {
	d, f := p.d, p.d.farm
	f.mu.Lock()
	defer f.mu.Unlock()
	var parts []string
	for _, proc := range d.provers.Procs() {
		id := proc.ID()
		state := "idle"
		if b, ok := f.current[id]; ok {
			state = fmt.Sprintf("proving #%d", b)
		}
		if n := f.done[id]; n > 0 {
			state += fmt.Sprintf(" (%d done, last %.1fs)", n, float64(f.lastMs[id])/1000)
		}
		parts = append(parts, id+" "+state)
	}
	return strings.Join(parts, " · ")
}

// etcdLine is what the watchdog's records say: leader, active watchdog,
// each prover's job and the proving deadline.
func (p progress) etcdLine(ctx context.Context) string {
	d := p.d
	if d.etcdCli == nil {
		return ""
	}
	rctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	st, err := watchdog.ReadState(rctx, d.etcdCli, d.etcdKeys)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	leader := "none"
	if st.Leader != nil {
		leader = fmt.Sprintf("%s (term %d)", st.Leader.ID, st.Leader.Term)
	}
	wd := "none"
	if st.Watchdog != "" {
		wd = st.Watchdog + " active"
		if len(st.Standby) > 0 {
			wd += ", standby " + strings.Join(st.Standby, ",")
		}
	}
	var ps []string
	for _, pr := range st.Provers {
		job := "idle"
		if pr.Job != nil {
			job = fmt.Sprintf("batch %d/%d", pr.Job.Batch, pr.Job.Attempt)
		}
		ps = append(ps, fmt.Sprintf("%s:%s", pr.ID, job))
	}
	line := fmt.Sprintf("leader %s  watchdog %s  provers [%s]", leader, wd, strings.Join(ps, " "))
	for c, dl := range st.Deadlines {
		line += fmt.Sprintf("  deadline %s %.0fs", c, float64(dl.DeadlineMs)/1000)
	}
	return line
}

// printSummary ends the progress: the load's failures by message, then
// the summary lines.
func (p progress) summary(sum Summary, failures map[string]int) {
	out := p.out
	for msg, n := range failures {
		fmt.Fprintf(out, "devnet: %d failed: %s\n", n, msg)
	}
	fmt.Fprintf(out, "summary: %d/%d txs sequenced in %d batches (%d proven, %d proofs rejected), %.0f tx/s, %d 429s, p50 %.1f ms, p99 %.1f ms, roots identical: %v\n",
		sum.TxsSequenced, sum.TxsSubmitted, sum.BatchesSequenced, sum.BatchesProven, sum.ProofsRejected, sum.TxPerS, sum.HTTP429, sum.P50Ms, sum.P99Ms, sum.RootsIdentical)
	if p.d.l1 == nil {
		return
	}
	fmt.Fprintf(out, "L1: %d batches finalized, %d/%d deposits credited; gas %.0f per commit, %.0f per proof, %.0f per tx\n",
		sum.BatchesFinalized, sum.DepositsCredited, sum.Deposits, sum.GasCommitPerBatch, sum.GasProvePerBatch, sum.GasPerTx)
	fmt.Fprintf(out, "finality: sequenced→proven p50 %.1f s (queue %.2f s, prove %.1f s), proven→finalized p50 %.1f s; sequenced→finalized p50 %.1f s, p99 %.1f s\n",
		sum.ProvenP50S, sum.QueueP50S, sum.ProveP50S, sum.L1P50S, sum.FinalityP50S, sum.FinalityP99S)
}
