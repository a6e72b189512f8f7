package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/baton-rollup/baton/watchdog"
)

// proverSet runs processes of this binary (provers, watchdogs, and the
// multi-process devnet's servers), each with its own log file, with the
// flags a production deployment uses.
type proverSet struct {
	exe string
	// sub is the subcommand ("prover", "watchdog", "l1 simulated"); ids
	// are prefix<k>, passed as --id. A set without a prefix runs servers
	// that have no --id: the id only names the log file.
	sub, prefix string
	args        []string // flags every process gets
	env         []string // added to every process's environment
	// metrics: each process serves /metrics on a loopback port of its own.
	metrics bool
	dir     string
	procs   []*proverProc
}

type proverProc struct {
	id          string
	metricsAddr string // "" unless the set serves metrics
	cmd         *exec.Cmd
	done        chan struct{}
	started     time.Time
}

// holds reports whether claim c was made by this very process (a
// restarted prover reuses its id, and its predecessor's claim lives on
// until the lease expires).
func (p *proverProc) holds(c watchdog.Claim) bool {
	return p.id == c.Prover && p.running() && c.StartMs >= p.started.UnixMilli()
}

func (p *proverProc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func newProverSet(dir string, args []string) (*proverSet, error) {
	return newProcSet(dir, "prover", "p", args)
}

func newProcSet(dir, sub, prefix string, args []string) (*proverSet, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &proverSet{exe: exe, sub: sub, prefix: prefix, args: args, dir: dir}, nil
}

// start runs one more process, named prefix<k>.
func (s *proverSet) start() error {
	_, err := s.spawn(fmt.Sprintf("%s%d", s.prefix, len(s.procs)))
	return err
}

// restart starts process i again under its id (after a kill).
func (s *proverSet) restart(i int) error {
	p, err := s.spawn(s.procs[i].id)
	if err != nil {
		return err
	}
	s.procs[i] = p
	s.procs = s.procs[:len(s.procs)-1]
	return nil
}

// kill sends SIGKILL: nothing is handed back or revoked.
func (s *proverSet) kill(i int) {
	_ = s.procs[i].cmd.Process.Kill()
	<-s.procs[i].done
}

// freeze and thaw stop and resume process i (SIGSTOP, SIGCONT): alive to
// the kernel, silent to everyone else.
func (s *proverSet) freeze(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGSTOP) }
func (s *proverSet) thaw(i int)   { _ = s.procs[i].cmd.Process.Signal(syscall.SIGCONT) }

func (s *proverSet) spawn(id string) (*proverProc, error) {
	logf, err := os.OpenFile(filepath.Join(s.dir, id+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	args := strings.Fields(s.sub)
	if s.prefix != "" {
		args = append(args, "--id", id)
	}
	args = append(args, s.args...)
	var maddr string
	if s.metrics {
		ports, err := freePorts(1)
		if err != nil {
			return nil, err
		}
		maddr = ports[0]
		args = append(args, "--metrics-addr", maddr)
	}
	cmd := exec.Command(s.exe, args...)
	if len(s.env) > 0 {
		cmd.Env = append(os.Environ(), s.env...)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	setPdeathsig(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s %s: %w", s.sub, id, err)
	}
	p := &proverProc{id: id, cmd: cmd, done: make(chan struct{}), started: time.Now(), metricsAddr: maddr}
	go func() { _ = cmd.Wait(); close(p.done) }()
	s.procs = append(s.procs, p)
	return p, nil
}

// stop asks every prover to stop (a job in progress is handed back) and
// kills those still running after 10 s.
func (s *proverSet) stop() error {
	for _, p := range s.procs {
		// A frozen process cannot act on SIGTERM.
		_ = p.cmd.Process.Signal(syscall.SIGCONT)
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	var errs []error
	for _, p := range s.procs {
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			errs = append(errs, fmt.Errorf("%s %s did not stop within 10 s", s.sub, p.id))
		}
	}
	return errors.Join(errs...)
}
