package devnet

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	neturl "net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/nats-io/nats.go"

	"github.com/baton-rollup/baton/devnet/proc"
	"github.com/baton-rollup/baton/internal/freeport"
	"github.com/baton-rollup/baton/queue"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/watchdog"
)

// servers runs what baton's processes talk to besides each other: NATS,
// etcd and the simulated L1 run in this process, or (Procs) as `baton
// nats`, `baton etcd` and `baton l1 simulated`, so that every link crosses
// a process boundary as in production. close stops them in reverse order.
type servers struct {
	cfg Config
	out io.Writer
	// tls holds the throwaway CA's files by name (nil without TLS).
	tls   map[string]tlsconf.Files
	stops []func()
	// sets are the servers running as processes ("nats", "etcd", "l1"),
	// and ready says whether each answers.
	sets  map[string]*proc.Set
	ready map[string]func(context.Context) error
}

// given is the URL a process of the devnet is given for the service
// name at url: through Config.Proxy when set, so that faults can be put
// between them; the devnet's own clients use url.
func (s *servers) given(name, url string) (string, error) {
	if s.cfg.Proxy == nil {
		return url, nil
	}
	u, err := neturl.Parse(url)
	if err != nil {
		return "", fmt.Errorf("devnet: %s URL %q: %w", name, url, err)
	}
	if u.Host, err = s.cfg.Proxy(name, u.Host); err != nil {
		return "", fmt.Errorf("devnet: proxy for %s: %w", name, err)
	}
	return u.String(), nil
}

func (s *servers) close() {
	for i := len(s.stops) - 1; i >= 0; i-- {
		s.stops[i]()
	}
}

// start runs one of baton's server subcommands as a process of its own
// (the service name: "nats", "etcd", "l1"), logging to <dir>/<sub>.log,
// and returns once ready answers, or with the log's tail if the process
// dies or a minute passes first. The process is stopped in Close.
func (s *servers) start(ctx context.Context, name, sub string, args []string, ready func(context.Context) error) error {
	set, err := proc.NewSet(proc.SetConfig{Exe: s.cfg.Exe, Dir: s.cfg.Dir, Subcommand: sub, Flags: args})
	if err != nil {
		return err
	}
	if _, err := set.Spawn(strings.ReplaceAll(sub, " ", "-")); err != nil {
		return err
	}
	s.stops = append(s.stops, func() {
		if err := set.Stop(); err != nil {
			fmt.Fprintln(s.out, "devnet:", err)
		}
	})
	if s.sets == nil {
		s.sets, s.ready = map[string]*proc.Set{}, map[string]func(context.Context) error{}
	}
	s.sets[name], s.ready[name] = set, ready
	return s.await(ctx, name)
}

// await waits up to a minute for the service's process to answer, or
// returns with its log's tail if it dies first.
func (s *servers) await(ctx context.Context, name string) error {
	set, ready := s.sets[name], s.ready[name]
	if set == nil {
		return fmt.Errorf("devnet: no %s process", name)
	}
	p := set.Proc(0)
	sub := set.Subcommand()
	logPath := filepath.Join(s.cfg.Dir, p.ID()+".log")
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
		case <-p.Done():
			return fmt.Errorf("baton %s exited before it served: %s", sub, proc.FileTail(logPath, 20))
		case <-wctx.Done():
			return fmt.Errorf("baton %s not ready: %w (last: %v): %s", sub, wctx.Err(), err, proc.FileTail(logPath, 20))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// etcd runs the devnet's etcd, here or (Procs) as `baton etcd`, and
// returns its client URL.
func (s *servers) etcd(ctx context.Context) (string, error) {
	addrs, err := freeport.Loopback(2)
	if err != nil {
		return "", err
	}
	etcdURL := "http://" + addrs[0]
	dir := filepath.Join(s.cfg.Dir, "etcd")
	if s.cfg.Procs {
		err = s.start(ctx, "etcd", "etcd", []string{"--name", "etcd0", "--data-dir", dir,
			"--listen-client", addrs[0], "--listen-peer", addrs[1]}, func(ctx context.Context) error {
			cli, err := watchdog.Connect(ctx, watchdog.EtcdConfig{Endpoints: []string{etcdURL}, DialTimeout: time.Second})
			if err != nil {
				return err
			}
			defer cli.Close()
			_, err = cli.Status(ctx, etcdURL)
			return err
		})
		return etcdURL, err
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	m, err := watchdog.StartMember(sctx, watchdog.MemberConfig{Name: "etcd0", Dir: dir, ClientAddr: addrs[0], PeerAddr: addrs[1]})
	if err != nil {
		return "", err
	}
	s.stops = append(s.stops, m.Close)
	return etcdURL, nil
}

// nats runs the job queue's JetStream server, here or (Procs) as `baton
// nats`, and returns its URL.
func (s *servers) nats(ctx context.Context) (string, error) {
	dir := filepath.Join(s.cfg.Dir, "nats")
	var (
		srvTLS *tls.Config
		args   []string
	)
	f, withTLS := s.tls["nats"]
	if withTLS {
		var err error
		if srvTLS, err = f.Server(); err != nil {
			return "", err
		}
		args = proc.TLSArgs("", f)
	}
	if !s.cfg.Procs {
		srv, err := queue.StartServerTLS(dir, "127.0.0.1:0", srvTLS)
		if err != nil {
			return "", err
		}
		s.stops = append(s.stops, srv.Close)
		return srv.URL(), nil
	}
	addr, err := freeport.Loopback(1)
	if err != nil {
		return "", err
	}
	url := "nats://" + addr[0]
	args = append(args, "--listen", addr[0], "--store-dir", dir)
	err = s.start(ctx, "nats", "nats", args, func(ctx context.Context) error {
		nc, err := nats.Connect(url, append(s.natsOptions(), nats.Timeout(time.Second), nats.Name("baton-devnet-probe"))...)
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
	})
	return url, err
}

// l1Proc runs the simulated L1 as `baton l1 simulated` (Procs).
func (s *servers) l1Proc(ctx context.Context, blockTime time.Duration, funded []common.Address) (string, error) {
	addr, err := freeport.Loopback(1)
	if err != nil {
		return "", err
	}
	var fund []string
	for _, a := range funded {
		fund = append(fund, a.Hex())
	}
	url := "http://" + addr[0]
	err = s.start(ctx, "l1", "l1 simulated", []string{"--listen", addr[0], "--block-time", blockTime.String(),
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

// natsOptions are the options of this process's NATS connections: with
// TLS, the CA and the client certificate.
func (s *servers) natsOptions() []nats.Option {
	f, ok := s.tls["client"]
	if !ok {
		return nil
	}
	return []nats.Option{nats.RootCAs(f.CA), nats.ClientCert(f.Cert, f.Key)}
}

// natsArgs are the NATS TLS flags of the replicas and provers (none
// without TLS).
func (s *servers) natsArgs() []string {
	f, ok := s.tls["client"]
	if !ok {
		return nil
	}
	return proc.TLSArgs("nats-", f)
}
