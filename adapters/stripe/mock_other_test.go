//go:build !linux

package stripe

import "os/exec"

// dieWithParent does nothing where the kernel cannot tie a child's life
// to its parent's; TestMain stops stripe-mock on a normal exit.
func dieWithParent(cmd *exec.Cmd) {}
