package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/baton-rollup/baton/watchdog"
)

// EtcdFlags bind the watchdog's etcd: endpoints, TLS, auth, and the
// cluster name every key is kept under. Replicas, provers, watchdogs and
// `baton ctl` take the same group.
type EtcdFlags struct {
	// Endpoints as given (comma-separated); empty: no etcd.
	Endpoints string
	// TTL of the leases a process keeps its records under.
	TTL          time.Duration
	cfg          watchdog.EtcdConfig
	passwordFile string
	cluster      string
}

// BindEtcdFlags adds --etcd, its TLS and auth flags, --cluster-name and
// --etcd-ttl to fs.
func BindEtcdFlags(fs *flag.FlagSet) *EtcdFlags {
	f := &EtcdFlags{}
	fs.StringVar(&f.Endpoints, "etcd", "", "etcd endpoints, comma-separated (empty: no watchdog records)")
	fs.StringVar(&f.cfg.CAFile, "etcd-ca", "", "CA file for etcd TLS")
	fs.StringVar(&f.cfg.CertFile, "etcd-cert", "", "client certificate for etcd TLS")
	fs.StringVar(&f.cfg.KeyFile, "etcd-key", "", "client key for etcd TLS")
	fs.StringVar(&f.cfg.Username, "etcd-user", "", "etcd user (auth)")
	fs.StringVar(&f.passwordFile, "etcd-password-file", "", "file holding the etcd user's password")
	fs.StringVar(&f.cluster, "cluster-name", "devnet", "cluster name: the etcd key prefix /baton/<name>/")
	fs.DurationVar(&f.TTL, "etcd-ttl", 5*time.Second, "lease TTL: how long a dead process's records and claims outlive it")
	return f
}

// Connect opens the client; nil without --etcd.
func (f *EtcdFlags) Connect(ctx context.Context) (*clientv3.Client, watchdog.Keys, error) {
	keys, err := watchdog.NewKeys(f.cluster)
	if err != nil || f.Endpoints == "" {
		return nil, keys, err
	}
	if f.TTL < 2*time.Second {
		return nil, keys, fmt.Errorf("--etcd-ttl %v: etcd leases are whole seconds and need at least 2", f.TTL)
	}
	c := f.cfg
	c.Endpoints = strings.Split(f.Endpoints, ",")
	if f.passwordFile != "" {
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return nil, keys, fmt.Errorf("--etcd-password-file: %w", err)
		}
		c.Password = strings.TrimSpace(string(b))
	}
	cli, err := watchdog.Connect(ctx, c)
	return cli, keys, err
}
