package proc

import (
	"os/exec"
	"syscall"
)

// setPdeathsig has the kernel SIGKILL a child replica if its parent (a
// devnet, a benchmark, a test) dies first, so none outlives it. The child
// also gets its own process group: a Ctrl-C in the terminal then reaches only
// the parent, which stops the replicas itself after its summary instead of
// losing them mid-check.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}
