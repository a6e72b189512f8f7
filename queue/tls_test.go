package queue

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/baton-rollup/baton/tlsconf"
)

// TestTLSServer: a server with TLS takes clients that present a
// certificate from its CA (the --nats-tls-* flags of replicas and
// provers), and refuses those that present none, come in plain text, or
// trust another CA.
func TestTLSServer(t *testing.T) {
	pki, err := tlsconf.WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"nats"}, "client")
	if err != nil {
		t.Fatal(err)
	}
	other, err := tlsconf.WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"x"}, "client")
	if err != nil {
		t.Fatal(err)
	}
	tc, err := pki["nats"].Server()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := StartServerTLS(t.TempDir(), "127.0.0.1:0", tc)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	connect := func(ca, cert, key string) error {
		cfg := DefaultConfig()
		cfg.URL, cfg.TLSCAFile, cfg.TLSCert, cfg.TLSKeyFile = srv.URL(), ca, cert, key
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q, err := Connect(ctx, cfg, "tls-test", log)
		if err == nil {
			q.Close()
		}
		return err
	}
	c := pki["client"]
	if err := connect(c.CA, c.Cert, c.Key); err != nil {
		t.Fatalf("client with a certificate from the CA: %v", err)
	}
	for name, f := range map[string][3]string{
		"no certificate":      {c.CA, "", ""},
		"plain text":          {"", "", ""},
		"another CA's client": {c.CA, other["client"].Cert, other["client"].Key},
		"trusting another CA": {other["client"].CA, c.Cert, c.Key},
	} {
		if err := connect(f[0], f[1], f[2]); err == nil {
			t.Errorf("%s: connected", name)
		}
	}
}
