package discord

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// reportApp stands in for adapters/webapp (a sibling this package may
// not import): the bot asks it for the report's image, a real PNG, and
// the CSV exports, and it remembers what it gave.
type reportApp struct {
	pngs map[int][]byte // by weeks
}

func (w *reportApp) TelegramURL(string) string { return "" }
func (w *reportApp) Link(context.Context, int64, string, string) (string, time.Time, error) {
	return "https://book.example/app/#link=x", time.Time{}, nil
}
func (w *reportApp) ReportPNG(_ context.Context, _ int64, weeks int, _ string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64+weeks, 48))
	for x := range weeks {
		img.Set(x, x%48, color.RGBA{0x2e, 0x7d, 0x32, 0xff})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	w.pngs[weeks] = buf.Bytes()
	return buf.Bytes(), nil
}
func (w *reportApp) ExportCSV(_ context.Context, _ int64, kind string) ([]byte, error) {
	return []byte(kind + "_id,name\n1,\"Maria, the first\"\n"), nil
}

// TestReportIsAnAttachmentAndExportFiles: a coach's /report, a signed
// interaction posted to the endpoint on a local server, is answered at
// once (deferred) and then edited in with the PNG attached, as the fake
// Discord API records; /export attaches three CSV files.
func TestReportIsAnAttachmentAndExportFiles(t *testing.T) {
	t.Parallel()
	web := &reportApp{pngs: map[int][]byte{}}
	e := newEnvWith(t, bot.Options{WebApp: web})
	e.server = httptest.NewServer(e.a.Handler())
	t.Cleanup(e.server.Close)
	ana := e.dmUser("700", "Ana", "en")
	ana.onboard()
	coach := *e.demo.Coach
	coach.ClientID = ana.client().ID
	if err := e.store.Update(e.ctx, func(tx core.Tx) error { return tx.UpdateCoach(&coach) }); err != nil {
		t.Fatal(err)
	}

	from := len(e.fake.snapshot())
	r := ana.slash("report", "weeks", 52)
	if len(r) == 0 || r[0].kind != -1 || r[0].content != "📊 Your business over the last 52 weeks." {
		t.Fatalf("/report: want the deferred answer edited in:\n%s", show(r))
	}
	find(t, r, "4 weeks")
	find(t, r, "12 weeks")
	var attached []call
	for _, c := range e.fake.snapshot()[from:] {
		if len(c.Files) > 0 {
			attached = append(attached, c)
		}
	}
	if len(attached) != 1 {
		t.Fatalf("%d calls carried files", len(attached))
	}
	c := attached[0]
	if c.Method != http.MethodPatch || !strings.HasPrefix(c.Path, "/webhooks/app1/") || !strings.HasSuffix(c.Path, "/messages/@original") ||
		c.Files["report-52w.png"] != string(web.pngs[52]) || len(c.Files) != 1 {
		t.Fatalf("report sent as %s %s with files %v", c.Method, c.Path, keys(c.Files))
	}
	if img, err := png.Decode(strings.NewReader(c.Files["report-52w.png"])); err != nil || img.Bounds().Dx() != 64+52 {
		t.Fatalf("the attachment does not decode as the report: %v", err)
	}

	from = len(e.fake.snapshot())
	ana.slash("export")
	files := map[string]string{}
	for _, c := range e.fake.snapshot()[from:] {
		for name, body := range c.Files {
			files[name] = body
		}
	}
	for _, kind := range []string{"bookings", "payments", "clients"} {
		if got := files["slotbot-"+kind+".csv"]; got != kind+"_id,name\n1,\"Maria, the first\"\n" {
			t.Errorf("%s: attachment %q (files %v)", kind, got, keys(files))
		}
	}
}

// keys lists a map's keys, for failure messages.
func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
