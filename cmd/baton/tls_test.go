package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/devnet"
	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/loadgen"
	"github.com/baton-rollup/baton/wire"
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
	d := startSmallDevnet(t, ctx, 0, func(c *devnet.Config) {
		c.TLS, c.Procs = true, true
		c.Watchdog.CommitStall = 3 * time.Second
	})
	rs := d.Replicas()
	f, ok := d.TLSClient()
	if !ok {
		t.Fatal("no client certificate made")
	}
	api := rs.APIs()[0]
	if !strings.HasPrefix(rs.Client(0).Base, "https://") {
		t.Fatalf("replica API %s is not HTTPS", rs.Client(0).Base)
	}

	load := loadgen.Start(ctx, d.LoadConfig(5, 4))
	defer load.Stop()
	st := load.Stats()
	waitFor(t, "transactions sequenced over HTTPS", 30*time.Second, func() bool { return st.Sequenced() >= 10 })

	tlsArgs := proc.TLSArgs("", f)
	var out bytes.Buffer
	if err := run(ctx, append([]string{"ctl", "members", "--api", api, "--token", d.Token()}, tlsArgs...), &out); err != nil {
		t.Fatalf("ctl members over mutual TLS: %v", err)
	}
	var m wire.MembersResult
	if err := json.Unmarshal(out.Bytes(), &m); err != nil || len(m.Members) != 3 {
		t.Fatalf("ctl members: %v %s", err, out.String())
	}
	out.Reset()
	err := run(ctx, []string{"ctl", "members", "--api", api, "--token", d.Token(), "--tls-ca", f.CA}, &out)
	if err == nil || !strings.Contains(err.Error(), "client certificate") {
		t.Fatalf("ctl members without a client certificate: got %v, want a refusal asking for one", err)
	}
	if err := run(ctx, []string{"ctl", "members", "--api", api, "--token", d.Token()}, &out); err == nil {
		t.Fatal("ctl members over plain HTTP to a TLS replica succeeded")
	}
	// A public endpoint needs only the CA.
	from := len(d.Genesis().Accounts) - 1
	out.Reset()
	if err := run(ctx, []string{"tx", "send", "--api", api, "--tls-ca", f.CA, "--from", strconv.Itoa(from), "--to", "1",
		"--chain-id", strconv.FormatUint(d.Genesis().ChainID, 10)}, &out); err != nil || !strings.Contains(out.String(), "sequenced") {
		t.Fatalf("tx send with the CA only: %v %s", err, out.String())
	}

	// The watchdog's admin calls go over mutual TLS: freeze the leader's
	// batcher and wait for another leader to sequence past it.
	if ev, err := devnet.NewChaos(d, testWriter{t}, 0).FreezeBatcher(ctx); err != nil {
		t.Fatalf("the watchdog did not move leadership off the frozen leader: %v", err)
	} else {
		t.Logf("frozen batcher: %s recovered in %d ms %s", ev.Target, ev.RecoveredMs, ev.Note)
	}
	before := st.Sequenced()
	waitFor(t, "transactions sequenced under the new leader", 30*time.Second, func() bool { return st.Sequenced() > before+5 })
	load.Stop()
	if _, err := rs.Converge(ctx, rs.All(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
}
