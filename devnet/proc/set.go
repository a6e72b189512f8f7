package proc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/baton-rollup/baton/internal/freeport"
)

// SetConfig describes processes of one baton subcommand: provers,
// watchdogs, or one of the multi-process devnet's servers.
type SetConfig struct {
	// Exe is the baton binary; empty: this process's own executable.
	Exe string
	// Dir holds each process's log, <id>.log.
	Dir string
	// Subcommand is what each runs ("prover", "watchdog", "l1 simulated").
	Subcommand string
	// Prefix names the processes prefix<k>, passed as --id. A set
	// without one runs servers that have no --id: the id only names the
	// log file.
	Prefix string
	// Flags every process gets.
	Flags []string
	// Env is added to every process's environment.
	Env []string
	// Metrics: each process serves /metrics on a loopback port of its own.
	Metrics bool
}

// Validate reports a set that cannot start.
func (c SetConfig) Validate() error {
	if c.Dir == "" || c.Subcommand == "" {
		return errors.New("proc: a set needs Dir and Subcommand")
	}
	return nil
}

// Set runs processes of one subcommand, each with its own log file.
type Set struct {
	cfg   SetConfig
	exe   string
	procs []*Process
}

// Process is one process of a Set.
type Process struct {
	id          string
	metricsAddr string // "" unless the set serves metrics
	cmd         *exec.Cmd
	done        chan struct{}
	started     time.Time
}

// ID is the process's id (its --id, or its log's name).
func (p *Process) ID() string { return p.id }

// MetricsAddr is where it serves /metrics ("" unless the set does).
func (p *Process) MetricsAddr() string { return p.metricsAddr }

// Started is when it was started: a restarted prover reuses its id, and a
// claim made before this is its predecessor's.
func (p *Process) Started() time.Time { return p.started }

// Running reports whether it has not exited yet.
func (p *Process) Running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Done is closed once the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// NewSet prepares a set; it starts nothing.
func NewSet(cfg SetConfig) (*Set, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	exe, err := executable(cfg.Exe)
	if err != nil {
		return nil, err
	}
	return &Set{cfg: cfg, exe: exe}, nil
}

// Subcommand is what the set's processes run.
func (s *Set) Subcommand() string { return s.cfg.Subcommand }

// Len is how many processes the set has started (dead ones included).
func (s *Set) Len() int { return len(s.procs) }

// Proc is process i.
func (s *Set) Proc(i int) *Process { return s.procs[i] }

// Procs are the set's processes, in order.
func (s *Set) Procs() []*Process { return s.procs }

// Start runs one more process, named prefix<k>.
func (s *Set) Start() error {
	_, err := s.Spawn(fmt.Sprintf("%s%d", s.cfg.Prefix, len(s.procs)))
	return err
}

// Restart starts process i again under its id (after a kill).
func (s *Set) Restart(i int) error {
	p, err := s.Spawn(s.procs[i].id)
	if err != nil {
		return err
	}
	s.procs[i] = p
	s.procs = s.procs[:len(s.procs)-1]
	return nil
}

// Kill sends SIGKILL: nothing is handed back or revoked.
func (s *Set) Kill(i int) {
	_ = s.procs[i].cmd.Process.Kill()
	<-s.procs[i].done
}

// Freeze stops process i (SIGSTOP): alive to the kernel, silent to
// everyone else.
func (s *Set) Freeze(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw resumes a frozen process.
func (s *Set) Thaw(i int) { _ = s.procs[i].cmd.Process.Signal(syscall.SIGCONT) }

// Spawn starts a process with the given id and adds it to the set.
func (s *Set) Spawn(id string) (*Process, error) {
	logf, err := os.OpenFile(filepath.Join(s.cfg.Dir, id+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	args := strings.Fields(s.cfg.Subcommand)
	if s.cfg.Prefix != "" {
		args = append(args, "--id", id)
	}
	args = append(args, s.cfg.Flags...)
	var maddr string
	if s.cfg.Metrics {
		ports, err := freeport.Loopback(1)
		if err != nil {
			return nil, err
		}
		maddr = ports[0]
		args = append(args, "--metrics-addr", maddr)
	}
	cmd := exec.Command(s.exe, args...)
	if len(s.cfg.Env) > 0 {
		cmd.Env = append(os.Environ(), s.cfg.Env...)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	setPdeathsig(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s %s: %w", s.cfg.Subcommand, id, err)
	}
	p := &Process{id: id, cmd: cmd, done: make(chan struct{}), started: time.Now(), metricsAddr: maddr}
	go func() { _ = cmd.Wait(); close(p.done) }()
	s.procs = append(s.procs, p)
	return p, nil
}

// Stop asks every process to stop (a prover hands its job back) and
// kills those still running after 10 s.
func (s *Set) Stop() error {
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
			errs = append(errs, fmt.Errorf("%s %s did not stop within 10 s", s.cfg.Subcommand, p.id))
		}
	}
	return errors.Join(errs...)
}
