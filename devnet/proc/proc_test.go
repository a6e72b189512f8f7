package proc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/tlsconf"
)

// fakeBaton is a stand-in for the baton binary: it logs its arguments and
// the environment the sets promise, then idles until SIGTERM.
func fakeBaton(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "baton")
	script := "#!/bin/sh\necho \"args: $*\"\necho \"env: FOO=$FOO BATON_TOKEN=$BATON_TOKEN\"\n" +
		"trap 'echo terminated; exit 0' TERM\nwhile :; do sleep 0.05; done\n"
	if err := os.WriteFile(exe, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return exe
}

// waitLog waits for a log file to contain want.
func waitLog(t *testing.T, path, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %q in %q", path, want, b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSet(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSet(SetConfig{Exe: fakeBaton(t), Dir: dir, Subcommand: "prover", Prefix: "p",
		Flags: []string{"--nats", "nats://x"}, Env: []string{"FOO=bar"}, Metrics: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	for range 2 {
		if err := s.Start(); err != nil {
			t.Fatal(err)
		}
	}
	if s.Len() != 2 || s.Proc(0).ID() != "p0" || s.Proc(1).ID() != "p1" || !strings.HasPrefix(s.Proc(1).MetricsAddr(), "127.0.0.1:") {
		t.Fatalf("processes %v %v", s.Proc(0), s.Proc(1))
	}
	log := filepath.Join(dir, "p1.log")
	waitLog(t, log, "args: prover --id p1 --nats nats://x --metrics-addr "+s.Proc(1).MetricsAddr())
	waitLog(t, log, "env: FOO=bar")

	first := s.Proc(0).Started()
	s.Kill(0)
	if s.Proc(0).Running() {
		t.Fatal("p0 runs after a kill")
	}
	if err := s.Restart(0); err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Proc(0).ID() != "p0" || !s.Proc(0).Running() || !s.Proc(0).Started().After(first) {
		t.Fatalf("restart: %d processes, p0 running %v", s.Len(), s.Proc(0).Running())
	}
	// A frozen process still stops: Stop thaws before it terminates.
	s.Freeze(1)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Procs() {
		if p.Running() {
			t.Fatalf("%s runs after Stop", p.ID())
		}
	}
	waitLog(t, log, "terminated")
	if tail := FileTail(log, 1); tail != "terminated" {
		t.Fatalf("last line %q", tail)
	}
	if _, err := NewSet(SetConfig{Dir: dir}); err == nil {
		t.Fatal("a set without a subcommand")
	}
}

func TestReplicaSet(t *testing.T) {
	cfg := DefaultReplicaConfig()
	cfg.Exe, cfg.Dir, cfg.Token = fakeBaton(t), t.TempDir(), "tok"
	cfg.Genesis = fsm.DevGenesis(fsm.DefaultConfig(), "proc", 4, 1, 0)
	cfg.Flags = []string{"--batch-interval", "20ms"}
	rs, err := NewReplicaSet(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Stop()
	if _, err := os.Stat(rs.GenesisPath()); err != nil {
		t.Fatal(err)
	}
	rs.SetTLS(map[string]tlsconf.Files{"s1": {CA: "ca.pem", Cert: "s1.pem", Key: "s1-key.pem"}}, nil)
	if err := rs.StartAll(); err != nil {
		t.Fatal(err)
	}
	apis := rs.APIs()
	if rs.Len() != 3 || len(apis) != 3 || rs.ID(2) != "s2" || len(rs.All()) != 3 || len(rs.Others(1)) != 2 || rs.Token() != "tok" {
		t.Fatalf("layout: %d replicas, apis %v", rs.Len(), apis)
	}
	log := filepath.Join(cfg.Dir, "s1.log")
	waitLog(t, log, "args: sequencer --id s1 --raft-addr ")
	waitLog(t, log, "--api-addr "+apis[1]+" --data-dir "+filepath.Join(cfg.Dir, "s1")+" --genesis "+rs.GenesisPath()+" --bootstrap --peers s0=")
	waitLog(t, log, "--batch-interval 20ms --tls-ca ca.pem --tls-cert s1.pem --tls-key s1-key.pem")
	waitLog(t, log, "BATON_TOKEN=tok")
	if !strings.Contains(rs.Client(0).Base, apis[0]) {
		t.Fatalf("client of s0 at %s", rs.Client(0).Base)
	}
	if err := rs.Kill(0); err != nil {
		t.Fatal(err)
	}
	exits := rs.Stop()
	if _, ok := exits["s0"]; ok || len(exits) != 2 || exits["s1"] != nil {
		t.Fatalf("exits %v: want s1 and s2 stopped cleanly, s0 already dead", exits)
	}
	if got := TLSArgs("nats-", tlsconf.Files{CA: "a", Cert: "b", Key: "c"}); strings.Join(got, " ") != "--nats-tls-ca a --nats-tls-cert b --nats-tls-key c" {
		t.Fatalf("TLSArgs: %v", got)
	}
}
