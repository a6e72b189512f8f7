package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/baton-rollup/baton/contracts"
	"github.com/baton-rollup/baton/internal/cli"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/watchdog"
)

// The servers baton needs besides its own processes, as subcommands: the
// multi-process devnet runs each as an OS process of its own, so that every
// link in it crosses a process boundary as in production. Production runs
// a nats-server cluster, an etcd cluster and a real L1 node instead; these
// are single-node conveniences for development and tests.

// runNATS is `baton nats`: a single-node JetStream server until SIGTERM.
func runNATS(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("nats", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4222", "client listen address")
	storeDir := fs.String("store-dir", "", "JetStream store directory (required: jobs must outlive a restart)")
	tf := bindTLSFlags(fs, "this server's; clients must then present one from the CA (their --nats-tls-* flags)")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *storeDir == "" {
		return errors.New("--store-dir is required")
	}
	var tc *tls.Config
	if tf.files.Enabled() {
		var err error
		if tc, err = tf.files.Server(); err != nil {
			return err
		}
	}
	s, err := queue.StartServerTLS(*storeDir, *listen, tc)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(stdout, "nats: JetStream serving on %s, store %s\n", s.URL(), *storeDir)
	<-ctx.Done()
	return nil
}

// runEtcd is `baton etcd`: one etcd member (a single-member cluster unless
// --initial-cluster names others) until SIGTERM.
func runEtcd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	name := fs.String("name", "etcd0", "member name")
	dataDir := fs.String("data-dir", "", "member data directory (required)")
	client := fs.String("listen-client", "127.0.0.1:2379", "client listen address (advertised as is)")
	peer := fs.String("listen-peer", "127.0.0.1:2380", "peer listen address (advertised as is)")
	initial := fs.String("initial-cluster", "", "every member as name=http://peer,... (default: this one alone)")
	token := fs.String("cluster-token", "baton", "tells this etcd cluster's members from another's")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *dataDir == "" {
		return errors.New("--data-dir is required")
	}
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	m, err := watchdog.StartMember(sctx, watchdog.MemberConfig{Name: *name, Dir: *dataDir, ClientAddr: *client,
		PeerAddr: *peer, InitialCluster: *initial, Token: *token})
	if err != nil {
		return err
	}
	defer m.Close()
	fmt.Fprintf(stdout, "etcd: member %s serving clients on %s, peers on %s\n", m.Name, m.ClientURL, m.PeerURL)
	<-ctx.Done()
	return nil
}

// runL1Simulated is `baton l1 simulated`: go-ethereum's simulated chain
// behind real JSON-RPC, mining a block each --block-time, until SIGTERM.
// Its state lives in memory only: a restart is a new chain.
func runL1Simulated(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("l1 simulated", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:8545", "JSON-RPC listen address")
	blockTime := fs.Duration("block-time", time.Second, "time between blocks")
	fund := fs.String("fund", "", "addresses that start with 2^100 wei, comma-separated")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	funded, err := parseAddresses("--fund", *fund)
	if err != nil {
		return err
	}
	n, err := contracts.StartL1(contracts.L1Config{Addr: *listen, BlockTime: *blockTime, Funded: funded})
	if err != nil {
		return err
	}
	defer n.Close()
	fmt.Fprintf(stdout, "l1: simulated chain serving JSON-RPC on %s, a block every %v, %d funded accounts\n", n.URL(), *blockTime, len(funded))
	<-ctx.Done()
	return nil
}
