package cluster

import (
	"context"
	"fmt"
	"net"
	"slices"
	"testing"
	"time"
)

// TestAdvertisedAddresses: replicas that listen on one address and are
// reached at another (here 127.0.0.1 and the name localhost) advertise
// the name for Raft and the API. Raft runs on the names the
// configuration gives, members show them, and a follower forwards to the
// leader at its advertised API address.
func TestAdvertisedAddresses(t *testing.T) {
	ports := freeAddrs(t, 6)
	name := func(a string) string {
		_, port, err := net.SplitHostPort(a)
		if err != nil {
			t.Fatal(err)
		}
		return "localhost:" + port
	}
	c := newTestClusterWith(t, 3, testGenesis(32), func(cfg *Config) {
		var i int
		if _, err := fmt.Sscanf(cfg.ID, "s%d", &i); err != nil {
			t.Fatal(err)
		}
		cfg.RaftAddr, cfg.APIAddr = ports[i], ports[3+i]
		cfg.RaftAdvertise, cfg.APIAdvertise = name(ports[i]), name(ports[3+i])
		for k := range cfg.Peers {
			cfg.Peers[k].RaftAddr = name(ports[k])
		}
	})
	li, _ := c.leader(10 * time.Second)
	fi := (li + 1) % 3
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if res, err := c.submit(ctx, fi, c.transfer(1, 2, 10, 0)); err != nil || res.Status != "sequenced" {
		t.Fatalf("submit through follower: %+v %v", res, err)
	}
	waitFor := time.Now().Add(10 * time.Second)
	for {
		m, err := c.client(li).Members(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ok := len(m.Members) == 3
		for _, mem := range m.Members {
			var i int
			fmt.Sscanf(mem.ID, "s%d", &i)
			ok = ok && mem.RaftAddr == name(ports[i]) && mem.APIAddr == name(ports[3+i])
		}
		if ok {
			break
		}
		if time.Now().After(waitFor) {
			t.Fatalf("members %+v: want the advertised names", m.Members)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := c.node(li).RaftAddr(); got != name(ports[li]) {
		t.Errorf("leader's Raft address %s, want %s", got, name(ports[li]))
	}
	c.checkInvariants()

	// Addresses the other replicas could not dial are refused.
	for name, tune := range map[string]func(*Config){
		"advertised without a port":          func(c *Config) { c.APIAdvertise = "localhost" },
		"advertised 0.0.0.0":                 func(c *Config) { c.RaftAdvertise = "0.0.0.0:7000" },
		"listening on 0.0.0.0, no advertise": func(c *Config) { c.APIAddr, c.APIAdvertise = "0.0.0.0:8000", "" },
		"raft on [::], no advertise":         func(c *Config) { c.RaftAddr, c.RaftAdvertise = "[::]:7000", "" },
		"bootstrap peers name another":       func(c *Config) { c.RaftAdvertise = "127.0.0.1:1" },
	} {
		cfg := c.cfgs[0]
		cfg.Peers = slices.Clone(cfg.Peers)
		tune(&cfg)
		if err := cfg.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
