// Package proc runs baton's subcommands as OS processes of the baton
// binary on loopback ports, with the flags a production deployment uses:
// sequencer replicas (ReplicaSet) and any other long-running subcommand
// (Set: provers, watchdogs, the multi-process devnet's servers). The
// devnet, the benchmarks and the process tests share it, so what they kill
// and restart is the real thing.
package proc

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/baton-rollup/baton/audit"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/freeport"
	"github.com/baton-rollup/baton/tlsconf"
	"github.com/baton-rollup/baton/wire"
)

// ReplicaConfig lays out a set of sequencer replicas.
type ReplicaConfig struct {
	// Exe is the baton binary; empty: this process's own executable (baton
	// itself, or a test binary that runs as baton in its children).
	Exe string
	// Dir holds the genesis file, and one data dir and one log file per
	// replica.
	Dir string
	// Replicas is how many; their ids are s0, s1, ...
	Replicas int
	// Genesis is written to Dir/genesis.json for every replica.
	Genesis fsm.Genesis
	// Token is the admin token every replica gets (BATON_TOKEN) and this
	// process's clients present.
	Token string
	// Subcommand the replicas run: "sequencer", or the benchmark's
	// raw-Raft baseline "bench raft-node", which takes the same flags.
	Subcommand string
	// Flags are added to every replica's command line.
	Flags []string
	// Env is added to every replica's environment.
	Env []string
	// APIAdvertise, if set, gives each replica's --api-advertise from its
	// id and API address: where the other replicas (which forward
	// through the member table) reach its API, a fault-injecting proxy
	// in chaos runs. This process's clients still dial the API address.
	APIAdvertise func(id, apiAddr string) (string, error)
}

// DefaultReplicaConfig is three sequencers; the caller names the dir and
// the genesis.
func DefaultReplicaConfig() ReplicaConfig {
	return ReplicaConfig{Replicas: 3, Subcommand: "sequencer"}
}

// Validate reports a layout that cannot start.
func (c ReplicaConfig) Validate() error {
	switch {
	case c.Dir == "":
		return errors.New("proc: replica Dir is required")
	case c.Replicas < 1:
		return errors.New("proc: at least 1 replica")
	case c.Subcommand == "":
		return errors.New("proc: replica Subcommand is required")
	}
	return c.Genesis.Validate()
}

// ReplicaSet runs sequencer replicas as OS processes.
type ReplicaSet struct {
	cfg                     ReplicaConfig
	exe, genesisPath, peers string
	procs                   []*replica
	// tlsFiles, if set, are each replica's TLS files by id (it then
	// serves Raft and its API over TLS), and tls is what this process's
	// clients of theirs present (SetTLS sets both).
	tlsFiles map[string]tlsconf.Files
	tls      *tls.Config
	// base is the client every client of the replicas derives from, so
	// they share one transport: progress lines poll several times a
	// second, and a transport per call would leave a connection (and,
	// with TLS, a handshake) behind each time.
	base *wire.Client
}

type replica struct {
	id, raftAddr, apiAddr, dir, logPath string
	advertise                           string // --api-advertise ("": none)

	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // its exit status, once done
}

// advertised is where the other replicas reach its API.
func (p *replica) advertised() string {
	if p.advertise != "" {
		return p.advertise
	}
	return p.apiAddr
}

func (p *replica) running() bool {
	if p.done == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// NewReplicaSet lays out the replicas under cfg.Dir (genesis file, one
// data dir and one log file each) on fresh loopback ports. It starts
// nothing.
func NewReplicaSet(cfg ReplicaConfig) (*ReplicaSet, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	exe, err := executable(cfg.Exe)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	s := &ReplicaSet{cfg: cfg, exe: exe, genesisPath: filepath.Join(cfg.Dir, "genesis.json"), base: wire.NewClient("", cfg.Token)}
	if err := WriteJSON(s.genesisPath, cfg.Genesis); err != nil {
		return nil, err
	}
	n := cfg.Replicas
	ports, err := freeport.Loopback(2 * n)
	if err != nil {
		return nil, err
	}
	var peers []string
	for i := range n {
		id := fmt.Sprintf("s%d", i)
		peers = append(peers, id+"="+ports[i])
		p := &replica{id: id, raftAddr: ports[i], apiAddr: ports[n+i],
			dir: filepath.Join(cfg.Dir, id), logPath: filepath.Join(cfg.Dir, id+".log")}
		if cfg.APIAdvertise != nil {
			if p.advertise, err = cfg.APIAdvertise(id, p.apiAddr); err != nil {
				return nil, fmt.Errorf("proc: %s's advertised API: %w", id, err)
			}
		}
		s.procs = append(s.procs, p)
	}
	s.peers = strings.Join(peers, ",")
	return s, nil
}

// StartAll starts every replica; on an error it stops those it started.
func (s *ReplicaSet) StartAll() error {
	for i := range s.procs {
		if err := s.Start(i); err != nil {
			s.Stop()
			return err
		}
	}
	return nil
}

// Start runs replica i on its data dir. --bootstrap is harmless on a
// restart: a replica with state on disk ignores it.
func (s *ReplicaSet) Start(i int) error {
	p := s.procs[i]
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := append(append(strings.Fields(s.cfg.Subcommand), "--id", p.id, "--raft-addr", p.raftAddr, "--api-addr", p.apiAddr,
		"--data-dir", p.dir, "--genesis", s.genesisPath, "--bootstrap", "--peers", s.peers), s.cfg.Flags...)
	if p.advertise != "" {
		args = append(args, "--api-advertise", p.advertise)
	}
	if f, ok := s.tlsFiles[p.id]; ok {
		args = append(args, TLSArgs("", f)...)
	}
	p.cmd = exec.Command(s.exe, args...)
	p.cmd.Env = append(append(os.Environ(), "BATON_TOKEN="+s.cfg.Token), s.cfg.Env...)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	setPdeathsig(p.cmd)
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", p.id, err)
	}
	p.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		p.err = cmd.Wait()
		close(done)
	}(p.cmd, p.done)
	return nil
}

// Kill sends SIGKILL (no shutdown code runs) and waits for the exit.
func (s *ReplicaSet) Kill(i int) error {
	p := s.procs[i]
	if !p.running() {
		return nil
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill %s: %w", p.id, err)
	}
	<-p.done
	return nil
}

// Freeze and Thaw stop and resume replica i (SIGSTOP, SIGCONT): alive to
// the kernel and its sockets, silent to its peers.
func (s *ReplicaSet) Freeze(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw resumes a frozen replica.
func (s *ReplicaSet) Thaw(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGCONT) }

// Stop sends SIGTERM to every running replica and waits, killing any that
// has not exited within 10 s; it returns the exit error of each replica it
// stopped.
func (s *ReplicaSet) Stop() map[string]error {
	out := map[string]error{}
	var running []*replica
	for _, p := range s.procs {
		if p.running() {
			running = append(running, p)
			_ = p.cmd.Process.Signal(syscall.SIGCONT) // a frozen one cannot act on SIGTERM
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, p := range running {
		select {
		case <-p.done:
			out[p.id] = p.err
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			out[p.id] = errors.New("did not stop within 10 s of SIGTERM")
		}
	}
	return out
}

// SetTLS makes the replicas serve TLS with files (by replica id), and
// this process's clients of theirs use tc. Before Start.
func (s *ReplicaSet) SetTLS(files map[string]tlsconf.Files, tc *tls.Config) {
	s.tlsFiles, s.tls, s.base = files, tc, wire.NewTLSClient("", s.cfg.Token, tc)
}

// TLS is what clients of the replicas present (nil: plain HTTP).
func (s *ReplicaSet) TLS() *tls.Config { return s.tls }

// Token is the replicas' admin token.
func (s *ReplicaSet) Token() string { return s.cfg.Token }

// GenesisPath is the genesis file the replicas read.
func (s *ReplicaSet) GenesisPath() string { return s.genesisPath }

// Client is a client of replica i with a 5 s timeout; callers may change
// the timeout, which is the client's own.
func (s *ReplicaSet) Client(i int) *wire.Client {
	c := s.base.At(s.procs[i].apiAddr)
	c.HTTP = &http.Client{Transport: s.base.HTTP.Transport, Timeout: 5 * time.Second}
	return c
}

// Len is how many replicas the set has.
func (s *ReplicaSet) Len() int { return len(s.procs) }

// Pid is replica i's process id (0 when it is not running).
func (s *ReplicaSet) Pid(i int) int {
	if p := s.procs[i]; p.running() {
		return p.cmd.Process.Pid
	}
	return 0
}

// ID is replica i's id.
func (s *ReplicaSet) ID(i int) string { return s.procs[i].id }

// APIs are the replicas' API addresses, in order.
func (s *ReplicaSet) APIs() []string {
	var out []string
	for _, p := range s.procs {
		out = append(out, p.apiAddr)
	}
	return out
}

// All is every replica's index.
func (s *ReplicaSet) All() []int { return s.Others(-1) }

// Others is every replica's index but i.
func (s *ReplicaSet) Others(i int) []int {
	var out []int
	for j := range s.procs {
		if j != i {
			out = append(out, j)
		}
	}
	return out
}

// Statuses asks every replica; nil where one does not answer.
func (s *ReplicaSet) Statuses(ctx context.Context) []*wire.Status {
	out := make([]*wire.Status, len(s.procs))
	for i := range s.procs {
		c := s.Client(i)
		c.HTTP.Timeout = time.Second
		if st, err := c.Status(ctx); err == nil {
			out[i] = &st
		}
	}
	return out
}

// Leader waits until a replica among those given says it leads and has
// registered its API address.
func (s *ReplicaSet) Leader(ctx context.Context, among []int, timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, i := range among {
			st, err := s.Client(i).Status(ctx)
			if err == nil && st.Role == "Leader" && st.LeaderAPI == s.procs[i].advertised() {
				return i, nil
			}
		}
		select {
		case <-ctx.Done():
			return -1, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return -1, fmt.Errorf("no leader among %v within %v (logs in %s)", among, timeout, s.cfg.Dir)
}

// WaitAPIs waits until every replica's API answers.
func (s *ReplicaSet) WaitAPIs(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		up := 0
		for _, st := range s.Statuses(ctx) {
			if st != nil {
				up++
			}
		}
		if up == len(s.procs) {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("only %d of %d replica APIs answer after %v", up, len(s.procs), timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Converge waits until the replicas given report the same height, state
// root and head hash, and returns the first one's status; on timeout the
// error lists what each reported.
func (s *ReplicaSet) Converge(ctx context.Context, among []int, timeout time.Duration) (wire.Status, error) {
	rs := s.auditReplicas(among)
	if _, err := audit.Converge(ctx, rs, timeout, 50*time.Millisecond); err != nil {
		return wire.Status{}, err
	}
	return rs[0].(*httpReplica).last, nil
}

// Audit waits for the replicas given to converge, then audits their logs
// against what the clients were told: the invariants every run must keep.
func (s *ReplicaSet) Audit(ctx context.Context, among []int, acked map[fsm.TxHash]audit.Ack) (audit.Report, error) {
	return audit.Check(ctx, audit.DefaultConfig(), s.auditReplicas(among), acked)
}

func (s *ReplicaSet) auditReplicas(among []int) []audit.Replica {
	var out []audit.Replica
	for _, i := range among {
		out = append(out, &httpReplica{id: s.procs[i].id, c: s.Client(i)})
	}
	return out
}

// httpReplica is what the audit reads of a replica process: its API.
type httpReplica struct {
	id   string
	c    *wire.Client
	last wire.Status // behind the last Head
}

func (r *httpReplica) ID() string { return r.id }

func (r *httpReplica) Head(ctx context.Context) (audit.Head, error) {
	st, err := r.c.Status(ctx)
	if err != nil {
		return audit.Head{}, err
	}
	r.last = st
	return audit.Head{Height: st.LastBatch, StateRoot: st.StateRoot, HeadHash: st.HeadHash}, nil
}

// Batch reads the replica's own log (a stale read): the audit compares
// each replica's log with the others', which a linearizable read would
// turn into the leader's, and it must not fail on a replica that lags.
func (r *httpReplica) Batch(ctx context.Context, n uint64) (fsm.BatchRecord, error) {
	rec, err := r.c.BatchWith(ctx, n, wire.ReadOptions{Consistency: wire.Stale})
	return rec.BatchRecord, err
}

// LogTail returns the last n lines of replica i's log.
func (s *ReplicaSet) LogTail(i, n int) string { return FileTail(s.procs[i].logPath, n) }

// FileTail is the last n lines of a log file.
func FileTail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TLSArgs are the command-line flags that give a child process files f:
// prefix "" for --tls-*, "nats-" for --nats-tls-*.
func TLSArgs(prefix string, f tlsconf.Files) []string {
	return []string{"--" + prefix + "tls-ca", f.CA, "--" + prefix + "tls-cert", f.Cert, "--" + prefix + "tls-key", f.Key}
}

// WriteJSON writes v indented, readable by its owner only.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// executable is exe, or this process's own.
func executable(exe string) (string, error) {
	if exe != "" {
		return exe, nil
	}
	return os.Executable()
}
