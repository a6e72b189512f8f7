package main

import (
	"context"
	"crypto/tls"
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
	"github.com/baton-rollup/baton/cluster"
	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/freeport"
	"github.com/baton-rollup/baton/tlsconf"
)

// replicaSet runs sequencer replicas as OS processes of this very binary on
// loopback ports, with the flags a production deployment uses. devnet, the
// benchmark and the process tests share it, so what they kill and restart is
// the real thing.
type replicaSet struct {
	exe, token, genesisPath, peers string
	// subcommand the replicas run: "sequencer" unless set (the benchmark's
	// raw-Raft baseline runs "bench raft-node" with the same flags).
	subcommand string
	// extra flags for every replica; env entries added to every child.
	extra, env []string
	procs      []*replicaProc
	// tlsFiles, if set, are each replica's TLS files by id (it then
	// serves Raft and its API over TLS), and tls is what this process's
	// clients of theirs present (setTLS sets both).
	tlsFiles map[string]tlsconf.Files
	tls      *tls.Config
	// base is the client every client of the replicas derives from, so
	// they share one transport: progress lines poll several times a
	// second, and a transport per call would leave a connection (and,
	// with TLS, a handshake) behind each time.
	base *cluster.Client
}

type replicaProc struct {
	id, raftAddr, apiAddr, dir, logPath string

	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // its exit status, once done
}

func (p *replicaProc) running() bool {
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

// newReplicaSet lays out n replicas under dir (genesis file, one data dir
// and one log file each) on fresh loopback ports. It starts nothing.
func newReplicaSet(dir string, n int, g fsm.Genesis, token string, extra, env []string) (*replicaSet, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &replicaSet{exe: exe, token: token, genesisPath: filepath.Join(dir, "genesis.json"), extra: extra, env: env,
		base: cluster.NewClient("", token)}
	if err := writeJSON(s.genesisPath, g); err != nil {
		return nil, err
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	var peers []string
	for i := range n {
		id := fmt.Sprintf("s%d", i)
		peers = append(peers, id+"="+ports[i])
		s.procs = append(s.procs, &replicaProc{id: id, raftAddr: ports[i], apiAddr: ports[n+i],
			dir: filepath.Join(dir, id), logPath: filepath.Join(dir, id+".log")})
	}
	s.peers = strings.Join(peers, ",")
	return s, nil
}

// startAll starts every replica.
func (s *replicaSet) startAll() error {
	for i := range s.procs {
		if err := s.start(i); err != nil {
			s.stop()
			return err
		}
	}
	return nil
}

// start runs replica i on its data dir. --bootstrap is harmless on a
// restart: a replica with state on disk ignores it.
func (s *replicaSet) start(i int) error {
	p := s.procs[i]
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	sub := []string{"sequencer"}
	if s.subcommand != "" {
		sub = strings.Fields(s.subcommand)
	}
	args := append(append(sub, "--id", p.id, "--raft-addr", p.raftAddr, "--api-addr", p.apiAddr,
		"--data-dir", p.dir, "--genesis", s.genesisPath, "--bootstrap", "--peers", s.peers), s.extra...)
	if f, ok := s.tlsFiles[p.id]; ok {
		args = append(args, tlsArgs("", f)...)
	}
	p.cmd = exec.Command(s.exe, args...)
	p.cmd.Env = append(append(os.Environ(), "BATON_TOKEN="+s.token), s.env...)
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

// kill sends SIGKILL (no shutdown code runs) and waits for the exit.
func (s *replicaSet) kill(i int) error {
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

// freeze and thaw stop and resume replica i (SIGSTOP, SIGCONT): alive to
// the kernel and its sockets, silent to its peers.
func (s *replicaSet) freeze(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGSTOP) }
func (s *replicaSet) thaw(i int)   { _ = s.procs[i].cmd.Process.Signal(syscall.SIGCONT) }

// stop sends SIGTERM to every running replica and waits, killing any that
// has not exited within 10 s; it returns each replica's exit error.
func (s *replicaSet) stop() map[string]error {
	out := map[string]error{}
	for _, p := range s.procs {
		if p.running() {
			_ = p.cmd.Process.Signal(syscall.SIGCONT) // a frozen one cannot act on SIGTERM
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, p := range s.procs {
		if !p.running() {
			continue
		}
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

// setTLS makes the replicas serve TLS with files (by replica id), and
// this process's clients of theirs use tc. Before start.
func (s *replicaSet) setTLS(files map[string]tlsconf.Files, tc *tls.Config) {
	s.tlsFiles, s.tls, s.base = files, tc, cluster.NewTLSClient("", s.token, tc)
}

// client is a client of replica i with a 5 s timeout; callers may change
// the timeout, which is the client's own.
func (s *replicaSet) client(i int) *cluster.Client {
	c := s.base.At(s.procs[i].apiAddr)
	c.HTTP = &http.Client{Transport: s.base.HTTP.Transport, Timeout: 5 * time.Second}
	return c
}

func (s *replicaSet) apis() []string {
	var out []string
	for _, p := range s.procs {
		out = append(out, p.apiAddr)
	}
	return out
}

func (s *replicaSet) all() []int {
	out := make([]int, len(s.procs))
	for i := range out {
		out[i] = i
	}
	return out
}

// statuses asks every replica; nil where one does not answer.
func (s *replicaSet) statuses(ctx context.Context) []*cluster.Status {
	out := make([]*cluster.Status, len(s.procs))
	for i := range s.procs {
		c := s.client(i)
		c.HTTP.Timeout = time.Second
		if st, err := c.Status(ctx); err == nil {
			out[i] = &st
		}
	}
	return out
}

// leader waits until a replica among those given says it leads and has
// registered its API address.
func (s *replicaSet) leader(ctx context.Context, among []int, timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, i := range among {
			st, err := s.client(i).Status(ctx)
			if err == nil && st.Role == "Leader" && st.LeaderAPI == s.procs[i].apiAddr {
				return i, nil
			}
		}
		select {
		case <-ctx.Done():
			return -1, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return -1, fmt.Errorf("no leader among %v within %v (logs in %s)", among, timeout, filepath.Dir(s.genesisPath))
}

// converge waits until the replicas given report the same height, state
// root and head hash, and returns the first one's status; on timeout the
// error lists what each reported.
func (s *replicaSet) converge(ctx context.Context, among []int, timeout time.Duration) (cluster.Status, error) {
	rs := s.auditReplicas(among)
	if _, err := audit.Converge(ctx, rs, timeout, 50*time.Millisecond); err != nil {
		return cluster.Status{}, err
	}
	return rs[0].(*httpReplica).last, nil
}

// logTail returns the last n lines of replica i's log.
func (s *replicaSet) logTail(i, n int) string { return fileTail(s.procs[i].logPath, n) }

// fileTail is the last n lines of a log file.
func fileTail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// freePorts reserves n loopback addresses for the processes it starts.
func freePorts(n int) ([]string, error) { return freeport.Loopback(n) }

// audit waits for the replicas given to converge, then audits their logs
// against what the clients were told: the invariants every run must keep.
func (s *replicaSet) audit(ctx context.Context, among []int, acked map[fsm.TxHash]audit.Ack) (audit.Report, error) {
	return audit.Check(ctx, audit.DefaultConfig(), s.auditReplicas(among), acked)
}

func (s *replicaSet) auditReplicas(among []int) []audit.Replica {
	var out []audit.Replica
	for _, i := range among {
		out = append(out, &httpReplica{id: s.procs[i].id, c: s.client(i)})
	}
	return out
}

// httpReplica is what the audit reads of a replica process: its API.
type httpReplica struct {
	id   string
	c    *cluster.Client
	last cluster.Status // behind the last Head
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

func (r *httpReplica) Batch(ctx context.Context, n uint64) (fsm.BatchRecord, error) {
	return r.c.Batch(ctx, n)
}
