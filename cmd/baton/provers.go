package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// proverSet runs prover workers as processes of this binary, each with its
// own log file, with the flags a production deployment uses.
type proverSet struct {
	exe   string
	args  []string // flags every prover gets
	dir   string
	procs []*proverProc
}

type proverProc struct {
	id   string
	cmd  *exec.Cmd
	done chan struct{}
}

func newProverSet(dir string, args []string) (*proverSet, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &proverSet{exe: exe, args: args, dir: dir}, nil
}

// start runs one more prover, named p<k>.
func (s *proverSet) start() error {
	id := fmt.Sprintf("p%d", len(s.procs))
	logf, err := os.OpenFile(filepath.Join(s.dir, id+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(s.exe, append([]string{"prover", "--id", id}, s.args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	setPdeathsig(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start prover %s: %w", id, err)
	}
	p := &proverProc{id: id, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	s.procs = append(s.procs, p)
	return nil
}

// stop asks every prover to stop (a job in progress is handed back) and
// kills those still running after 10 s.
func (s *proverSet) stop() error {
	for _, p := range s.procs {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	var errs []error
	for _, p := range s.procs {
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			errs = append(errs, fmt.Errorf("prover %s did not stop within 10 s", p.id))
		}
	}
	return errors.Join(errs...)
}
