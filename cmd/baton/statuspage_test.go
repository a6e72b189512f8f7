package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/wire"
)

// browserPath finds Chromium (or Chrome). The test fails without one:
// .ci/run installs it, and a status page nobody looked at is untested.
func browserPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium or Chrome on PATH (apt-get install chromium); the status page test needs a real browser")
	return ""
}

// TestStatusPageInBrowser drives headless Chromium against a running
// devnet (replicas, a prover and watchdogs as processes, embedded NATS,
// etcd and L1): the page shows the leader, batch counts that advance, the
// prover and the active watchdog, the backlog chart drawn as SVG, and a
// transaction looked up by hash with its journey. It writes a screenshot (BATON_SCREENSHOT, or a temp
// dir). Then it scrapes every process and checks that each metric the
// Grafana dashboard and the alert rules name is exported.
func TestStatusPageInBrowser(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("Groth16 under the race detector is too slow; make test runs this without it")
	}
	browser := browserPath(t)
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	d := startSmallDevnet(t, ctx, 1)
	defer loadgen.Start(ctx, d.LoadConfig(2, 4)).Stop()

	// One transaction of our own to look up.
	res := submitOwn(t, ctx, d, 5)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.Flag("headless", true), chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1400, 1100))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	page := "http://" + d.Replicas().APIs()[1] + "/"
	if err := chromedp.Do(bctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("browser could not start or load %s: %v", page, err)
	}

	// Read in one script evaluation: the page re-renders each second, and
	// a node looked up first and read after may be gone in between.
	text := func(sel string) string {
		js := fmt.Sprintf(`(document.querySelector(%q) || {}).innerText ?? null`, sel)
		s, err := chromedp.Run(bctx, chromedp.Evaluate[*string](js))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		if s == nil {
			t.Fatalf("page has no %s", sel)
		}
		return strings.TrimSpace(*s)
	}
	count := func(state string) int {
		// "sequenced12": the label, then the number.
		s := strings.TrimPrefix(text("#count-"+state), state)
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("count %s: %q", state, s)
		}
		return n
	}
	waitFor := func(what string, within time.Duration, ok func() bool) {
		deadline := time.Now().Add(within)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("page never showed %s", what)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	var leader string
	waitFor("the leader", 20*time.Second, func() bool {
		leader = text("#leader")
		return strings.HasPrefix(leader, "s")
	})
	st, err := d.Replicas().Client(1).Status(ctx)
	if err != nil || st.Leader != leader {
		t.Fatalf("page says leader %q, the replica %q (%v)", leader, st.Leader, err)
	}
	total := func() int {
		n := 0
		for _, s := range []string{"sequenced", "posted", "proving", "proven", "finalized"} {
			n += count(s)
		}
		return n
	}
	waitFor("batch counts", 20*time.Second, func() bool { return total() > 0 })
	first, firstFinal := total(), count("finalized")
	waitFor("batch counts advancing", 60*time.Second, func() bool { return total() > first })
	waitFor("a batch finalized", 90*time.Second, func() bool { return count("finalized") > firstFinal })
	waitFor("the prover and the watchdog", 20*time.Second, func() bool {
		return strings.Contains(text("#provers"), "p0") && strings.HasPrefix(text("#wd-active"), "w")
	})

	// The backlog chart: real SVG (a polyline's points are an
	// SVGPointList only in the SVG namespace), one point per 5 s sample.
	chartPoints := func() int {
		js := `(() => { const p = document.querySelector("#backlog-chart #chart-unproven"); return p && p.points ? p.points.numberOfItems : -1; })()`
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("read the backlog chart: %v", err)
		}
		return n
	}
	waitFor("the backlog chart with two samples", 20*time.Second, func() bool { return chartPoints() >= 2 })
	if s := text("#backlog-unproven"); !strings.Contains(s, "of ") && !strings.Contains(s, "no bound") {
		t.Fatalf("backlog numbers: %q", s)
	}

	// As a person would: type the hash, press the button (a form's
	// submit() would skip the page's handler and reload).
	lctx, cancelLookup := context.WithTimeout(bctx, 30*time.Second)
	defer cancelLookup()
	if err := chromedp.Do(lctx,
		chromedp.SendKeys(chromedp.CSS("#txhash"), res.Hash.String()),
		chromedp.Click(chromedp.CSS("#txform button")),
		chromedp.WaitVisible(chromedp.CSS("#tx-status"))); err != nil {
		t.Fatalf("look up %s: %v", res.Hash, err)
	}
	if got := text("#tx-batch"); got != fmt.Sprint(res.Batch) {
		t.Fatalf("page shows batch %q for the transaction, the API said %d", got, res.Batch)
	}
	if j := text("#tx-journey"); !strings.Contains(j, "sequenced") {
		t.Fatalf("journey without its sequencing: %q", j)
	}

	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)) // 100: PNG; below it, JPEG
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("BATON_SCREENSHOT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "status.png")
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes); leader %s, tx %s in batch %d (%s)", out, len(png), leader, res.Hash, res.Batch, text("#tx-status"))

	// The same devnet, scraped: every metric deploy/ names is exported.
	checkDeployMetrics(t, d)
}

// startSmallDevnet runs devnet.SmallConfig's devnet (3 replicas,
// provers, watchdogs, embedded NATS, etcd and L1) until the test ends,
// once a leader is known and every API answers.
func startSmallDevnet(t *testing.T, ctx context.Context, provers int, tune ...func(*devnet.Config)) *devnet.Devnet {
	t.Helper()
	cfg := devnet.SmallConfig(t.TempDir(), t.TempDir())
	cfg.Provers, cfg.Progress = provers, testWriter{t}
	for _, f := range tune {
		f(&cfg)
	}
	d, err := devnet.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	if err := d.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

// testWriter sends devnet progress to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// submitOwn sends one transfer of amount from the devnet's last genesis
// account (the load leaves it alone) to account 1 and waits for it.
func submitOwn(t *testing.T, ctx context.Context, d *devnet.Devnet, amount uint64) wire.SubmitResult {
	t.Helper()
	return sendOwn(t, ctx, d, fsm.Tx{Kind: fsm.KindTransfer, To: 1, Amount: amount, Fee: 1})
}

// sendOwn sends tx from the devnet's last genesis account at its next
// nonce, signed, and waits for it.
func sendOwn(t *testing.T, ctx context.Context, d *devnet.Devnet, tx fsm.Tx) wire.SubmitResult {
	t.Helper()
	tx.From = uint32(len(d.Genesis().Accounts) - 1)
	c := d.Replicas().Client(0)
	acct, err := c.Account(ctx, tx.From)
	if err != nil {
		t.Fatal(err)
	}
	tx.Nonce = acct.Nonce
	if err := tx.Sign(fsm.DevKey(devnet.Seed, uint64(tx.From)), d.Genesis().ChainID); err != nil {
		t.Fatal(err)
	}
	res, err := c.Submit(ctx, tx, true)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
