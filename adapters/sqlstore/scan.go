package sqlstore

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The types below convert Go values to columns and back, so the queries
// can pass and scan domain fields directly: nullID(b.PassID) as an
// argument, (*nullID)(&b.PassID) as a scan target.

// nullID is a reference to another row: 0 in Go, NULL in the database.
type nullID int64

// Value writes 0 as NULL.
func (n nullID) Value() (driver.Value, error) {
	if n == 0 {
		return nil, nil
	}
	return int64(n), nil
}

// Scan reads NULL as 0.
func (n *nullID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n = 0
	case int64:
		*n = nullID(v)
	default:
		return fmt.Errorf("id: cannot scan %T", src)
	}
	return nil
}

// dbTime is a moment stored in UTC with microseconds (core.DBTime); the
// zero time is NULL.
type dbTime time.Time

// Value writes the zero time as NULL, any other time as UTC microseconds.
func (t dbTime) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return nil, nil
	}
	return core.DBTime(time.Time(t)), nil
}

// Scan reads NULL as the zero time and anything else as UTC.
func (t *dbTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = dbTime{}
	case time.Time:
		*t = dbTime(v.UTC())
	default:
		return fmt.Errorf("time: cannot scan %T", src)
	}
	return nil
}

// seconds is a duration stored as whole seconds.
type seconds time.Duration

// Value writes whole seconds.
func (s seconds) Value() (driver.Value, error) {
	return int64(time.Duration(s) / time.Second), nil
}

// Scan reads whole seconds.
func (s *seconds) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("seconds: cannot scan %T", src)
	}
	*s = seconds(time.Duration(v) * time.Second)
	return nil
}

// secondsList is a list of durations stored as a JSON list of seconds.
type secondsList []time.Duration

// Value writes a JSON list of whole seconds.
func (l secondsList) Value() (driver.Value, error) {
	out := make([]int64, len(l))
	for i, d := range l {
		out[i] = int64(d / time.Second)
	}
	return jsonList[int64](out).Value()
}

// Scan reads a JSON list of seconds; an empty list reads as nil.
func (l *secondsList) Scan(src any) error {
	var in jsonList[int64]
	if err := in.Scan(src); err != nil {
		return err
	}
	*l = nil
	for _, s := range in {
		*l = append(*l, time.Duration(s)*time.Second)
	}
	return nil
}

// jsonList is a list stored as JSON text; nil and empty are both "[]" and
// both read back as nil.
type jsonList[T any] []T

// Value writes JSON text.
func (l jsonList[T]) Value() (driver.Value, error) {
	if len(l) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal([]T(l))
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads JSON text.
func (l *jsonList[T]) Scan(src any) error {
	var v []T
	if err := scanJSON(src, &v); err != nil {
		return err
	}
	if len(v) == 0 {
		v = nil
	}
	*l = v
	return nil
}

// jsonMap is a string map stored as a JSON object; nil and empty are both
// "{}" and both read back as nil.
type jsonMap map[string]string

// Value writes JSON text.
func (m jsonMap) Value() (driver.Value, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]string(m))
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads JSON text.
func (m *jsonMap) Scan(src any) error {
	var v map[string]string
	if err := scanJSON(src, &v); err != nil {
		return err
	}
	if len(v) == 0 {
		v = nil
	}
	*m = v
	return nil
}

// scanJSON decodes a TEXT column (string or bytes, by driver) into v.
func scanJSON(src, v any) error {
	var b []byte
	switch s := src.(type) {
	case string:
		b = []byte(s)
	case []byte:
		b = s
	default:
		return fmt.Errorf("json: cannot scan %T", src)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}

// orZero scans into dest, leaving it zero when the column is NULL: the
// columns of an outer join with no row to join, whatever their types.
type orZero struct{ dest any }

// Scan assigns a non-NULL src as database/sql would for the scan
// destinations this package uses: its own Scanners, and pointers to
// strings, integers, booleans and times, named types included.
func (z orZero) Scan(src any) error {
	if src == nil {
		return nil
	}
	if s, ok := z.dest.(sql.Scanner); ok {
		return s.Scan(src)
	}
	v := reflect.ValueOf(z.dest)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("scan: cannot scan into %T", z.dest)
	}
	e := v.Elem()
	switch x := src.(type) {
	case []byte:
		if e.Kind() == reflect.String {
			e.SetString(string(x))
			return nil
		}
	case string:
		if e.Kind() == reflect.String {
			e.SetString(x)
			return nil
		}
	case int64:
		switch e.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			e.SetInt(x)
			return nil
		case reflect.Bool: // SQLite's booleans, as driver.Bool reads them
			if x == 0 || x == 1 {
				e.SetBool(x == 1)
				return nil
			}
		}
	case bool:
		if e.Kind() == reflect.Bool {
			e.SetBool(x)
			return nil
		}
	case time.Time:
		if t, ok := z.dest.(*time.Time); ok {
			*t = x
			return nil
		}
	}
	return fmt.Errorf("scan: cannot scan %T into %T", src, z.dest)
}
