//go:build unix

package telegram

import (
	"net"
	"syscall"
)

// alive tells whether an idle connection may carry a request: the server
// has neither closed it nor sent anything unasked (which, on an idle
// HTTP/1.1 or TLS connection, is a goodbye). One non-blocking peek, no
// wait.
func alive(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	ok = false
	var b [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		ok = rerr == syscall.EAGAIN || rerr == syscall.EWOULDBLOCK
		return true
	})
	return err == nil && ok
}
