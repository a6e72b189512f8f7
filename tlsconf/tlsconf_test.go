package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFilesValidate(t *testing.T) {
	if err := (Files{}).Validate(); err != nil {
		t.Fatalf("no files: %v", err)
	}
	for _, f := range []Files{{Cert: "c", Key: "k"}, {CA: "a", Cert: "c"}, {CA: "a", Key: "k"}} {
		if err := f.Validate(); err == nil {
			t.Errorf("%+v: want an error", f)
		}
		if _, err := f.Server(); err == nil {
			t.Errorf("%+v: Server built", f)
		}
	}
	// The CA alone is a client that verifies servers and has no
	// certificate: no server.
	pki, err := WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	caOnly := Files{CA: pki["a"].CA}
	if c, err := caOnly.Client(); err != nil || c.GetClientCertificate != nil || c.RootCAs == nil {
		t.Errorf("CA-only client: %+v %v", c, err)
	}
	if _, err := caOnly.Server(); err == nil {
		t.Error("CA-only server built")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	pki, err := WriteDevPKI(dir, []string{"127.0.0.1"}, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	f := pki["a"]
	notPEM := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(notPEM, []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		f    Files
		want string
	}{
		"missing CA":    {Files{CA: filepath.Join(dir, "nope"), Cert: f.Cert, Key: f.Key}, "tls CA"},
		"CA not PEM":    {Files{CA: notPEM, Cert: f.Cert, Key: f.Key}, "no PEM certificate"},
		"key not PEM":   {Files{CA: f.CA, Cert: f.Cert, Key: notPEM}, "tls key pair"},
		"key of a cert": {Files{CA: f.CA, Cert: f.Cert, Key: f.Cert}, "tls key pair"},
	} {
		if _, err := c.f.Client(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}

// TestDevPKIVerifies: a replica's certificate chains to the CA for both
// server and client use on the hosts asked for, and on no other; a
// client's only for client use, on no host.
func TestDevPKIVerifies(t *testing.T) {
	pki, err := WriteDevPKI(t.TempDir(), []string{"127.0.0.1", "seq0.baton"}, []string{"s0"}, "client")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := pki["s0"].Server()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"s0", "client"} {
		c, err := tls.LoadX509KeyPair(pki[name].Cert, pki[name].Key)
		if err != nil {
			t.Fatal(err)
		}
		leaf, err := x509.ParseCertificate(c.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		replica := name == "s0"
		for usage, ok := range map[x509.ExtKeyUsage]bool{x509.ExtKeyUsageServerAuth: replica, x509.ExtKeyUsageClientAuth: true} {
			if _, err := leaf.Verify(x509.VerifyOptions{Roots: srv.ClientCAs, KeyUsages: []x509.ExtKeyUsage{usage}}); (err == nil) != ok {
				t.Errorf("%s for %v: %v, want ok=%v", name, usage, err, ok)
			}
		}
		for host, ok := range map[string]bool{"127.0.0.1": replica, "seq0.baton": replica, "10.0.0.1": false, "evil.example": false} {
			if err := leaf.VerifyHostname(host); (err == nil) != ok {
				t.Errorf("%s on %s: %v, want ok=%v", name, host, err, ok)
			}
		}
		if leaf.NotAfter.Sub(leaf.NotBefore) > DevValidity+time.Hour {
			t.Errorf("%s lives %v", name, leaf.NotAfter.Sub(leaf.NotBefore))
		}
	}
}

// TestRotation: a new certificate written over the old one is presented
// from the next handshake on (after the recheck interval); a broken one
// keeps the last good certificate in use.
func TestRotation(t *testing.T) {
	dir := t.TempDir()
	pki, err := WriteDevPKI(dir, []string{"127.0.0.1"}, []string{"s0"})
	if err != nil {
		t.Fatal(err)
	}
	f := pki["s0"]
	cli, err := f.Client()
	if err != nil {
		t.Fatal(err)
	}
	first, err := cli.GetClientCertificate(nil)
	if err != nil {
		t.Fatal(err)
	}
	// A second PKI in another dir; its s0 is copied over the first.
	next, err := WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, []string{"s0"})
	if err != nil {
		t.Fatal(err)
	}
	copyFile(t, next["s0"].Cert, f.Cert)
	copyFile(t, next["s0"].Key, f.Key)
	later := time.Now().Add(2 * time.Second)
	for _, p := range []string{f.Cert, f.Key} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(recheck + 100*time.Millisecond)
	rotated, err := cli.GetClientCertificate(nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(rotated.Certificate[0]) == string(first.Certificate[0]) {
		t.Fatal("certificate not reloaded after rotation")
	}
	// Half-written: a key that does not match.
	if err := os.WriteFile(f.Key, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	later = later.Add(2 * time.Second)
	if err := os.Chtimes(f.Key, later, later); err != nil {
		t.Fatal(err)
	}
	time.Sleep(recheck + 100*time.Millisecond)
	kept, err := cli.GetClientCertificate(nil)
	if err != nil || string(kept.Certificate[0]) != string(rotated.Certificate[0]) {
		t.Fatalf("broken rotation: got %v, want the last good certificate", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
