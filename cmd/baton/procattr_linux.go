package main

import (
	"os/exec"
	"syscall"
)

// setPdeathsig has the kernel SIGKILL a child replica if its parent (a
// devnet, a benchmark, a test) dies first, so none outlives it.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
