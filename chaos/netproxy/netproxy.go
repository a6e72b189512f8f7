// Package netproxy is a fault-injecting TCP proxy for loopback tests and
// the chaos suite: placed between a process and the address it is given
// for a service (NATS, etcd, L1, a replica's API), it passes bytes
// through, holds them in one or both directions (a partition as TCP sees
// it: the connection stays up and nothing arrives), or resets every
// connection and every new dial (a service that went away).
package netproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Mode is what the proxy does with the bytes and connections crossing it.
type Mode int

const (
	// Pass forwards both ways.
	Pass Mode = iota
	// Blackhole keeps every connection open and forwards nothing either
	// way, the way a network partition looks to TCP: no reset, no error,
	// no answer. New connections are accepted and wait with the rest.
	Blackhole
	// BlackholeToTarget forwards nothing from the client to the target
	// (a one-way partition): what the target sends still arrives.
	BlackholeToTarget
	// BlackholeToClient forwards nothing from the target to the client:
	// requests arrive, answers do not.
	BlackholeToClient
	// Refuse resets every connection and every new dial: the service is
	// gone (a restart's window).
	Refuse
)

func (m Mode) String() string {
	switch m {
	case Pass:
		return "pass"
	case Blackhole:
		return "blackhole"
	case BlackholeToTarget:
		return "blackhole_to_target"
	case BlackholeToClient:
		return "blackhole_to_client"
	case Refuse:
		return "refuse"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// direction is one half of a proxied connection.
type direction int

const (
	toTarget direction = iota
	toClient
)

// passes reports whether m forwards bytes in direction d.
func (m Mode) passes(d direction) bool {
	switch m {
	case Pass:
		return true
	case BlackholeToTarget:
		return d == toClient
	case BlackholeToClient:
		return d == toTarget
	}
	return false
}

// Config is one proxy.
type Config struct {
	// Listen is where clients connect ("127.0.0.1:0": a free port; Addr
	// says which).
	Listen string
	// Target is the address every connection is forwarded to.
	Target string
	// DialTimeout bounds the dial to Target (zero: 2 s). A target that
	// refuses is a reset to the client.
	DialTimeout time.Duration
}

// Validate reports a config that cannot start; it changes nothing.
func (c Config) Validate() error {
	if c.Listen == "" || c.Target == "" {
		return errors.New("netproxy: Listen and Target are required")
	}
	if _, _, err := net.SplitHostPort(c.Target); err != nil {
		return fmt.Errorf("netproxy: target %q: %w", c.Target, err)
	}
	if c.DialTimeout < 0 {
		return errors.New("netproxy: negative DialTimeout")
	}
	return nil
}

// Proxy forwards connections from its listener to the target under the
// current Mode. Its goroutines end with Close or with the context Start
// was given.
type Proxy struct {
	cfg    Config
	ln     net.Listener
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu   sync.Mutex
	mode Mode
	// changed is closed (and replaced) at every mode change, waking the
	// halves that hold bytes.
	changed chan struct{}
	links   map[*link]struct{}
}

// Start listens on cfg.Listen and forwards to cfg.Target in Pass mode
// until Close or until ctx ends.
func Start(ctx context.Context, cfg Config) (*Proxy, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 2 * time.Second
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("netproxy: listen %s: %w", cfg.Listen, err)
	}
	p := &Proxy{cfg: cfg, ln: ln, changed: make(chan struct{}), links: map[*link]struct{}{}}
	p.ctx, p.cancel = context.WithCancel(ctx)
	p.wg.Add(2)
	go p.accept()
	// The context ending closes the listener, which ends accept.
	go func() {
		defer p.wg.Done()
		<-p.ctx.Done()
		_ = ln.Close()
	}()
	return p, nil
}

// Addr is the address clients dial.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Target is where connections go.
func (p *Proxy) Target() string { return p.cfg.Target }

// Mode is the current mode.
func (p *Proxy) Mode() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mode
}

// SetMode switches the mode. Bytes held by a blackhole are forwarded once
// their direction passes again, as TCP delivers what it retransmits after
// a partition heals; Refuse resets every open connection at once.
func (p *Proxy) SetMode(m Mode) {
	p.mu.Lock()
	p.mode = m
	close(p.changed)
	p.changed = make(chan struct{})
	var drop []*link
	if m == Refuse {
		drop = p.takeLinks()
	}
	p.mu.Unlock()
	for _, l := range drop {
		l.reset()
	}
}

// Restart resets every open connection and keeps listening in the same
// mode: a restarted service, whose clients must dial again.
func (p *Proxy) Restart() {
	p.mu.Lock()
	drop := p.takeLinks()
	p.mu.Unlock()
	for _, l := range drop {
		l.reset()
	}
}

// Conns is how many client connections are open through the proxy.
func (p *Proxy) Conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.links)
}

// Close stops listening, resets every connection and returns once every
// goroutine of the proxy has ended.
func (p *Proxy) Close() error {
	p.Restart()
	p.cancel()
	err := p.ln.Close()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	p.wg.Wait()
	return err
}

// takeLinks empties the link table; the caller holds mu.
func (p *Proxy) takeLinks() []*link {
	out := make([]*link, 0, len(p.links))
	for l := range p.links {
		out = append(out, l)
	}
	clear(p.links)
	return out
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if p.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of descriptors and the like: wait, as net/http does.
			select {
			case <-p.ctx.Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		ctx, cancel := context.WithCancel(p.ctx)
		l := &link{client: c, cancel: cancel}
		p.mu.Lock()
		refuse := p.mode == Refuse
		if !refuse {
			p.links[l] = struct{}{}
		}
		p.mu.Unlock()
		// Close may have taken the table before this link joined it.
		if refuse || p.ctx.Err() != nil {
			l.reset()
			l.closeConns()
			continue
		}
		p.wg.Add(2)
		go p.serve(ctx, l)
		// However the link ends, both of its sockets close, which ends
		// any Read or Write its halves are blocked in.
		go func() {
			defer p.wg.Done()
			<-ctx.Done()
			l.closeConns()
		}()
	}
}

// serve dials the target for one client and forwards both ways until
// either side ends or the link is reset.
func (p *Proxy) serve(ctx context.Context, l *link) {
	defer p.wg.Done()
	defer func() {
		p.mu.Lock()
		delete(p.links, l)
		p.mu.Unlock()
		l.cancel()
	}()
	// Under a full blackhole the target does not see the connection
	// either: the dial waits for the partition to heal.
	if !p.await(ctx, func(m Mode) bool { return m != Blackhole }) {
		return
	}
	dctx, cancel := context.WithTimeout(ctx, p.cfg.DialTimeout)
	t, err := (&net.Dialer{}).DialContext(dctx, "tcp", p.cfg.Target)
	cancel()
	if err != nil {
		// The target refused or is gone: so is the client's connection.
		l.reset()
		return
	}
	if !l.setTarget(t) {
		return
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pump(ctx, l, t, l.client, toTarget) }()
	go func() { defer wg.Done(); p.pump(ctx, l, l.client, t, toClient) }()
	wg.Wait()
}

// pump copies src to dst in direction d, holding each chunk while the
// mode does not pass d. At src's EOF it half-closes dst, so a client's
// close reaches the target (and back) as it would without the proxy.
func (p *Proxy) pump(ctx context.Context, l *link, dst, src net.Conn, d direction) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.await(ctx, func(m Mode) bool { return m.passes(d) }) {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				l.reset()
				return
			}
		}
		if err != nil {
			if tc, ok := dst.(*net.TCPConn); ok && errors.Is(err, io.EOF) {
				_ = tc.CloseWrite()
				return
			}
			l.reset()
			return
		}
	}
}

// await waits until ok(mode) holds; false if ctx ends first.
func (p *Proxy) await(ctx context.Context, ok func(Mode) bool) bool {
	for {
		p.mu.Lock()
		m, ch := p.mode, p.changed
		p.mu.Unlock()
		if ok(m) {
			return ctx.Err() == nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

// link is one client connection and its connection to the target.
type link struct {
	client net.Conn
	cancel context.CancelFunc

	mu     sync.Mutex
	target net.Conn
	closed bool
	rst    bool // ended by a fault, not by its two sides
}

// setTarget records the target's connection; false (and the connection
// closed) if the link was reset while dialling.
func (l *link) setTarget(t net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		resetConn(t)
		return false
	}
	l.target = t
	return true
}

// reset ends the link with a reset on both sockets.
func (l *link) reset() {
	l.mu.Lock()
	l.rst = true
	l.mu.Unlock()
	l.cancel()
}

// closeConns closes both sockets: with a reset if a fault ended the link,
// gracefully if both sides did (a reset would drop bytes still in the
// kernel's send buffer).
func (l *link) closeConns() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	end := func(c net.Conn) { _ = c.Close() }
	if l.rst {
		end = resetConn
	}
	end(l.client)
	if l.target != nil {
		end(l.target)
	}
}

// resetConn closes c with an RST rather than a FIN: the peer sees
// "connection reset", as when a process dies or a proxy refuses.
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}
