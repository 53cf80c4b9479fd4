package bot

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// wireActions are the action names on the wire as main had them before
// they were named (the data of buttons already posted in chats), and the
// ones added since (pgp): renaming one would turn those buttons into
// "this button has expired".
const wireActions = `
ann bk bv cag cat cav cavd cave cavs cavw cbk cc cca ccal ccald ccaldy
ccalf ccaln ccalr ccd ccg ccl ccs cdc cdis cdl cdm cf cfa cfb cfc cfy
cgs chu cinv cls clsb clsd cmk co cpe cpk cpn cpo cpp cpr cpry cs csb
csbk cse csl csm csx cte ctn cty cx cxr cxy dg fcx fcy fdn hi ics lang
lk m oa op pay pf pfx pg pgc pgo pgp pkb ppw rep rs rsm tz tzb tzs wapp`

// newBareBot builds the bot on an empty store: registration only.
func newBareBot(t *testing.T) *Bot {
	t.Helper()
	return New(core.NewService(sqlitetest.Open(t), storetest.NewClock(tuesday10)), Options{})
}

func TestActionWireNamesUnchanged(t *testing.T) {
	b := newBareBot(t)
	var got []string
	for name := range b.actions {
		got = append(got, name)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(strings.Fields(wireActions)))
	if !slices.Equal(got, want) {
		t.Errorf("registered actions changed:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
}

// A second registration of a name fails at construction, naming both
// places, instead of silently replacing the first handler.
func TestDuplicateRegistrationPanics(t *testing.T) {
	for _, tc := range []struct {
		name     string
		register func(b *Bot)
		want     string
	}{
		{"action", func(b *Bot) { b.registerCancel() }, `bot: action "cx" registered twice: at booking_cancel.go:`},
		{"coach action", func(b *Bot) { b.action(actAgenda, b.asCoach(b.agendaButton)) }, `bot: action "cag" registered twice: at coach_agenda.go:`},
		{"command", func(b *Bot) { b.registerStats() }, `bot: command "stats" registered twice: at account_stats.go:`},
		{"deep link", func(b *Bot) { b.deepLink("book", b.bookDeepLink) }, `bot: deep link "book" registered twice: at booking.go:`},
		{"text flow", func(b *Bot) { b.typed(cancelFlow, b.cancelText) }, `bot: text flow "cancel" registered twice: at booking_cancel.go:`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBareBot(t)
			got := func() (msg string) {
				defer func() { msg = fmt.Sprint(recover()) }()
				tc.register(b)
				return ""
			}()
			if !strings.HasPrefix(got, tc.want) || !strings.Contains(got, " and at ") {
				t.Errorf("second registration: panic %q, want one starting %q", got, tc.want)
			}
		})
	}
}

// Every button names its action with a constant, and every act…
// constant is registered: a literal at a btn() would drift from its
// handler unseen.
func TestActionsAreNamedConstants(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{} // wire → constant
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if strings.HasPrefix(id.Name, "act") && i < len(n.Values) {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							wire, _ := strconv.Unquote(lit.Value)
							if other, dup := consts[wire]; dup {
								t.Errorf("%s and %s are both %q", other, id.Name, wire)
							}
							consts[wire] = id.Name
						}
					}
				}
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				arg := map[string]int{"btn": 1, "encode": 0, "action": 0}
				if i, ok := arg[fn]; ok && i < len(n.Args) {
					if lit, ok := n.Args[i].(*ast.BasicLit); ok {
						t.Errorf("%s: %s(…) names its action with the literal %s, not an act… constant", fset.Position(lit.Pos()), fn, lit.Value)
					}
				}
			}
			return true
		})
	}
	b := newBareBot(t)
	for wire, name := range consts {
		if _, ok := b.actions[wire]; !ok {
			t.Errorf("%s (%q) is declared but no handler is registered for it", name, wire)
		}
	}
	for wire := range b.actions {
		if _, ok := consts[wire]; !ok {
			t.Errorf("action %q is registered without an act… constant", wire)
		}
	}
	if want := len(strings.Fields(wireActions)); len(consts) != want {
		t.Errorf("%d act… constants, want one per action (%d)", len(consts), want)
	}
}

// A command the spec does not list cannot be registered: the platforms'
// menus are rendered from Commands(), so it would be missing from them.
func TestCommandOutsideTheSpecPanics(t *testing.T) {
	b := newBareBot(t)
	got := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		b.command("bookings", b.myBookings)
		return ""
	}()
	if want := `bot: command "bookings" is not in Commands() (commands.go)`; got != want {
		t.Errorf("unlisted command: panic %q, want %q", got, want)
	}
}
