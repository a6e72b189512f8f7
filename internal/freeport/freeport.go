// Package freeport reserves loopback addresses for servers that must be
// told their address before they start (Raft peers, etcd, child
// processes).
//
// Ports come from below Linux's default ephemeral range (32768–60999), at
// random. A port the kernel picked for ":0" is also one it may hand to the
// next outgoing connection of any process, so between the check and the
// server's own listen another test's HTTP client could take it ("address
// already in use"). Ports below the range are never picked for outgoing
// connections; only another caller of this package could collide, and
// the random pick over thousands of ports makes that rare.
package freeport

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
)

const (
	low  = 20000
	high = 32000 // exclusive; below the ephemeral range
)

// Loopback returns n distinct 127.0.0.1:port addresses that were free a
// moment ago.
func Loopback(n int) ([]string, error) {
	var (
		out  []string
		lns  []net.Listener
		seen = map[int]bool{}
	)
	defer func() {
		for _, l := range lns {
			_ = l.Close()
		}
	}()
	for tries := 0; len(out) < n; tries++ {
		if tries > 100*n+100 {
			return nil, fmt.Errorf("freeport: no free loopback port in [%d, %d) after %d tries", low, high, tries)
		}
		p := low + rand.IntN(high-low)
		if seen[p] {
			continue
		}
		seen[p] = true
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
		// Held open until all n are found, so one call never returns the
		// same port twice.
		l, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		lns = append(lns, l)
		out = append(out, addr)
	}
	return out, nil
}
