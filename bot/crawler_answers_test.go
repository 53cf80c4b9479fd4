package bot

import (
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// What the crawler types when a prompt asks for text: for each prompt,
// wrong answers first (each should be explained and asked again), then
// a good one. Prompts are named by their conversation flow and what it
// awaits (crawlPrompt); a prompt missing here fails the crawl, so a new
// prompt gets its answers when it is written.

// crawlAnswers are the answers by prompt: by the whole name
// ("coach/p.grant"), else by the form field alone ("f.price").
var crawlAnswers = map[string][]string{
	"zone":          {"Atlantis", "Paris"},
	"cancel":        {"Grippe"},
	"link":          {"000000"},
	"profile/name":  {strings.Repeat("Maria ", 20), "Maria Test"},
	"profile/email": {"maria at example", "maria@example.com"},
	"profile/phone": {"call me", "+33 6 12 34 56 78"},
	"progress":      {"lots", "-3", "1000000", "{example}"},
	"f.name":        {strings.Repeat("x", 81), "Pilates"},
	"f.duration":    {"forever", "75"},
	"f.price":       {"cheap", "-5", "45"},
	"f.fee":         {"cheap", "10"},
	"f.credits":     {"many", "101", "2"},
	"f.capacity":    {"0", "6"},
	"f.days":        {"0", "60"},
	"f.weeks":       {"0", "53", "4"},
	"f.place":       {"Studio B, 3 rue Haute"},
	"f.notes":       {"Tapis, eau."},
	"f.link":        {"ftp://example.com", "https://meet.example.com/b"},
	"f.links":       {"not-a-link", "https://example.com/plan.pdf https://example.com/video"},
	"f.start":       {"yesterday", "2026-02-31 25:00", "2026-06-17 09:00"},
	"f.deadline":    {"soon", "3h"},
	"f.reminders":   {"often", "24h 1h"},
	"f.before":      {"forever", "10 min"},
	"f.after":       {"forever", "10 min"},
	"f.notice":      {"forever", "12h"},
	"f.horizon":     {"forever", "30 days"},
	"f.step":        {"forever", "30 min"},
	"f.window":      {"forever", "24h"},
	"f.hold":        {"forever", "1h"},
	"p.weekly":      {"someday 09:00", "mon 09:00-12:00 14:00-18:00\ntue off"},
	"p.exception":   {"someday off", "2026-06-10 off"},
	"p.move":        {"yesterday", "2026-06-17 13:00"},
	"p.movecmd":     {"nothing", "999 2026-06-17 11:00", "{session} 2026-06-17 11:00"},
	"p.share":       {"ftp://example.com", "https://example.com/plan.pdf"},
	"p.bookin":      {"Nobody Atall", "{client}"},
	"p.reason":      {"Grippe"},
	"p.search":      {"Nobody Atall", "{client}"},
	"p.adjust":      {"some", "+1 bonus"},
	"p.grant":       {"lots", "5 90 cash"},
	"p.cancelday":   {"someday grippe", "2026-06-03 grippe", "2026-06-04 grippe"},
	"p.calurl":      {"not a link"},
	"p.calname":     {"Work"},
}

// crawlWrongOnly are the prompts whose good answer the crawl cannot
// type: a code another account shows, a calendar's private address.
var crawlWrongOnly = map[string]bool{"link": true, "coach//p.calurl": true}

// crawlStays are the prompts a good answer keeps open: a search lists
// whom it found and takes another name.
var crawlStays = map[string]bool{"coach//p.bookin": true, "coach//p.search": true}

// crawlPrompt names the prompt the persona's conversation awaits.
func (c *crawler) crawlPrompt() (name string, answers []string) {
	conv := c.conversation()
	switch conv.Flow {
	case coachFlow:
		await := conv.Data["await"]
		name = "coach/" + conv.Data["form"] + "/" + await
		if a, ok := crawlAnswers["coach/"+await]; ok {
			return name, a
		}
		return name, crawlAnswers[await]
	case profileFlow:
		name = "profile/" + conv.Data["field"]
	case progressFlow:
		name = "progress"
	case "":
		if c.u.id != "" && c.clientRow().Zone == "" {
			name = "zone"
		}
	default:
		name = conv.Flow
	}
	return name, crawlAnswers[name]
}

// clientRow reads the persona's client record.
func (c *crawler) clientRow() *core.Client { return c.h.acctClientRow(c.u) }

// answer types the answers of the prompt r ends with, wrong ones first,
// each checked like any reply, and queues the buttons of each reply; it
// returns the last replies and whether any screen was new.
func (c *crawler) answer(r []Reply, path []string, depth, nested int) ([]Reply, bool) {
	fresh := c.enqueue(r, path, depth)
	name, answers := c.crawlPrompt()
	if c.prompts[name] || nested > 4 {
		return r, fresh
	}
	c.prompts[name] = true
	fresh = true // a question not answered before
	if len(answers) == 0 {
		c.fail(path, "a prompt without answers in crawlAnswers: "+name, r)
		return r, fresh
	}
	for i, a := range answers {
		a = c.fill(a)
		p := append(path[:len(path):len(path)], "“"+a+"”")
		r = c.turn(Request{Text: a}, p, false)
		c.cov.texts++
		if len(r) == 0 || !r[len(r)-1].ExpectText {
			return r, c.enqueue(r, p, depth) || fresh
		}
		if again, _ := c.crawlPrompt(); again != name {
			r, more := c.answer(r, p, depth, nested+1)
			return r, more || fresh
		}
		fresh = c.enqueue(r, p, depth) || fresh
		if i == len(answers)-1 && !crawlWrongOnly[name] && !crawlStays[name] {
			c.fail(p, "the good answer to "+name+" is refused", r)
		}
	}
	return r, fresh
}

// fill puts the crawl's values into an answer: a client's name, a
// measurement's typical value.
func (c *crawler) fill(a string) string {
	a = strings.ReplaceAll(a, "{session}", strconv.FormatInt(c.h.demo.Classes[1].ID, 10))
	switch a {
	case "{client}":
		return c.world.name(0)
	case "{example}":
		k := core.MeasurementKind(c.conversation().Data["kind"])
		return formatDecimal(c.lang, progressExample(k))
	}
	return a
}
