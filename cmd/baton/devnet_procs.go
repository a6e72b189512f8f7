package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/nats-io/nats.go"

	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/tlsconf"
)

// startService runs one of baton's server subcommands (nats, etcd, l1
// simulated) as a process of its own, logging to <dir>/<name>.log, and
// returns once ready answers, or with the log's tail if the process dies
// or a minute passes first. The process is stopped in d.close.
func (d *devnet) startService(ctx context.Context, sub string, args []string, ready func(context.Context) error) error {
	set, err := newProcSet(d.dir, sub, "", args)
	if err != nil {
		return err
	}
	name := strings.ReplaceAll(sub, " ", "-")
	p, err := set.spawn(name)
	if err != nil {
		return err
	}
	d.services = append(d.services, func() {
		if err := set.stop(); err != nil {
			fmt.Fprintln(d.out, "devnet:", err)
		}
	})
	logPath := filepath.Join(d.dir, name+".log")
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		// Each try is short, so a hung dial does not outlive the process.
		tctx, tcancel := context.WithTimeout(wctx, 2*time.Second)
		err := ready(tctx)
		tcancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("baton %s exited before it served: %s", sub, fileTail(logPath, 20))
		case <-wctx.Done():
			return fmt.Errorf("baton %s not ready: %w (last: %v): %s", sub, wctx.Err(), err, fileTail(logPath, 20))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// startNATS runs the job queue's JetStream server, here or (--procs) as
// `baton nats`.
func (d *devnet) startNATS(ctx context.Context) error {
	dir := filepath.Join(d.dir, "nats")
	var (
		srvTLS *tls.Config
		args   []string
	)
	f, withTLS := d.tlsFiles["nats"]
	if withTLS {
		var err error
		if srvTLS, err = f.Server(); err != nil {
			return err
		}
		args = tlsArgs("", f)
	}
	if !d.procs {
		s, err := queue.StartServerTLS(dir, "127.0.0.1:0", srvTLS)
		if err != nil {
			return err
		}
		d.natsURL = s.URL()
		d.services = append(d.services, s.Close)
		return nil
	}
	addr, err := freePorts(1)
	if err != nil {
		return err
	}
	url := "nats://" + addr[0]
	args = append(args, "--listen", addr[0], "--store-dir", dir)
	if err := d.startService(ctx, "nats", args, func(ctx context.Context) error {
		nc, err := nats.Connect(url, append(d.natsTLS(), nats.Timeout(time.Second), nats.Name("baton-devnet-probe"))...)
		if err != nil {
			return err
		}
		defer nc.Close()
		// Connected is not yet JetStream ready: ask it.
		js, err := nc.JetStream(nats.Context(ctx))
		if err != nil {
			return err
		}
		_, err = js.AccountInfo(nats.Context(ctx))
		return err
	}); err != nil {
		return err
	}
	d.natsURL = url
	return nil
}

// startL1Proc runs the simulated L1 as `baton l1 simulated` (--procs).
func (d *devnet) startL1Proc(ctx context.Context, blockTime time.Duration, funded []common.Address) (string, error) {
	addr, err := freePorts(1)
	if err != nil {
		return "", err
	}
	var fund []string
	for _, a := range funded {
		fund = append(fund, a.Hex())
	}
	url := "http://" + addr[0]
	err = d.startService(ctx, "l1 simulated", []string{"--listen", addr[0], "--block-time", blockTime.String(),
		"--fund", strings.Join(fund, ",")}, func(ctx context.Context) error {
		eth, err := ethclient.DialContext(ctx, url)
		if err != nil {
			return err
		}
		defer eth.Close()
		_, err = eth.ChainID(ctx)
		return err
	})
	return url, err
}

// etcdURL is the client URL of the devnet's etcd.
func (d *devnet) etcdURL() string {
	if d.etcdCli == nil || len(d.etcdCli.Endpoints()) == 0 {
		return ""
	}
	return d.etcdCli.Endpoints()[0]
}

// natsTLS are the options of this process's NATS connections: with
// --tls, the CA and the client certificate.
func (d *devnet) natsTLS() []nats.Option {
	f, ok := d.tlsClient()
	if !ok {
		return nil
	}
	return []nats.Option{nats.RootCAs(f.CA), nats.ClientCert(f.Cert, f.Key)}
}

// natsArgs are the NATS TLS flags of the replicas and provers (none
// without --tls).
func (d *devnet) natsArgs() []string {
	f, ok := d.tlsClient()
	if !ok {
		return nil
	}
	return tlsArgs("nats-", f)
}

// tlsClient is the client certificate of a --tls devnet (false without).
func (d *devnet) tlsClient() (tlsconf.Files, bool) {
	f, ok := d.tlsFiles["client"]
	return f, ok
}
