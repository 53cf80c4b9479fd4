package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite"
	"github.com/slotbot/slotbot/core"
)

// terminal drives the compiled binary through a pipe, one line at a
// time: after each line it sends an empty one, whose echoed prompt
// ("maria> ") marks the end of everything the line caused.
type terminal struct {
	t     *testing.T
	in    io.WriteCloser
	out   *bufio.Reader
	shown strings.Builder // the whole transcript, for failures
}

// say types line and returns what the program printed in answer.
func (s *terminal) say(line string) string {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n\n"); err != nil {
		s.t.Fatalf("type %q: %v\n%s", line, err, s.shown.String())
	}
	var got strings.Builder
	for {
		l, err := s.out.ReadString('\n')
		s.shown.WriteString(l)
		if err != nil {
			s.t.Fatalf("after %q: %v; transcript:\n%s", line, err, s.shown.String())
		}
		if strings.HasSuffix(l, "> \n") {
			return got.String()
		}
		got.WriteString(l)
	}
}

// expect fails unless printed holds every part.
func (s *terminal) expect(printed string, parts ...string) {
	s.t.Helper()
	for _, p := range parts {
		if !strings.Contains(printed, p) {
			s.t.Fatalf("want %q in:\n%s\ntranscript:\n%s", p, printed, s.shown.String())
		}
	}
}

// press types the number of the last button whose label holds label.
func (s *terminal) press(printed, label string) string {
	s.t.Helper()
	m := regexp.MustCompile(`(?m)^\[(\d+)\] .*`+regexp.QuoteMeta(label)).FindAllStringSubmatch(printed, -1)
	if len(m) == 0 {
		s.t.Fatalf("no button %q in:\n%s\ntranscript:\n%s", label, printed, s.shown.String())
	}
	return s.say(m[len(m)-1][1])
}

// built is this command compiled once for the package's tests, which
// run several processes of it; TestMain removes it.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// TestMain runs the tests, writes the fault tests' figures
// (figures_test.go), then removes the binary they shared.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := writeFigures(); err != nil {
		fmt.Fprintf(os.Stderr, "fault figures: %v\n", err)
		code = max(code, 1)
	}
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildBinary compiles this command (once per test run) and returns it;
// SLOTBOT_TEST_BIN names a binary built already instead, for a
// benchmark of two builds in the same run (A/B).
func buildBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("SLOTBOT_TEST_BIN"); bin != "" {
		return bin
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "slotbot-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "slotbot")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

func TestBinaryBooksAClassFromPipedInput(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "slotbot.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = dir
	cmd.Env = []string{"DATABASE_URL=sqlite:" + db, "HOME=" + dir, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &terminal{t: t, in: in, out: bufio.NewReader(out)}

	r := s.say("/start")
	s.expect(r, "terminal chat on SQLite "+db, "First run: created a demo studio", "maria> /start\n", "Hi Maria!", "Which time zone")
	r = s.press(r, "Paris")
	s.expect(r, "Time zone set to Europe/Paris")

	// A class, through the numbered buttons: no pass yet, so the place
	// is confirmed with its price due at the session (the demo's rule).
	r = s.say("/classes")
	s.expect(r, "Upcoming classes", "Yoga flow (group)")
	r = s.press(r, "Yoga flow (group)")
	s.expect(r, "8 of 8 spots left")
	r = s.press(r, "Book")
	s.expect(r, "You're booked! Yoga flow (group) with Ana Martin", "€15.00 is due at the session")
	// The outbox's notices follow, headed with who receives them.
	s.expect(r, "── to Maria ──\n", "── to coach ──\n")

	// A free consultation is confirmed at once.
	r = s.say("/book")
	r = s.press(r, "Free consultation")
	s.expect(r, "Pick a day")
	r = s.say("1") // the first day with open slots
	s.expect(r, "pick a time")
	r = s.say("1") // its first time
	s.expect(r, "Please check your booking", "Free consultation with Ana Martin")
	r = s.press(r, "Confirm")
	s.expect(r, "You're booked! Free consultation with Ana Martin")

	// The coach, played from the same terminal, marks the class paid:
	// Maria gets her receipt at once.
	r = s.say("/as coach")
	s.expect(r, "Now typing as coach.")
	r = s.say("/clients")
	r = s.press(r, "Maria")
	s.expect(r, "Yoga flow (group)", "💶 €15.00 due at the session")
	r = s.press(r, "Mark #")
	s.expect(r, "marked paid", "── to Maria ──\n", "🧾 Receipt: €15.00 received for Yoga flow (group)")

	r = s.say("/as Maria")
	s.expect(r, "Now typing as Maria.")
	r = s.say("/mybookings")
	s.expect(r, "Yoga flow (group) with Ana Martin", "Confirmed")

	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(s.out)
	s.shown.Write(rest)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("slotbot exited with %v\nstderr:\n%s\ntranscript:\n%s", err, stderr.String(), s.shown.String())
	}
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Fatalf("errors logged:\n%s", stderr.String())
	}
	t.Logf("transcript:\n%s", s.shown.String())

	// The booking is in the database the process left behind.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	statuses := map[string]core.BookingStatus{}
	if err := st.View(context.Background(), func(tx core.Tx) error {
		acc, err := tx.Account("console", "maria")
		if err != nil {
			return err
		}
		bookings, err := tx.Bookings(core.BookingFilter{ClientID: acc.ClientID})
		for _, b := range bookings {
			sess, err := tx.Session(b.SessionID)
			if err != nil {
				return err
			}
			typ, err := tx.SessionType(sess.TypeID)
			if err != nil {
				return err
			}
			statuses[typ.Name] = b.Status
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]core.BookingStatus{"Yoga flow (group)": core.BookingConfirmed, "Free consultation": core.BookingConfirmed}
	if len(statuses) != len(want) {
		t.Fatalf("Maria's bookings: %v, want %v", statuses, want)
	}
	for name, st := range want {
		if statuses[name] != st {
			t.Fatalf("Maria's bookings: %v, want %v", statuses, want)
		}
	}
}
