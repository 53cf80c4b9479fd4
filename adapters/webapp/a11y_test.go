package webapp

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/slotbot/slotbot/core"
)

// The page on the narrowest phone it is made for, with a keyboard and a
// screen reader's view of it: nothing wider than the screen, every
// control named, Tab going through the page in reading order, and a day,
// a time and Confirm picked with the keyboard alone.

// overflow lists the visible elements that reach past the viewport's
// right edge, and the page's scroll width beside the viewport's.
const overflow = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll('body *')) {
		if (el.closest('[hidden], .sr, .skip')) continue;
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > w + 0.5) out.push((el.id || el.className || el.tagName) + ' ' + Math.round(r.right) + 'px');
	}
	if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth + 'px wide in ' + w);
	return out;
})()`

// fits fails when anything of the page is wider than 360 px.
func fits(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if w := js[int](t, ctx, `document.documentElement.clientWidth`); w != 360 {
		t.Fatalf("%s: the viewport is %d px wide, not 360", what, w)
	}
	if out := js[[]string](t, ctx, overflow); len(out) > 0 {
		t.Errorf("%s overflows at 360 px: %v", what, out)
	}
}

// unnamed lists the controls a screen reader would announce without a
// name, from Chromium's accessibility tree.
func unnamed(t *testing.T, ctx context.Context) (controls int, out []string) {
	t.Helper()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatal(err)
	}
	str := func(v *accessibility.Value) string {
		if v == nil {
			return ""
		}
		var s string
		_ = json.Unmarshal(v.Value, &s)
		return s
	}
	for _, n := range tree.Nodes {
		role := str(n.Role)
		switch role {
		case "button", "combobox", "radio", "tab", "link", "textbox", "checkbox", "menuitem", "option":
		default:
			continue
		}
		if n.Ignored {
			continue
		}
		controls++
		if strings.TrimSpace(str(n.Name)) == "" {
			out = append(out, role+" #"+string(n.NodeID))
		}
	}
	return controls, out
}

// press sends keys to the focused element.
func press(t *testing.T, ctx context.Context, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
	}
}

// focused describes the focused element: its id, else its date or start,
// else its tag.
const focused = `(() => { const a = document.activeElement; return a.id || (a.dataset && (a.dataset.date || a.dataset.start)) || (a.className === 'skip' ? 'skip' : a.tagName); })()`

// TestBrowserAt360WithKeyboardAndScreenReader: at 360 px wide nothing
// overflows (calendar, summary, my bookings, the coach's report, light
// and dark); every control has a name; Tab goes skip link, tab, coach,
// type, month, the days as one stop; arrows move between days; Enter
// picks the day, whose first open time takes focus; Enter asks for the
// summary, whose Confirm takes focus and keeps it inside (Tab, Escape);
// Enter books.
func TestBrowserAt360WithKeyboardAndScreenReader(t *testing.T) {
	ctx := browserSized(t, 360, 740)
	bg := context.Background()
	st := newStudio(t)
	initData := initDataFor(testBotToken, 1001, "Dan", "en", st.clock.Now().Add(-time.Minute))
	query := "lang=en&type=" + strconv.FormatInt(st.demo.Consultation.ID, 10)
	if err := chromedp.Do(ctx, chromedp.Navigate(openURL(st.srv.URL, "/app/", query, initData, ""))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "the month", `document.querySelectorAll('#grid button.open').length > 0 && document.querySelectorAll('#slots button').length > 0`)
	fits(t, ctx, "the calendar")
	if n, out := unnamed(t, ctx); n < 30 || len(out) > 0 {
		t.Errorf("calendar: %d controls, unnamed: %v", n, out)
	}
	for _, id := range []string{"coach", "type"} {
		if label := js[string](t, ctx, `document.getElementById('`+id+`').labels[0].textContent.trim()`); !strings.HasPrefix(label, map[string]string{"coach": "Coach", "type": "Session type"}[id]) {
			t.Errorf("#%s is labelled %q", id, label)
		}
	}
	shot(t, ctx, "calendar-360.png")

	// Tab from the top: reading order, the days one stop.
	js[any](t, ctx, `document.activeElement.blur()`)
	var order []string
	for range 7 {
		press(t, ctx, kb.Tab)
		order = append(order, js[string](t, ctx, focused))
	}
	selected := js[string](t, ctx, `document.querySelector('#grid button[aria-pressed=true]').dataset.date`)
	if want := []string{"skip", "tab-calendar", "coach", "type", "prev", "next", selected}; strings.Join(order, " ") != strings.Join(want, " ") {
		t.Fatalf("Tab order %v, want %v", order, want)
	}
	if n := js[int](t, ctx, `Array.from(document.querySelectorAll('#grid button')).filter(b => !b.disabled && b.tabIndex === 0).length`); n != 1 {
		t.Fatalf("%d days are Tab stops, want 1", n)
	}
	// Arrows to Tuesday 2 June, Enter: its times, the first open one focused.
	tue := "2026-06-02"
	for i := 0; i < 7 && js[string](t, ctx, focused) != tue; i++ {
		if js[string](t, ctx, focused) < tue {
			press(t, ctx, kb.ArrowRight)
		} else {
			press(t, ctx, kb.ArrowLeft)
		}
	}
	if got := js[string](t, ctx, focused); got != tue {
		t.Fatalf("arrows reached %q, not %s", got, tue)
	}
	press(t, ctx, kb.Enter)
	first := st.tuesday[1].UTC().Format(time.RFC3339) // Tom has the first
	wait(t, ctx, "Tuesday's first open time focused", `document.activeElement.dataset.start === '`+first+`'`)
	if label := js[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); !strings.HasSuffix(label, ", open") {
		t.Fatalf("the time is read as %q", label)
	}
	fits(t, ctx, "Tuesday's times")
	// Enter: the summary, focus on Confirm and kept in the sheet.
	press(t, ctx, kb.Enter)
	wait(t, ctx, "the summary", `!document.getElementById('sheet').hidden && document.activeElement.id === 'sheet-ok'`)
	time.Sleep(300 * time.Millisecond) // the sheet slides in
	fits(t, ctx, "the summary")
	shot(t, ctx, "summary-360.png")
	press(t, ctx, kb.Tab)
	if got := js[string](t, ctx, focused); got != "sheet-no" {
		t.Fatalf("Tab in the summary went to %q", got)
	}
	press(t, ctx, kb.Tab)
	if got := js[string](t, ctx, focused); got != "sheet-ok" {
		t.Fatalf("Tab left the summary for %q", got)
	}
	press(t, ctx, kb.Escape)
	wait(t, ctx, "the summary closed, focus back on the time", `document.getElementById('sheet').hidden && document.activeElement.dataset.start === '`+first+`'`)
	press(t, ctx, kb.Enter)
	wait(t, ctx, "the summary again", `!document.getElementById('sheet').hidden && document.activeElement.id === 'sheet-ok'`)
	press(t, ctx, kb.Enter)
	wait(t, ctx, "the booking", `document.getElementById('status').className.includes('ok')`)
	var bookings []*core.Booking
	if err := st.store.View(bg, func(tx core.Tx) (err error) {
		bookings, err = tx.Bookings(core.BookingFilter{ClientID: st.dan.Client.ID})
		return err
	}); err != nil || len(bookings) != 1 || bookings[0].Status != core.BookingConfirmed {
		t.Fatalf("booked with the keyboard: %+v %v", bookings, err)
	}

	// My bookings, dark, and the coach's report at 360 px.
	if err := chromedp.Do(ctx, chromedp.Navigate(openURL(st.srv.URL, "/app/", "lang=en&n=2", initData, darkTheme))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "the dark calendar", `document.documentElement.dataset.theme === 'dark' && document.querySelectorAll('#grid button').length > 0`)
	js[any](t, ctx, `document.getElementById('tab-bookings').click()`)
	wait(t, ctx, "my bookings", `document.querySelectorAll('#upcoming li[data-booking]').length === 1`)
	fits(t, ctx, "my bookings")
	if n, out := unnamed(t, ctx); n == 0 || len(out) > 0 {
		t.Errorf("my bookings: %d controls, unnamed: %v", n, out)
	}
	shot(t, ctx, "bookings-360-dark.png")
	anaData := initDataFor(testBotToken, 2001, "Ana", "en", st.clock.Now().Add(-time.Minute))
	for i, theme := range []string{"", darkTheme} {
		if err := chromedp.Do(ctx, chromedp.Navigate(openURL(st.srv.URL, "/app/report", "lang=en&n="+strconv.Itoa(3+i), anaData, theme))); err != nil {
			t.Fatal(err)
		}
		wait(t, ctx, "the charts", `Array.from(document.querySelectorAll('#charts figure img')).filter(i => i.complete && i.naturalWidth > 0).length === 5`)
		fits(t, ctx, "the report")
		if n, out := unnamed(t, ctx); n == 0 || len(out) > 0 {
			t.Errorf("report: %d controls, unnamed: %v", n, out)
		}
		if alts := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#charts img')).map(i => i.alt)`); len(alts) != 5 || alts[0] == "" {
			t.Errorf("chart images described as %v", alts)
		}
		shot(t, ctx, []string{"report-360.png", "report-360-dark.png"}[i])
	}
}
