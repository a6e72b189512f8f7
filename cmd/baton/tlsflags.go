package main

import (
	"crypto/tls"
	"flag"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/tlsconf"
)

// tlsFlags are the TLS files of a replica or of a client of one.
type tlsFlags struct{ files tlsconf.Files }

// bindTLSFlags adds --tls-ca, --tls-cert and --tls-key; use says what the
// certificate is for in this command.
func bindTLSFlags(fs *flag.FlagSet, use string) *tlsFlags {
	t := &tlsFlags{}
	fs.StringVar(&t.files.CA, "tls-ca", "", "CA certificate (PEM) that signs the cluster's certificates: turns TLS on")
	fs.StringVar(&t.files.Cert, "tls-cert", "", "certificate (PEM) the CA signed, "+use+"; reread when the file changes")
	fs.StringVar(&t.files.Key, "tls-key", "", "key (PEM) of --tls-cert")
	return t
}

// replica is a replica's TLS (nil without --tls-ca).
func (t *tlsFlags) replica() (*cluster.TLSConfig, error) {
	if !t.files.Enabled() {
		return nil, nil
	}
	srv, err := t.files.Server()
	if err != nil {
		return nil, err
	}
	client, err := t.files.Client()
	if err != nil {
		return nil, err
	}
	return &cluster.TLSConfig{Server: srv, Client: client}, nil
}

// client is a caller's TLS (nil without --tls-ca: plain HTTP).
func (t *tlsFlags) client() (*tls.Config, error) {
	if !t.files.Enabled() {
		return nil, nil
	}
	return t.files.Client()
}
