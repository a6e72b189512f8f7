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
// dropped byte is gone for good: a request lost on a connection is never
// answered on it, even after the mode goes back to pass.
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
		go p.copy(up, c, proxyBlackhole)
		go p.copy(c, up, proxyBlackhole, proxyDropReplies)
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
// drop; it closes both ends when either does.
func (p *apiProxy) copy(dst, src net.Conn, drop ...proxyMode) {
	defer func() { _ = dst.Close(); _ = src.Close() }()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !slices.Contains(drop, proxyMode(p.mode.Load())) {
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
