package bot

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// Golden transcripts: short stories told through the bot, written out as
// a chat reads (what each person sends and taps, what the bot answers and
// the messages it sends them) and kept in testdata/golden. A change of
// wording changes a file, which shows in review; go test ./bot -run
// TestGolden -update rewrites them.

// updateGolden rewrites the transcripts instead of comparing them.
var updateGolden = flag.Bool("update", false, "rewrite the golden transcripts in testdata/golden")

// TestGolden tells each story and compares it with its transcript.
func TestGolden(t *testing.T) {
	for _, s := range goldenStories() {
		t.Run(s.file, func(t *testing.T) {
			t.Parallel()
			g := newGolden(t, s.title, s.lang)
			s.tell(g)
			got := g.out.String()
			path := filepath.Join("testdata", "golden", s.file+".txt")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestGolden -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the story told now (go test ./bot -run TestGolden -update rewrites it):\n%s",
					path, goldenDiff(string(want), got))
			}
		})
	}
}

// goldenStory is one scripted conversation and the file it is kept in.
type goldenStory struct {
	file  string
	title string
	lang  string // the studio's and the coach's language ("": English)
	tell  func(g *golden)
}

// golden tells a story on a demo studio and writes its transcript.
type golden struct {
	*harness
	out    strings.Builder
	names  map[string]string // chat user id → name in the transcript
	last   map[string][]Reply
	told   map[int64]bool // notices already written out
	coach  user
	people map[string]user
}

// newGolden opens the demo studio, named in lang, with Ana, its coach,
// onboarded speaking lang.
func newGolden(t *testing.T, title, lang string) *golden {
	if lang == "" {
		lang = "en"
	}
	h := &harness{t: t, ctx: context.Background(), store: sqlitetest.Open(t), clock: storetest.NewClock(tuesday10)}
	h.svc = core.NewService(h.store, h.clock)
	h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t})})
	d, err := h.svc.Admin.SeedDemoNamed(h.ctx, 0, crawlDemoNames(lang))
	if err != nil {
		t.Fatal(err)
	}
	h.demo = d
	g := &golden{harness: h, names: map[string]string{}, last: map[string][]Reply{}, told: map[int64]bool{},
		people: map[string]user{}}
	g.coach = g.join("ana", "Ana", lang)
	h.acctMakeCoach(g.coach)
	g.names["ana"] = "Ana (coach)"
	g.out.WriteString(title + "\n" + strings.Repeat("=", len([]rune(title))) + "\n")
	return g
}

// join onboards someone in Paris, off the record: the story starts once
// they have met the bot.
func (g *golden) join(id, name, lang string) user {
	u := user{id, name, lang}
	g.send(u, "/start")
	for i, e := range zoneList {
		if e.zone == "Europe/Paris" {
			g.pressData(u, encode("tz", id36(int64(i))))
		}
	}
	g.names[id] = name
	g.people[id] = u
	g.settle()
	return u
}

// note writes a line of narration: what happens off the chat.
func (g *golden) note(text string) {
	g.out.WriteString("\n(" + text + ")\n")
}

// says sends a command or text as u and writes the exchange.
func (g *golden) says(u user, text string) []Reply {
	g.t.Helper()
	g.out.WriteString("\n" + g.names[u.id] + ": " + strings.ReplaceAll(text, "\n", "\n    ") + "\n")
	r := g.send(u, text)
	g.write(u, r)
	return r
}

// taps presses the button of u's last replies whose label holds label,
// and writes the exchange.
func (g *golden) taps(u user, label string) []Reply {
	g.t.Helper()
	for _, b := range slices.Backward(g.last[u.id]) {
		for _, rw := range b.Buttons {
			for _, x := range rw {
				if strings.Contains(x.Label, label) && x.Data != "" {
					g.out.WriteString("\n" + g.names[u.id] + " taps [" + x.Label + "]\n")
					r := g.pressData(u, x.Data)
					g.write(u, r)
					return r
				}
			}
		}
	}
	g.t.Fatalf("no button %q for %s in:\n%s", label, u.name, render(g.last[u.id]))
	return nil
}

// write writes the bot's replies to u, then the messages the bot sends
// anyone because of them.
func (g *golden) write(u user, r []Reply) {
	g.last[u.id] = r
	for _, rep := range r {
		g.reply(rep)
	}
	g.deliver()
}

// reply writes one message as the chat shows it.
func (g *golden) reply(r Reply) {
	if r.Toast != "" && r.Toast != r.Text {
		g.out.WriteString("    (pop-up: " + r.Toast + ")\n")
	}
	if r.Text != "" {
		g.out.WriteString("    " + strings.ReplaceAll(strings.TrimRight(r.Text, "\n"), "\n", "\n    ") + "\n")
	}
	if r.Document != nil {
		g.out.WriteString("    📎 " + r.Document.Name + "\n")
	}
	for _, rw := range r.Buttons {
		var labels []string
		for _, b := range rw {
			labels = append(labels, "["+b.Label+"]")
		}
		g.out.WriteString("    " + strings.Join(labels, " ") + "\n")
	}
}

// deliver writes the notices due now that were not written yet, as the
// scheduler sends them, and remembers the last one each person got so
// its buttons can be tapped.
func (g *golden) deliver() {
	now := g.clock.Now()
	for _, n := range g.notices(core.NoticeFilter{}) {
		if g.told[n.ID] || n.Due.After(now) {
			continue
		}
		g.told[n.ID] = true
		ds, err := g.bot.RenderNotice(g.ctx, n)
		if err != nil {
			continue // obsolete: what it spoke of is gone
		}
		for _, d := range ds {
			name := g.names[d.Account.UserID]
			if name == "" {
				name = d.Account.UserID
			}
			g.out.WriteString("\n🔔 " + name + " gets a message:\n")
			g.reply(d.Reply)
			g.last[d.Account.UserID] = []Reply{d.Reply}
		}
	}
}

// settle marks every notice so far as written, off the record.
func (g *golden) settle() {
	for _, n := range g.notices(core.NoticeFilter{}) {
		g.told[n.ID] = true
	}
}

// goldenDiff shows the first lines where want and got part.
func goldenDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			var out strings.Builder
			for j := max(0, i-3); j < min(max(len(w), len(g)), i+6); j++ {
				if j < len(w) && (j >= len(g) || w[j] != g[j]) {
					out.WriteString("- " + w[j] + "\n")
				}
				if j < len(g) && (j >= len(w) || w[j] != g[j]) {
					out.WriteString("+ " + g[j] + "\n")
				} else if j < len(g) {
					out.WriteString("  " + g[j] + "\n")
				}
			}
			return out.String()
		}
	}
	return ""
}
