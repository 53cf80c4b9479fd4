package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
)

// list is n one-button rows, as the bot draws lists.
func list(n int) [][]bot.Button {
	var rows [][]bot.Button
	for i := 0; i < n; i++ {
		rows = append(rows, []bot.Button{{Label: fmt.Sprintf("Item %d", i), Data: fmt.Sprintf("1:x:%d", i)}})
	}
	return rows
}

// flat is rows as one row.
func flat(rows [][]bot.Button) []bot.Button {
	var out []bot.Button
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// shape describes action rows: "b3" a row of 3 buttons, "s8" a select
// menu of 8 options.
func shape(rows []discordgo.MessageComponent) string {
	var parts []string
	for _, r := range rows {
		row := r.(discordgo.ActionsRow)
		if m, ok := row.Components[0].(discordgo.SelectMenu); ok {
			parts = append(parts, fmt.Sprintf("s%d", len(m.Options)))
			continue
		}
		parts = append(parts, fmt.Sprintf("b%d", len(row.Components)))
	}
	return strings.Join(parts, " ")
}

func TestLayoutFitsDiscordsGrid(t *testing.T) {
	nav := []bot.Button{{Label: "‹ Back", Data: "1:b"}, {Label: "Later ›", Data: "1:l"}}
	for _, c := range []struct {
		name string
		rows [][]bot.Button
		ask  bool
		want string
	}{
		{"fits as drawn", append(list(4), nav), false, "b1 b1 b1 b1 b2"},
		{"a long row splits", [][]bot.Button{flat(list(7))}, false, "b5 b2"},
		{"a list becomes a menu", append(list(8), nav), false, "s8 b2"},
		{"a menu where the list starts", append([][]bot.Button{nav}, append(list(8), nav)...), false, "b2 s8 b2"},
		{"more than 25 entries: two menus", list(30), false, "s25 s5"},
		{"the Answer button takes a row", list(5), true, "s5 b1"},
		{"four rows and Answer", list(4), true, "b1 b1 b1 b1 b1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := shape(layout(c.rows, "en", c.ask)); got != c.want {
				t.Fatalf("layout = %s, want %s", got, c.want)
			}
		})
	}
	// Many rows of several buttons are packed five a row, then cut.
	var wide [][]bot.Button
	for i := 0; i < 12; i++ {
		wide = append(wide, []bot.Button{{Label: "a", Data: fmt.Sprintf("1:a:%d", i)}, {Label: "b", Data: fmt.Sprintf("1:b:%d", i)}})
	}
	if got := shape(layout(wide, "en", false)); got != "b5 b5 b5 b5 b4" {
		t.Fatalf("wide layout = %s", got)
	}
}

func TestButtonsKindsAndUniqueIDs(t *testing.T) {
	rows := [][]bot.Button{{
		{Label: "Menu", Data: "1:m:menu"}, {Label: "Menu again", Data: "1:m:menu"},
		{Label: "Pay", URL: "https://pay.example/1"}, {Label: "Book", URL: startURL + "book_7"},
		{Label: strings.Repeat("é", 100), Data: "1:z"},
	}}
	row := layout(rows, "fr", false)[0].(discordgo.ActionsRow)
	b := func(i int) discordgo.Button { return row.Components[i].(discordgo.Button) }
	if b(0).CustomID != "1:m:menu" || b(1).CustomID != "1:m:menu#2" || undup(b(1).CustomID) != "1:m:menu" {
		t.Fatalf("ids = %q, %q", b(0).CustomID, b(1).CustomID)
	}
	if b(2).Style != discordgo.LinkButton || b(2).URL != "https://pay.example/1" || b(2).CustomID != "" {
		t.Fatalf("URL button = %+v", b(2))
	}
	if b(3).CustomID != "dc:start:book_7" || b(3).URL != "" {
		t.Fatalf("Book button = %+v", b(3))
	}
	if n := len([]rune(b(4).Label)); n != maxButtonLabel || !strings.HasSuffix(b(4).Label, "…") {
		t.Fatalf("label of %d characters", n)
	}
	m := render(bot.Reply{Text: strings.Repeat("x", 3000), ExpectText: true}, "fr", true)
	if len(m.content) != maxContent+len("…")-1 {
		t.Fatalf("content of %d bytes", len(m.content))
	}
	if got := shape(m.components); got != "b1" || m.components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).Label != "✏️ Répondre" {
		t.Fatalf("answer row = %s", got)
	}
	if m := render(bot.Reply{}, "en", true); m.content != "✓" {
		t.Fatalf("empty reply rendered as %q", m.content)
	}
	if m := render(bot.Reply{Toast: "This button has expired."}, "en", true); m.content != "This button has expired." {
		t.Fatalf("toast rendered as %q", m.content)
	}
}
