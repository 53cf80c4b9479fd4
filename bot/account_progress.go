package bot

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Progress tracking, a client's body over time: once a coach turns it
// on, the client logs weight and body measurements by typing them
// ("weight 72.5", "waist 80") or through a button per kind, and sees their
// history. Coaches open a client's page from the client's card
// (📈 Progress) or with /progress <name>, and turn tracking on or off
// there.

// progressFlow names the logging flow; its data may hold the kind a
// bare number is for.
const progressFlow = "progress"

// progressShown bounds the history a page lists.
const progressShown = 10

// progressIdle is how long after the page was opened text that is not a
// measurement is still answered as a failed one rather than with the menu.
const progressIdle = 30 * time.Minute

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actProgress         = "pg"  // pg:<kind>
	actProgressClient   = "pgc" // pgc:<client>
	actProgressTracking = "pgo" // pgo:<client>:<1|0>
	actProgressPage     = "pgp" // the client's own page (NoticeProgressOn's button)
)

// registerProgress registers /progress and its buttons.
func (b *Bot) registerProgress() {
	b.command("progress", b.progress)
	b.action(actProgress, b.progressAsk)
	b.action(actProgressClient, b.progressClient)
	b.action(actProgressTracking, b.progressTracking)
	b.action(actProgressPage, func(ctx context.Context, t *turn) error { return b.progressPage(ctx, t, "") })
	b.typed(progressFlow, b.progressText)
}

// progress shows the client's page; "/progress weight 72.5" logs at
// once; a coach's "/progress Maria" finds their client.
func (b *Bot) progress(ctx context.Context, t *turn) error {
	arg := strings.TrimSpace(t.req.Args)
	if arg != "" {
		if kind, v, ok := parseMeasurement(arg, ""); ok {
			return b.progressLog(ctx, t, []progressEntry{{kind, v}})
		}
		if t.person.Coach != nil {
			return b.progressSearch(ctx, t, arg)
		}
		return b.progressPage(ctx, t, b.t(t, "my.progress.not_understood", "Text", arg))
	}
	return b.progressPage(ctx, t, "")
}

// progressEntry is one parsed measurement.
type progressEntry struct {
	kind  core.MeasurementKind
	value float64
}

// progressPage renders the client's own page and, when tracking is on,
// starts the flow so typed measurements are logged.
func (b *Bot) progressPage(ctx context.Context, t *turn, note string) error {
	p, err := b.svc.Coaching.Measurements(ctx, 0, t.client().ID, 0)
	if err != nil {
		return err
	}
	var lines []string
	if note != "" {
		lines = append(lines, note, "")
	}
	lines = append(lines, b.t(t, "my.progress.title"))
	if !p.Enabled() {
		lines = append(lines, b.t(t, "my.progress.off"))
		if len(p.Measurements) > 0 {
			lines = append(lines, "", b.progressHistory(t, p.Measurements))
		}
		if t.person.Coach != nil {
			lines = append(lines, "", b.t(t, "my.progress.coach_hint"))
		}
		t.replies = append(t.replies, b.mainMenu(t, strings.Join(lines, "\n")))
		return nil
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{}
	if err := b.advance(ctx, t, c, progressFlow); err != nil {
		return err
	}
	if len(p.Measurements) == 0 {
		lines = append(lines, b.t(t, "my.progress.empty"))
	} else {
		lines = append(lines, b.progressLatest(t, p.Measurements), "", b.progressHistory(t, p.Measurements))
	}
	lines = append(lines, "", b.t(t, "my.progress.how"))
	if t.person.Coach != nil {
		lines = append(lines, b.t(t, "my.progress.coach_hint"))
	}
	var rows [][]Button
	var r []Button
	for _, k := range core.MeasurementKinds() {
		r = append(r, btn(b.t(t, "my.kind."+string(k)), actProgress, string(k)))
		if len(r) == 3 {
			rows, r = append(rows, r), nil
		}
	}
	if len(r) > 0 {
		rows = append(rows, r)
	}
	t.say(strings.Join(lines, "\n"), rows...)
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// progressLatest lists each kind's latest value and its change since the
// oldest value shown.
func (b *Bot) progressLatest(t *turn, ms []*core.Measurement) string {
	lines := []string{b.t(t, "my.progress.latest")}
	for _, k := range core.MeasurementKinds() {
		var latest, first *core.Measurement
		for _, m := range ms { // newest first
			if m.Kind != k {
				continue
			}
			if latest == nil {
				latest = m
			}
			first = m
		}
		if latest == nil {
			continue
		}
		line := b.t(t, "my.progress.latest_line", "Measure", b.t(t, "my.kind."+string(k)), "Value", b.progressValue(t, latest))
		if first != latest {
			d := latest.Value - first.Value
			sign := "+"
			if d < 0 {
				sign, d = "−", -d
			}
			line += " " + b.t(t, "my.progress.change", "Change", sign+formatDecimal(t.lang, roundHundredth(d)), "Unit", unitText(t.lang, k.Unit()), "Since", formatDay(t.lang, first.At.In(t.loc)))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// roundHundredth drops floating-point noise from a difference.
func roundHundredth(v float64) float64 { return math.Round(v*100) / 100 }

// progressExample is a typical value of a kind, for prompts.
func progressExample(k core.MeasurementKind) float64 {
	switch k {
	case core.MeasureWeight:
		return 72.5
	case core.MeasureBodyFat:
		return 18
	case core.MeasureArm:
		return 31
	case core.MeasureThigh:
		return 55
	case core.MeasureWaist:
		return 80
	}
	return 95
}

// progressHistory lists the latest entries, newest first.
func (b *Bot) progressHistory(t *turn, ms []*core.Measurement) string {
	lines := []string{b.t(t, "my.progress.history")}
	for _, m := range ms[:min(len(ms), progressShown)] {
		lines = append(lines, fmt.Sprintf("• %s — %s %s", t.when(m.At), b.t(t, "my.kindname."+string(m.Kind)), b.progressValue(t, m)))
	}
	return strings.Join(lines, "\n")
}

// progressValue renders "72.5 kg" / "72,5 kg".
func (b *Bot) progressValue(t *turn, m *core.Measurement) string {
	return formatDecimal(t.lang, m.Value) + " " + unitText(t.lang, m.Kind.Unit())
}

// progressAsk asks for a value of one kind.
func (b *Bot) progressAsk(ctx context.Context, t *turn) error {
	k, err := t.cb.arg(0)
	if err != nil {
		return err
	}
	kind := core.MeasurementKind(k)
	if _, _, ok := kind.Range(); !ok {
		return ErrStaleButton
	}
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{"kind": k}
	if err := b.advance(ctx, t, c, progressFlow); err != nil {
		return err
	}
	t.say(b.t(t, "my.progress.ask", "Measure", b.t(t, "my.kindname."+k), "Unit", unitText(t.lang, kind.Unit()), "Example", formatDecimal(t.lang, progressExample(kind))),
		row(btn(b.t(t, "my.progress.back"), actMenu, "progress")))
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// progressText logs what the client typed: one measurement a line.
func (b *Bot) progressText(ctx context.Context, t *turn) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	def := core.MeasurementKind(c.Data["kind"])
	var entries []progressEntry
	for _, line := range strings.Split(t.req.Text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		kind, v, ok := parseMeasurement(line, def)
		if !ok && t.now.Sub(c.Updated) > progressIdle {
			// Long after the page was opened, stray text is not a measurement.
			if err := b.reset(ctx, t); err != nil {
				return err
			}
			t.replies = append(t.replies, b.mainMenu(t, b.t(t, "unknown.text")))
			return nil
		}
		if !ok {
			t.say(b.t(t, "my.progress.not_understood", "Text", strings.TrimSpace(line)), row(btn(b.t(t, "my.progress.back"), actMenu, "progress")))
			t.replies[len(t.replies)-1].ExpectText = true
			return nil
		}
		entries = append(entries, progressEntry{kind, v})
	}
	if len(entries) == 0 || len(entries) > len(core.MeasurementKinds()) {
		t.say(b.t(t, "my.progress.not_understood", "Text", strings.TrimSpace(t.req.Text)))
		return nil
	}
	return b.progressLog(ctx, t, entries)
}

// progressLog records entries, then shows the page; an implausible value
// is refused with the range expected and nothing is logged after it.
func (b *Bot) progressLog(ctx context.Context, t *turn, entries []progressEntry) error {
	var logged []string
	for _, e := range entries {
		m, err := b.svc.Coaching.LogMeasurement(ctx, t.client().ID, e.kind, e.value)
		switch core.ErrorCode(err) {
		case "":
			logged = append(logged, b.t(t, "my.kindname."+string(m.Kind))+" "+b.progressValue(t, m))
			continue
		case core.EINVALID:
			lo, hi, _ := e.kind.Range()
			note := b.t(t, "my.progress.range", "Measure", b.t(t, "my.kindname."+string(e.kind)), "Low", formatDecimal(t.lang, lo), "High", formatDecimal(t.lang, hi), "Unit", unitText(t.lang, e.kind.Unit()))
			if len(logged) > 0 {
				note = b.t(t, "my.progress.logged", "Values", strings.Join(logged, ", ")) + "\n" + note
			}
			return b.progressPage(ctx, t, note)
		case core.EUNAUTHORIZED:
			return b.progressPage(ctx, t, "")
		}
		return err
	}
	return b.progressPage(ctx, t, b.t(t, "my.progress.logged", "Values", strings.Join(logged, ", ")))
}

// progressSearch lists a coach's clients matching a name.
func (b *Bot) progressSearch(ctx context.Context, t *turn, query string) error {
	found, err := b.svc.Coaching.ProgressClients(ctx, t.person.Coach.ID, query, 10)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		t.say(b.t(t, "my.progress.no_client", "Query", query))
		return nil
	}
	if len(found) == 1 {
		return b.progressCoachView(ctx, t, found[0].ID, "")
	}
	var rows [][]Button
	for _, c := range found {
		rows = append(rows, row(btn(c.Name, actProgressClient, id36(c.ID))))
	}
	t.say(b.t(t, "my.progress.pick_client"), rows...)
	return nil
}

// progressClient opens a client's page for their coach.
func (b *Bot) progressClient(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		return ErrStaleButton
	}
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	return b.progressCoachView(ctx, t, id, "")
}

// progressTracking turns a client's tracking on or off for the coach.
func (b *Bot) progressTracking(ctx context.Context, t *turn) error {
	if t.person.Coach == nil {
		return ErrStaleButton
	}
	id, err := t.cb.argID(0)
	if err != nil {
		return err
	}
	on, err := t.cb.arg(1)
	if err != nil || (on != "1" && on != "0") {
		return ErrStaleButton
	}
	if err := b.svc.Coaching.EnableProgress(ctx, t.person.Coach.ID, id, on == "1"); err != nil {
		return err
	}
	note := b.t(t, "my.progress.turned_off")
	if on == "1" {
		note = b.t(t, "my.progress.turned_on")
	}
	return b.progressCoachView(ctx, t, id, note)
}

// progressCoachView is a client's progress as their coach sees it, with
// the switch.
func (b *Bot) progressCoachView(ctx context.Context, t *turn, clientID int64, note string) error {
	p, err := b.svc.Coaching.Measurements(ctx, t.person.Coach.ID, clientID, 0)
	if err != nil {
		return err
	}
	var lines []string
	if note != "" {
		lines = append(lines, note, "")
	}
	lines = append(lines, b.t(t, "my.progress.of", "Client", p.Client.Name))
	toggle := btn(b.t(t, "my.progress.turn_on"), actProgressTracking, id36(clientID), "1")
	if p.EnabledBy(t.person.Coach.ID) {
		lines = append(lines, b.t(t, "my.progress.is_on"))
		toggle = btn(b.t(t, "my.progress.turn_off"), actProgressTracking, id36(clientID), "0")
	} else {
		lines = append(lines, b.t(t, "my.progress.is_off"))
	}
	if len(p.Measurements) == 0 {
		lines = append(lines, b.t(t, "my.progress.none_yet"))
	} else {
		lines = append(lines, "", b.progressLatest(t, p.Measurements), "", b.progressHistory(t, p.Measurements))
	}
	t.say(strings.Join(lines, "\n"), row(toggle),
		row(btn(b.t(t, "my.progress.back_client"), actClientCard, id36(clientID)), b.backToMenu(t)))
	return nil
}
