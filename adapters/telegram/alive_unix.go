//go:build unix

package telegram

import (
	"net"
	"syscall"
)

// peeker looks at an idle connection without reading from it: its raw
// connection and the function its Read is given are made once, with the
// connection, so that a look allocates nothing.
type peeker struct {
	rc   syscall.RawConn
	look func(fd uintptr) bool
	ok   bool
	b    [1]byte
}

// newPeeker is the peeker of nc; nil when nc has no file descriptor.
func newPeeker(nc net.Conn) *peeker {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	p := &peeker{rc: rc}
	p.look = func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), p.b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		p.ok = err == syscall.EAGAIN || err == syscall.EWOULDBLOCK
		return true
	}
	return p
}

// alive tells whether an idle connection may carry a request: the server
// has neither closed it nor sent anything unasked (which, on an idle
// HTTP/1.1 or TLS connection, is a goodbye). One non-blocking peek, no
// wait.
func (p *peeker) alive() bool {
	if p == nil {
		return true
	}
	p.ok = false
	return p.rc.Read(p.look) == nil && p.ok
}
