package netproxy

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// quiet is how long a test listens to show that nothing arrives.
const quiet = 200 * time.Millisecond

// target is a TCP server whose accepted connections the test holds, so it
// can see what arrives and send on its own.
type target struct {
	ln    net.Listener
	conns chan net.Conn
}

func newTarget(t *testing.T) *target {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{ln: ln, conns: make(chan net.Conn, 16)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			tg.conns <- c
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		close(tg.conns)
		for c := range tg.conns {
			_ = c.Close()
		}
	})
	return tg
}

// accept is the target's side of the next connection.
func (tg *target) accept(t *testing.T) net.Conn {
	t.Helper()
	select {
	case c := <-tg.conns:
		t.Cleanup(func() { _ = c.Close() })
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the target saw no connection")
		return nil
	}
}

// noConn shows the target sees no new connection for a while.
func (tg *target) noConn(t *testing.T) {
	t.Helper()
	select {
	case c := <-tg.conns:
		_ = c.Close()
		t.Fatal("the target saw a connection through a blackhole")
	case <-time.After(quiet):
	}
}

// noLeaks fails the test if goroutines started during it are still
// running a while after its cleanups (registered first, so it runs last).
func noLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() { settles(t, before, 3*time.Second) })
}

// settles fails the test unless the goroutine count drops to before
// within wait. A goroutine that has called wg.Done has not always
// returned yet, so the count is polled, as goleak does.
func settles(t *testing.T, before int, wait time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(wait); runtime.NumGoroutine() > before; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines before, %d %v after Close:\n%s", before, runtime.NumGoroutine(), wait, buf[:runtime.Stack(buf, true)])
			return
		}
	}
}

func start(t *testing.T, ctx context.Context, tg *target) *Proxy {
	t.Helper()
	p, err := Start(ctx, Config{Listen: "127.0.0.1:0", Target: tg.ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	return p
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", p.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func send(t *testing.T, c net.Conn, s string) {
	t.Helper()
	if _, err := c.Write([]byte(s)); err != nil {
		t.Fatalf("write %q: %v", s, err)
	}
}

// recv reads exactly len(want) bytes and wants them.
func recv(t *testing.T, c net.Conn, want string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, len(want))
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != want {
		t.Fatalf("read %q, %v; want %q", buf, err, want)
	}
}

// silent shows nothing arrives on c for a while and that c is still open.
func silent(t *testing.T, c net.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(quiet))
	n, err := c.Read(make([]byte, 1))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read %d bytes, %v: want nothing and the connection open", n, err)
	}
}

// refused shows a dial through p is reset: at once, or at the first read
// if the kernel completed the handshake before the proxy's reset.
func refused(t *testing.T, p *Proxy) {
	t.Helper()
	c, err := net.DialTimeout("tcp", p.Addr(), 5*time.Second)
	if err != nil {
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("dial: %v, want a reset", err)
		}
		return
	}
	defer c.Close()
	reset(t, c)
}

// reset shows reading c ends in a reset (or an EOF, the reset having come
// before anything was read).
func reset(t *testing.T, c net.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := c.Read(make([]byte, 1))
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Fatalf("read: %v, want a reset", err)
	}
}

func TestProxyPassBlackholeRefuse(t *testing.T) {
	noLeaks(t)
	tg := newTarget(t)
	p := start(t, context.Background(), tg)

	c := dial(t, p)
	s := tg.accept(t)
	send(t, c, "ping")
	recv(t, s, "ping")
	send(t, s, "pong")
	recv(t, c, "pong")

	p.SetMode(Blackhole)
	send(t, c, "lost?")
	send(t, s, "lost too?")
	silent(t, s)
	silent(t, c)
	// A dial during the partition connects to the proxy, as a SYN would
	// wait, but never reaches the target.
	c2 := dial(t, p)
	tg.noConn(t)
	if n := p.Conns(); n != 2 {
		t.Fatalf("%d connections open through the blackhole, want 2 (kept, not dropped)", n)
	}

	// Healed: what TCP would have retransmitted arrives, on the same
	// connections, and the waiting dial goes through.
	p.SetMode(Pass)
	recv(t, s, "lost?")
	recv(t, c, "lost too?")
	s2 := tg.accept(t)
	send(t, c2, "late")
	recv(t, s2, "late")

	p.SetMode(Refuse)
	reset(t, c)
	reset(t, c2)
	refused(t, p)
	tg.noConn(t)
	if n := p.Conns(); n != 0 {
		t.Fatalf("%d connections open while refusing", n)
	}
}

func TestProxyHealResumesNewConns(t *testing.T) {
	noLeaks(t)
	tg := newTarget(t)
	p := start(t, context.Background(), tg)

	p.SetMode(Refuse)
	refused(t, p)
	p.SetMode(Pass)
	c := dial(t, p)
	s := tg.accept(t)
	send(t, c, "after heal")
	recv(t, s, "after heal")

	// Restart drops every connection and keeps listening, in the same
	// mode: the client dials again and gets through.
	p.Restart()
	reset(t, c)
	c = dial(t, p)
	s = tg.accept(t)
	send(t, c, "after restart")
	recv(t, s, "after restart")
	if p.Mode() != Pass {
		t.Fatalf("mode %v after Restart, want pass", p.Mode())
	}

	// A target that is gone is a reset to the client, and one that
	// comes back is reachable again through the same proxy.
	addr := tg.ln.Addr().String()
	_ = tg.ln.Close()
	refused(t, p)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("target port taken meanwhile: %v", err)
	}
	defer ln.Close()
	c = dial(t, p)
	s, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	send(t, c, "back")
	recv(t, s, "back")
}

func TestProxyOneWayPartition(t *testing.T) {
	noLeaks(t)
	tg := newTarget(t)
	p := start(t, context.Background(), tg)
	c := dial(t, p)
	s := tg.accept(t)

	p.SetMode(BlackholeToTarget)
	send(t, c, "request")
	silent(t, s)
	send(t, s, "push")
	recv(t, c, "push")

	p.SetMode(BlackholeToClient)
	recv(t, s, "request") // held bytes flow once their direction passes
	send(t, s, "answer")
	silent(t, c)
	send(t, c, "more")
	recv(t, s, "more")

	p.SetMode(Pass)
	recv(t, c, "answer")
}

// TestProxyEndsWithContext: the context Start was given bounds the proxy
// as Close does, connections included.
func TestProxyEndsWithContext(t *testing.T) {
	noLeaks(t)
	tg := newTarget(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := start(t, ctx, tg)
	p.SetMode(BlackholeToClient) // a half held in await
	c := dial(t, p)
	s := tg.accept(t)
	send(t, s, "held")
	time.Sleep(50 * time.Millisecond)
	cancel()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read after the context ended: %v, want the connection closed", err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", p.Addr(), time.Second)
		if err != nil {
			break
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the proxy still accepts 5 s after its context ended")
		}
	}
}

// TestProxyCloseEndsEverything: Close alone ends the proxy's goroutines,
// while its clients and the target still hold their ends open.
func TestProxyCloseEndsEverything(t *testing.T) {
	tg := newTarget(t)
	before := runtime.NumGoroutine()
	p, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", Target: tg.ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, p)
	s := tg.accept(t)
	p.SetMode(BlackholeToClient)
	send(t, s, "held")
	send(t, c, "through")
	recv(t, s, "through")
	p.SetMode(Blackhole)
	dial(t, p) // waits to dial the target
	for deadline := time.Now().Add(5 * time.Second); p.Conns() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second connection never reached the proxy")
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	settles(t, before, time.Second)
	reset(t, c)
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []Config{{}, {Listen: "127.0.0.1:0"}, {Listen: "127.0.0.1:0", Target: "nope"},
		{Listen: "127.0.0.1:0", Target: "127.0.0.1:1", DialTimeout: -1}} {
		if _, err := Start(context.Background(), c); err == nil {
			t.Errorf("%+v: started", c)
		}
	}
}
