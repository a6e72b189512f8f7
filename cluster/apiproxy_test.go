package cluster

import (
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// proxyMode is what an apiProxy does with the bytes it carries.
type proxyMode int32

const (
	proxyPass proxyMode = iota
	// proxyBlackhole drops every byte both ways and keeps the connections
	// open, old and new: what the other side sees of a process frozen
	// with SIGSTOP, or of a partition that drops packets.
	proxyBlackhole
	// proxyDropReplies carries requests and drops the answers: the
	// request takes effect, the caller never hears of it.
	proxyDropReplies
)

// apiProxy stands in front of a replica's API as the address it
// advertises, which is the address the other replicas forward to. A
// connection that lost bytes carries nothing more, either way, even after
// the mode goes back to pass, while connections opened then, or idle
// meanwhile, work again: after a long partition TCP's retransmissions
// have backed off for many seconds, and a TLS stream with a gap would be
// refused anyway.
type apiProxy struct {
	ln     net.Listener
	target string
	mode   atomic.Int32

	mu    sync.Mutex
	conns map[net.Conn]bool
}

func newAPIProxy(t *testing.T, target string) *apiProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &apiProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *apiProxy) addr() string { return p.ln.Addr().String() }

func (p *apiProxy) set(m proxyMode) { p.mode.Store(int32(m)) }

func (p *apiProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		if !p.track(c, up) {
			return
		}
		lost := new(atomic.Bool)
		go p.copy(up, c, lost, proxyBlackhole)
		go p.copy(c, up, lost, proxyBlackhole, proxyDropReplies)
	}
}

func (p *apiProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		for _, c := range cs {
			_ = c.Close()
		}
		return false
	}
	for _, c := range cs {
		p.conns[c] = true
	}
	return true
}

// copy moves bytes from src to dst, dropping them while the mode is one of
// drop and for good once the connection lost any (lost, shared by both
// directions); it closes both ends when either does.
func (p *apiProxy) copy(dst, src net.Conn, lost *atomic.Bool, drop ...proxyMode) {
	defer func() { _ = dst.Close(); _ = src.Close() }()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && slices.Contains(drop, proxyMode(p.mode.Load())) {
			lost.Store(true)
		}
		if n > 0 && !lost.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *apiProxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}
