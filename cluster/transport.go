package cluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/hashicorp/raft"

	"github.com/baton-rollup/baton/fsm"
)

// Faults cuts this replica's Raft links on demand: the fault-injecting
// wrapper that partition tests use. Production replicas run with a Faults
// that blocks nothing. A partition is symmetric only if both sides block
// each other, which is how tests use it; blocking also closes the pooled
// connections already open, so the cut takes effect at once.
type Faults struct {
	mu      sync.Mutex
	blocked map[raft.ServerAddress]bool
	conns   map[raft.ServerAddress]map[net.Conn]bool
}

// NewFaults returns a Faults that blocks nothing.
func NewFaults() *Faults {
	return &Faults{blocked: map[raft.ServerAddress]bool{}, conns: map[raft.ServerAddress]map[net.Conn]bool{}}
}

// errBlocked is what a dial across a cut returns.
var errBlocked = errors.New("link blocked by fault injection")

// Block cuts the links to the given Raft addresses.
func (f *Faults) Block(addrs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range addrs {
		sa := raft.ServerAddress(a)
		f.blocked[sa] = true
		for c := range f.conns[sa] {
			_ = c.Close()
		}
		delete(f.conns, sa)
	}
}

// Heal restores every link.
func (f *Faults) Heal() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.blocked)
}

func (f *Faults) track(addr raft.ServerAddress, c net.Conn) (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.blocked[addr] {
		_ = c.Close()
		return nil, fmt.Errorf("dial %s: %w", addr, errBlocked)
	}
	if f.conns[addr] == nil {
		f.conns[addr] = map[net.Conn]bool{}
	}
	f.conns[addr][c] = true
	return &trackedConn{Conn: c, untrack: func() {
		f.mu.Lock()
		delete(f.conns[addr], c)
		f.mu.Unlock()
	}}, nil
}

func (f *Faults) isBlocked(addr raft.ServerAddress) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.blocked[addr]
}

type trackedConn struct {
	net.Conn
	once    sync.Once
	untrack func()
}

func (c *trackedConn) Close() error {
	c.once.Do(c.untrack)
	return c.Conn.Close()
}

// streamLayer is Raft's TCP stream layer with Faults in the dial path,
// and mutual TLS when configured.
type streamLayer struct {
	net.Listener
	advertise net.Addr
	faults    *Faults
	tls       *tls.Config // dialing side; nil for plain TCP
}

var _ raft.StreamLayer = (*streamLayer)(nil)

func newStreamLayer(bind, advertise string, faults *Faults, tc *TLSConfig, log *slog.Logger) (*streamLayer, error) {
	ln, err := net.Listen("tcp", bind)
	if err != nil {
		return nil, fmt.Errorf("raft listen %s: %w", bind, err)
	}
	s := &streamLayer{Listener: ln, advertise: ln.Addr(), faults: faults}
	if host, port, err := net.SplitHostPort(bind); advertise == "" && err == nil && net.ParseIP(host) == nil && port != "0" {
		// Listening on a name (seq0:7000): the name, not the IP it
		// resolved to, is what the configuration and the peers know.
		advertise = bind
	}
	if advertise != "" {
		// A name, not resolved here: the other replicas resolve it when
		// they dial, so a DNS name survives a new IP behind it.
		s.advertise = advertAddr(advertise)
	}
	if tc != nil {
		// Raft has no authentication of its own: a peer that can connect
		// can vote and append entries. So every connection must present
		// a certificate from the cluster's CA.
		srv := tc.Server.Clone()
		srv.ClientAuth = tls.RequireAndVerifyClientCert
		srv.VerifyConnection = requireReplicaCert
		s.Listener, s.tls = newHandshakeListener(ln, srv, log), tc.Client
	}
	return s, nil
}

// requireReplicaCert keeps certificates made for clients only (watchdogs,
// operators: the admin API's callers) off Raft, though the same CA signed
// them: a replica's certificate is also a server's.
func requireReplicaCert(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("raft: no certificate")
	}
	for _, u := range cs.PeerCertificates[0].ExtKeyUsage {
		if u == x509.ExtKeyUsageServerAuth || u == x509.ExtKeyUsageAny {
			return nil
		}
	}
	return errors.New("raft: a client-only certificate (no server-auth usage) is not a replica's")
}

// raftHandshakeTimeout bounds a TLS handshake on the Raft port: Raft sets
// no deadline on the connections it accepts, so a peer that connects and
// stays silent would otherwise hold a goroutine and a descriptor for ever.
const raftHandshakeTimeout = 5 * time.Second

// handshakeListener hands Raft only connections whose TLS handshake has
// completed (each in its own goroutine, within raftHandshakeTimeout), so
// that nothing unauthenticated reaches Raft and a slow handshake holds up
// no other.
type handshakeListener struct {
	net.Listener // the TCP listener
	cfg          *tls.Config
	log          *slog.Logger
	conns        chan net.Conn
	done         chan struct{}
	once         sync.Once
}

func newHandshakeListener(ln net.Listener, cfg *tls.Config, log *slog.Logger) *handshakeListener {
	l := &handshakeListener{Listener: ln, cfg: cfg, log: log, conns: make(chan net.Conn), done: make(chan struct{})}
	go l.acceptLoop()
	return l
}

func (l *handshakeListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			// Out of descriptors and the like: wait, as net/http does.
			time.Sleep(10 * time.Millisecond)
			continue
		}
		go l.handshake(c)
	}
}

func (l *handshakeListener) handshake(c net.Conn) {
	tc := tls.Server(c, l.cfg)
	ctx, cancel := context.WithTimeout(context.Background(), raftHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		l.log.Warn("raft: refused a connection", "remote", c.RemoteAddr().String(), "err", err)
		_ = c.Close()
		return
	}
	select {
	case l.conns <- tc:
	case <-l.done:
		_ = tc.Close()
	}
}

func (l *handshakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *handshakeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (s *streamLayer) Addr() net.Addr { return s.advertise }

// advertAddr is an advertised Raft address as the configuration names it.
type advertAddr string

func (a advertAddr) Network() string { return "tcp" }
func (a advertAddr) String() string  { return string(a) }

func (s *streamLayer) Dial(addr raft.ServerAddress, timeout time.Duration) (net.Conn, error) {
	if s.faults.isBlocked(addr) {
		return nil, fmt.Errorf("dial %s: %w", addr, errBlocked)
	}
	var (
		c   net.Conn
		err error
	)
	if s.tls == nil {
		c, err = net.DialTimeout("tcp", string(addr), timeout)
	} else {
		host, _, serr := net.SplitHostPort(string(addr))
		if serr != nil {
			return nil, serr
		}
		cfg := s.tls.Clone()
		cfg.ServerName = host
		// The timeout covers the handshake too: a peer that accepts and
		// then says nothing must not hold Raft's dial for ever.
		c, err = tls.DialWithDialer(&net.Dialer{Timeout: timeout}, "tcp", string(addr), cfg)
	}
	if err != nil {
		return nil, err
	}
	return s.faults.track(addr, c)
}

// FaultRaft restores every link this replica cut (heal), then cuts its
// links to the members with the given ids, by their Raft addresses in the
// configuration: the admin API's way to partition a replica in another
// process. Every id is checked before anything changes: one not in the
// configuration, or this replica's own, is fsm.ErrMalformed.
func (n *Node) FaultRaft(block []string, heal bool) error {
	f := n.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return fmt.Errorf("fault raft: read configuration: %w", err)
	}
	addrs := map[string]string{}
	for _, s := range f.Configuration().Servers {
		addrs[string(s.ID)] = string(s.Address)
	}
	var cut []string
	for _, id := range block {
		a, ok := addrs[id]
		if !ok || id == n.cfg.ID {
			return fmt.Errorf("%w: block_raft: %q is not another member", fsm.ErrMalformed, id)
		}
		cut = append(cut, a)
	}
	if heal {
		n.faults.Heal()
	}
	n.faults.Block(cut...)
	n.log.Warn("raft links faulted", "blocked", block, "healed", heal)
	return nil
}
