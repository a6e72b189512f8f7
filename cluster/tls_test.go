package cluster

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/wire"
)

// TestTLSCluster runs three replicas with TLS on: Raft over mutual TLS and
// the API over HTTPS. Transactions sent to a follower are forwarded and
// replicated; the admin API wants a client certificate from the cluster CA
// besides the token; nothing without a certificate from that CA speaks Raft
// to a replica, and such attempts change nothing.
func TestTLSCluster(t *testing.T) {
	dir := t.TempDir()
	pki, err := tlsconf.WriteDevPKI(dir, []string{"127.0.0.1"}, []string{"s0", "s1", "s2"}, "admin")
	if err != nil {
		t.Fatal(err)
	}
	rogue, err := tlsconf.WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"rogue"})
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClusterWith(t, 3, testGenesis(32), replicaTLS(t, pki))
	if c.clientTLS, err = pki["admin"].Client(); err != nil {
		t.Fatal(err)
	}
	li, _ := c.leader(10 * time.Second)
	fi := (li + 1) % 3
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for nonce := range uint64(5) {
		res, err := c.submit(ctx, fi, c.transfer(1, 2, 10, nonce))
		if err != nil || res.Status != "sequenced" {
			t.Fatalf("submit through follower s%d: %+v %v", fi, res, err)
		}
	}
	c.waitHeight(c.maxHeight(), 10*time.Second)
	if m, err := c.client(fi).Members(ctx); err != nil || len(m.Members) != 3 {
		t.Fatalf("admin with client certificate and token: %+v %v", m, err)
	}
	height := c.maxHeight()
	// Callers share connections over HTTP/2: a thousand concurrent
	// clients must not mean a thousand handshakes.
	hc := c.client(li)
	resp, err := hc.HTTP.Get(hc.Base + "/v1/status")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Errorf("API over TLS spoke %s, want HTTP/2", resp.Proto)
	}

	// The CA but no certificate: public endpoints answer, admin refuses.
	caOnly, err := pki["admin"].Client()
	if err != nil {
		t.Fatal(err)
	}
	caOnly.GetClientCertificate = nil
	anon := wire.NewTLSClient(c.node(li).APIAddr(), "test-token", caOnly)
	if _, err := anon.Status(ctx); err != nil {
		t.Fatalf("status over HTTPS without a client certificate: %v", err)
	}
	var he *wire.HTTPError
	if _, err := anon.Members(ctx); !errors.As(err, &he) || he.Code != http.StatusForbidden || !strings.Contains(he.Msg, "client certificate") {
		t.Fatalf("admin without a client certificate: got %v, want 403 asking for one", err)
	}
	if _, err := anon.TransferLeadership(ctx, c.cfgs[fi].ID); err == nil {
		t.Fatal("transfer leadership without a client certificate succeeded")
	}
	// A certificate another CA signed fails the handshake.
	rogueCli, err := rogue["rogue"].Client()
	if err != nil {
		t.Fatal(err)
	}
	rogueCli.RootCAs = caOnly.RootCAs // it trusts the cluster; the cluster does not trust it
	if _, err := wire.NewTLSClient(c.node(li).APIAddr(), "test-token", rogueCli).Members(ctx); err == nil {
		t.Fatal("admin with another CA's certificate succeeded")
	}
	// Plain HTTP gets no answer from the API.
	if _, err := wire.NewClient(c.node(li).APIAddr(), "test-token").Members(ctx); err == nil {
		t.Fatal("plain HTTP to a TLS replica succeeded")
	}

	// Raft: a handshake without a certificate, with another CA's, or with
	// the cluster CA's certificate for a client (the admin's) is refused
	// (TLS 1.3 reports it at the first read), and a plain TCP speaker gets
	// nothing either.
	raftAddr := c.cfgs[fi].RaftAddr
	for name, cfg := range map[string]*tls.Config{"no certificate": caOnly, "another CA's certificate": rogueCli,
		"a client-only certificate": c.clientTLS} {
		cfg = cfg.Clone()
		cfg.ServerName = "127.0.0.1"
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", raftAddr, cfg)
		if err == nil {
			_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
			_, _ = conn.Write([]byte{0}) // rpcAppendEntries
			_, err = conn.Read(make([]byte, 1))
			conn.Close()
		}
		if err == nil {
			t.Errorf("raft with %s: the replica answered", name)
		}
	}
	conn, err := net.DialTimeout("tcp", raftAddr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	_, _ = conn.Write([]byte{0, 0, 0, 0, 0, 0, 0, 0})
	// A TLS server answers plaintext with an alert record (type 21) at
	// most; anything else would be Raft talking.
	if b := make([]byte, 64); true {
		if n, err := conn.Read(b); err == nil && n > 0 && b[0] != 21 {
			t.Errorf("plain TCP to raft got an answer: %x", b[:n])
		}
	}
	conn.Close()
	// One that connects and says nothing is cut off after the handshake
	// timeout, not held for ever.
	silent, err := net.DialTimeout("tcp", raftAddr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = silent.SetDeadline(time.Now().Add(raftHandshakeTimeout + 3*time.Second))
	t0 := time.Now()
	if _, err := silent.Read(make([]byte, 64)); err == nil {
		t.Error("a silent connection got an answer")
	} else if time.Since(t0) > raftHandshakeTimeout+2*time.Second {
		t.Errorf("a silent connection was held %v: %v", time.Since(t0), err)
	}
	silent.Close()

	// Still one cluster, nothing changed by the refused callers.
	if m, err := c.client(li).Members(ctx); err != nil || len(m.Members) != 3 {
		t.Fatalf("members after refused callers: %+v %v", m, err)
	}
	if h := c.maxHeight(); h != height {
		t.Fatalf("height moved from %d to %d without transactions", height, h)
	}
	c.checkInvariants()
}

// replicaTLS gives each replica its own certificate from pki, for Raft
// and its API both ways.
func replicaTLS(t *testing.T, pki map[string]tlsconf.Files) func(*Config) {
	return func(cfg *Config) {
		f := pki[cfg.ID]
		srv, err := f.Server()
		if err != nil {
			t.Fatal(err)
		}
		cli, err := f.Client()
		if err != nil {
			t.Fatal(err)
		}
		cfg.TLS = &TLSConfig{Server: srv, Client: cli}
	}
}
