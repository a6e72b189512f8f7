package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/prover"
	"github.com/baton-rollup/baton/watchdog"
)

// etcdFlags bind the watchdog's etcd: endpoints, TLS, auth, and the
// cluster name every key is kept under.
type etcdFlags struct {
	endpoints    string
	cfg          watchdog.EtcdConfig
	passwordFile string
	cluster      string
	ttl          time.Duration
}

func bindEtcdFlags(fs *flag.FlagSet) *etcdFlags {
	f := &etcdFlags{}
	fs.StringVar(&f.endpoints, "etcd", "", "etcd endpoints, comma-separated (empty: no watchdog records)")
	fs.StringVar(&f.cfg.CAFile, "etcd-ca", "", "CA file for etcd TLS")
	fs.StringVar(&f.cfg.CertFile, "etcd-cert", "", "client certificate for etcd TLS")
	fs.StringVar(&f.cfg.KeyFile, "etcd-key", "", "client key for etcd TLS")
	fs.StringVar(&f.cfg.Username, "etcd-user", "", "etcd user (auth)")
	fs.StringVar(&f.passwordFile, "etcd-password-file", "", "file holding the etcd user's password")
	fs.StringVar(&f.cluster, "cluster-name", "devnet", "cluster name: the etcd key prefix /baton/<name>/")
	fs.DurationVar(&f.ttl, "etcd-ttl", 5*time.Second, "lease TTL: how long a dead process's records and claims outlive it")
	return f
}

// connect opens the client; nil without --etcd.
func (f *etcdFlags) connect(ctx context.Context) (*clientv3.Client, watchdog.Keys, error) {
	keys, err := watchdog.NewKeys(f.cluster)
	if err != nil || f.endpoints == "" {
		return nil, keys, err
	}
	if f.ttl < 2*time.Second {
		return nil, keys, fmt.Errorf("--etcd-ttl %v: etcd leases are whole seconds and need at least 2", f.ttl)
	}
	c := f.cfg
	c.Endpoints = strings.Split(f.endpoints, ",")
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

// heartbeatStatus turns a replica's status into its heartbeat record.
func heartbeatStatus(n *cluster.Node) func() watchdog.SequencerRecord {
	return func() watchdog.SequencerRecord {
		s := n.Status()
		return watchdog.SequencerRecord{ID: s.ID, API: n.APIAddr(), Role: s.Role, Leader: s.Leader, Voter: s.Voter, Term: s.Term,
			CommitIndex: s.CommitIndex, AppliedIndex: s.AppliedIndex, LastBatch: s.LastBatch, LastBatchMs: s.LastBatchMs,
			Pending: s.Mempool, OldestPendingMs: s.OldestPendingMs, LastPosted: s.LastPosted, Settling: s.Settling,
			ProvenThrough: s.ProvenThrough, LastFinalized: s.Finalized}
	}
}

// etcdClaims adapts watchdog.Prover to the worker's Claims.
type etcdClaims struct{ p *watchdog.Prover }

func (c etcdClaims) Claim(ctx context.Context, batch uint64, attempt uint32, circuit string) (prover.Claim, error) {
	j, err := c.p.Claim(ctx, batch, attempt, circuit)
	if err != nil {
		return nil, err
	}
	return j, nil
}
