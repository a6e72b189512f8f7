package chaos

import (
	"context"
	"sync"

	"github.com/baton-rollup/baton/chaos/netproxy"
)

// proxies are the fault-injecting proxies in front of what the devnet's
// processes reach each other through: NATS, etcd, the L1 endpoint and
// every replica's advertised API, by the name the devnet gives them
// ("nats", "etcd", "l1", a replica's id).
type proxies struct {
	mu sync.Mutex
	m  map[string]*netproxy.Proxy
}

func newProxies() *proxies { return &proxies{m: map[string]*netproxy.Proxy{}} }

// hook is the devnet's Proxy: a proxy to addr, whose address the
// processes are given instead.
func (p *proxies) hook(name, addr string) (string, error) {
	px, err := netproxy.Start(context.Background(), netproxy.Config{Listen: "127.0.0.1:0", Target: addr})
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	if old := p.m[name]; old != nil {
		old.Close()
	}
	p.m[name] = px
	p.mu.Unlock()
	return px.Addr(), nil
}

func (p *proxies) set(name string, m netproxy.Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if px := p.m[name]; px != nil {
		px.SetMode(m)
	}
}

func (p *proxies) has(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[name] != nil
}

func (p *proxies) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, px := range p.m {
		px.Close()
	}
}
