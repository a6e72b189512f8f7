// Package tlsconf builds the TLS configurations of baton's replicas and of
// the clients that call them from PEM files, and makes throwaway CAs for
// devnets and tests.
//
// One CA vouches for everyone in a cluster: replicas present their
// certificate both as servers (Raft, API) and as clients (Raft dials,
// forwarding), and admin clients (watchdogs, ctl) present one to reach the
// admin API. Certificates and keys are read again when their files change,
// so they can be rotated without a restart; the CA is read once.
package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Files names a TLS identity (certificate and key) and the CA that signs
// the peers' certificates, all PEM.
type Files struct {
	CA, Cert, Key string
}

// Enabled reports whether any file is named (TLS is on).
func (f Files) Enabled() bool { return f != Files{} }

// Validate accepts all three files, none, or the CA alone (a client that
// verifies servers but has no certificate of its own, enough for public
// endpoints). A certificate without a CA to check peers against would be
// TLS without authentication.
func (f Files) Validate() error {
	switch {
	case (f.Cert == "") != (f.Key == ""):
		return errors.New("tls: give the certificate and its key together")
	case f.Enabled() && f.CA == "":
		return errors.New("tls: a certificate needs the CA that checks its peers")
	}
	return nil
}

// Server is the configuration for a listener: it presents the certificate
// and verifies the certificates clients offer against the CA. Clients may
// come without one (ClientAuth can be raised by the caller, as Raft does).
func (f Files) Server() (*tls.Config, error) {
	if f.Cert == "" {
		return nil, errors.New("tls: a server needs a certificate and its key")
	}
	pool, kp, err := f.load()
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion: tls.VersionTLS13,
		// HTTP/2 where the client offers it: many requests share one
		// connection, so a thousand concurrent callers cost a handful of
		// handshakes rather than a thousand.
		NextProtos:     []string{"h2", "http/1.1"},
		ClientCAs:      pool,
		ClientAuth:     tls.VerifyClientCertIfGiven,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return kp.get() },
	}, nil
}

// Client is the configuration for dialing a server the CA vouches for,
// presenting the certificate (if any) when the server asks.
func (f Files) Client() (*tls.Config, error) {
	pool, kp, err := f.load()
	if err != nil {
		return nil, err
	}
	c := &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: pool}
	if kp != nil {
		c.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return kp.get() }
	}
	return c, nil
}

func (f Files) load() (*x509.CertPool, *keyPair, error) {
	if err := f.Validate(); err != nil {
		return nil, nil, err
	}
	if !f.Enabled() {
		return nil, nil, errors.New("tls: no files given")
	}
	pem, err := os.ReadFile(f.CA)
	if err != nil {
		return nil, nil, fmt.Errorf("tls CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, nil, fmt.Errorf("tls CA %s: no PEM certificate in it", f.CA)
	}
	if f.Cert == "" {
		return pool, nil, nil
	}
	kp := &keyPair{cert: f.Cert, key: f.Key}
	// Loaded once now, so that a bad file fails at start, not at the
	// first handshake.
	if _, err := kp.get(); err != nil {
		return nil, nil, err
	}
	return pool, kp, nil
}

// recheck bounds how often a handshake looks at the files' times.
const recheck = time.Second

// keyPair is a certificate and key read again when either file's
// modification time or size changes (size too: a copy that keeps times,
// cp -p, still shows). A rotation that leaves a bad pair keeps the last
// good one, so a half-written rotation does not take a replica down; the
// next change of the files is tried again.
type keyPair struct {
	cert, key string

	mu      sync.Mutex
	cur     *tls.Certificate
	stamp   [2]fileStamp
	checked time.Time
}

type fileStamp struct {
	mod  time.Time
	size int64
}

func (k *keyPair) get() (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur != nil && time.Since(k.checked) < recheck {
		return k.cur, nil
	}
	k.checked = time.Now()
	var stamp [2]fileStamp
	for i, p := range []string{k.cert, k.key} {
		st, err := os.Stat(p)
		if err != nil {
			if k.cur != nil {
				return k.cur, nil
			}
			return nil, fmt.Errorf("tls: %w", err)
		}
		stamp[i] = fileStamp{st.ModTime(), st.Size()}
	}
	if k.cur != nil && stamp == k.stamp {
		return k.cur, nil
	}
	c, err := tls.LoadX509KeyPair(k.cert, k.key)
	if err != nil {
		if k.cur != nil {
			return k.cur, nil
		}
		return nil, fmt.Errorf("tls key pair %s, %s: %w", k.cert, k.key, err)
	}
	k.cur, k.stamp = &c, stamp
	return k.cur, nil
}
