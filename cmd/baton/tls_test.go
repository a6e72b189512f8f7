package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/loadgen"
)

// TestDevnetTLS runs the devnet with --tls and every server its own
// process: replicas speak Raft over mutual TLS and serve HTTPS with
// certificates from a throwaway CA. Load goes through; ctl, tx send and
// the watchdog reach the replicas with the flags an operator would use;
// the admin API refuses a caller without a client certificate, and plain
// HTTP gets nowhere. The watchdog moves leadership off a leader whose
// batcher is frozen, through the admin API over mutual TLS.
func TestDevnetTLS(t *testing.T) {
	t.Setenv(runMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d := startSmallDevnet(t, ctx, 0, func(d *devnet) {
		d.withTLS, d.procs = true, true
		d.wd.commitStall = 3 * time.Second
	})
	f, ok := d.tlsClient()
	if !ok {
		t.Fatal("no client certificate made")
	}
	api := d.rs.apis()[0]
	if !strings.HasPrefix(d.rs.client(0).Base, "https://") {
		t.Fatalf("replica API %s is not HTTPS", d.rs.client(0).Base)
	}

	load := loadgen.Start(ctx, d.loadConfig(5, 4))
	defer load.Stop()
	st := load.Stats()
	waitFor(t, "transactions sequenced over HTTPS", 30*time.Second, func() bool { return st.Sequenced() >= 10 })

	tlsArgs := tlsArgs("", f)
	var out bytes.Buffer
	if err := run(ctx, append([]string{"ctl", "members", "--api", api, "--token", d.token}, tlsArgs...), &out); err != nil {
		t.Fatalf("ctl members over mutual TLS: %v", err)
	}
	var m cluster.MembersResult
	if err := json.Unmarshal(out.Bytes(), &m); err != nil || len(m.Members) != 3 {
		t.Fatalf("ctl members: %v %s", err, out.String())
	}
	out.Reset()
	err := run(ctx, []string{"ctl", "members", "--api", api, "--token", d.token, "--tls-ca", f.CA}, &out)
	if err == nil || !strings.Contains(err.Error(), "client certificate") {
		t.Fatalf("ctl members without a client certificate: got %v, want a refusal asking for one", err)
	}
	if err := run(ctx, []string{"ctl", "members", "--api", api, "--token", d.token}, &out); err == nil {
		t.Fatal("ctl members over plain HTTP to a TLS replica succeeded")
	}
	// A public endpoint needs only the CA.
	from := len(d.genesis.Accounts) - 1
	out.Reset()
	if err := run(ctx, []string{"tx", "send", "--api", api, "--tls-ca", f.CA, "--from", strconv.Itoa(from), "--to", "1",
		"--chain-id", strconv.FormatUint(d.genesis.ChainID, 10)}, &out); err != nil || !strings.Contains(out.String(), "sequenced") {
		t.Fatalf("tx send with the CA only: %v %s", err, out.String())
	}

	// The watchdog's admin calls go over mutual TLS: freeze the leader's
	// batcher and wait for another leader to sequence past it.
	if ev, err := (&chaos{d: d, out: testWriter{t}}).freezeBatcher(ctx); err != nil {
		t.Fatalf("the watchdog did not move leadership off the frozen leader: %v", err)
	} else {
		t.Logf("frozen batcher: %s recovered in %d ms %s", ev.Target, ev.RecoveredMs, ev.Note)
	}
	before := st.Sequenced()
	waitFor(t, "transactions sequenced under the new leader", 30*time.Second, func() bool { return st.Sequenced() > before+5 })
	load.Stop()
	if _, err := d.rs.converge(ctx, d.rs.all(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
}
