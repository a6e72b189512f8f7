package main

import (
	"os/exec"
	"syscall"
)

// setPdeathsig has the kernel SIGKILL a child replica if the test process
// dies first (a panic, a -timeout), so none outlives the test.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
