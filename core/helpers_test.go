package core_test

import (
	"errors"
	"fmt"
)

type errString string

func (e errString) Error() string { return string(e) }

func errorsJoin(err error) error { return fmt.Errorf("booking: %w", errors.Join(err)) }
