//go:build !linux

package main

// dropStartPages is Linux's only (see trim_linux.go): elsewhere it does
// nothing.
func dropStartPages() (int64, error) { return 0, nil }
