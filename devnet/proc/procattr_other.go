//go:build !linux

package proc

import "os/exec"

// setPdeathsig: only Linux can tie a child's life to its parent's; elsewhere
// the parent's own shutdown stops the children.
func setPdeathsig(*exec.Cmd) {}
