// Package watchdog keeps baton's liveness records in etcd and acts on them:
// sequencer heartbeats and the leader record, prover registrations and job
// claims under leases, and the watchdog itself, which (one instance at a
// time, by election) moves leadership away from a leader that is alive but
// not doing its job and voids proof attempts that stalled.
package watchdog

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// EtcdConfig says how to reach etcd: the endpoints of an external cluster
// with optional TLS and user/password auth.
type EtcdConfig struct {
	Endpoints []string
	// TLS: a CA to trust, and a client certificate when the cluster asks
	// for one. Any of them switches TLS on.
	CAFile, CertFile, KeyFile string
	Username, Password        string
	DialTimeout               time.Duration
}

// Connect opens a client and checks that a member answers, so a wrong
// endpoint fails here rather than on the first lease.
func Connect(ctx context.Context, c EtcdConfig) (*clientv3.Client, error) {
	if len(c.Endpoints) == 0 {
		return nil, errors.New("etcd: no endpoints")
	}
	cfg := clientv3.Config{
		Endpoints:   c.Endpoints,
		DialTimeout: c.DialTimeout,
		Username:    c.Username,
		Password:    c.Password,
		// The client's own zap logger would print every reconnect.
		Logger: zap.NewNop(),
		// Without keepalive probes a client behind a dead member notices
		// only when a request times out.
		DialKeepAliveTime:    5 * time.Second,
		DialKeepAliveTimeout: 2 * time.Second,
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 5 * time.Second
	}
	if c.CAFile != "" || c.CertFile != "" {
		info := transport.TLSInfo{TrustedCAFile: c.CAFile, CertFile: c.CertFile, KeyFile: c.KeyFile}
		var (
			tc  *tls.Config
			err error
		)
		if tc, err = info.ClientConfig(); err != nil {
			return nil, fmt.Errorf("etcd tls: %w", err)
		}
		cfg.TLS = tc
	}
	cli, err := clientv3.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("etcd client: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, cfg.DialTimeout)
	defer cancel()
	var last error
	for _, ep := range c.Endpoints {
		if _, last = cli.Status(sctx, ep); last == nil {
			return cli, nil
		}
	}
	_ = cli.Close()
	return nil, fmt.Errorf("etcd %s: no member answers: %w", strings.Join(c.Endpoints, ","), last)
}

// Member is one embedded etcd member (devnets and tests; production runs
// an external cluster and passes its endpoints).
type Member struct {
	Name      string
	ClientURL string
	PeerURL   string
	Dir       string
	etcd      *embed.Etcd
}

// MemberConfig lays out one member of an embedded cluster.
type MemberConfig struct {
	Name string
	// Dir holds the member's data (and its log, etcd.log).
	Dir string
	// ClientAddr and PeerAddr are host:port pairs on loopback.
	ClientAddr, PeerAddr string
	// InitialCluster names every member: "name=http://peer,...". Empty
	// for a single member.
	InitialCluster string
	// Token tells this cluster's members from another's on the same host.
	Token string
}

// StartMember starts an embedded etcd member and waits until it serves (or
// ctx ends). A member whose data dir exists rejoins with its data.
func StartMember(ctx context.Context, c MemberConfig) (*Member, error) {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return nil, err
	}
	cu, err := url.Parse("http://" + c.ClientAddr)
	if err != nil {
		return nil, fmt.Errorf("etcd client address: %w", err)
	}
	pu, err := url.Parse("http://" + c.PeerAddr)
	if err != nil {
		return nil, fmt.Errorf("etcd peer address: %w", err)
	}
	cfg := embed.NewConfig()
	cfg.Name = c.Name
	cfg.Dir = filepath.Join(c.Dir, "data")
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
	cfg.InitialCluster = c.InitialCluster
	if cfg.InitialCluster == "" {
		cfg.InitialCluster = c.Name + "=" + pu.String()
	}
	cfg.InitialClusterToken = c.Token
	if cfg.InitialClusterToken == "" {
		cfg.InitialClusterToken = "baton"
	}
	// Existing data means this member was part of the cluster already:
	// etcd ignores the initial cluster then, but "new" on a dir that has
	// a WAL is still the right flag (it is only read when bootstrapping).
	cfg.ClusterState = embed.ClusterStateFlagNew
	cfg.LogLevel = "warn"
	cfg.LogOutputs = []string{filepath.Join(c.Dir, "etcd.log")}
	// Liveness records change every second; history of them is useless
	// and would grow the database without a bound.
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "5m"
	cfg.EnableGRPCGateway = false
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("start etcd %s: %w", c.Name, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, fmt.Errorf("etcd %s: %w", c.Name, err)
	case <-ctx.Done():
		e.Close()
		return nil, fmt.Errorf("etcd %s not ready: %w", c.Name, ctx.Err())
	}
	return &Member{Name: c.Name, ClientURL: cu.String(), PeerURL: pu.String(), Dir: c.Dir, etcd: e}, nil
}

// Close stops the member (its data stays, so it can start again).
func (m *Member) Close() {
	if m.etcd != nil {
		m.etcd.Close()
		m.etcd = nil
	}
}
