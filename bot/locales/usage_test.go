package locales

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// textFuncs are the functions and methods that take a text key and its
// arguments: the bot's b.t(t, key, …), catalog.t(lang, key, …),
// nc.t(key, …) and word(lang, key, …), the adapters' Text(lang, key, …),
// the console's say(key, …) and the catalog's Render(lang, key, …).
var textFuncs = []string{"t", "word", "Text", "Render", "say"}

// keyShape is what a text key looks like: "area.name", dotted.
var keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// textCall is one call of a text function found in the sources.
type textCall struct {
	pos    string
	key    string // the literal key, or the literal prefix of a built one
	prefix bool
	names  []string // the argument names given, sorted
	bad    string   // why the arguments cannot be read, if they cannot
}

// textCalls finds every call of a text function in the Go sources under
// root (tests excluded), with a literal key or a literal key prefix.
func textCalls(t *testing.T, root string) []textCall {
	t.Helper()
	var out []textCall
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if !slices.Contains(textFuncs, name) {
				return true
			}
			for i := 0; i < len(call.Args) && i < 2; i++ {
				key, prefix, ok := literalKey(call.Args[i])
				if !ok {
					continue
				}
				c := textCall{pos: fset.Position(call.Pos()).String(), key: key, prefix: prefix}
				rest := call.Args[i+1:]
				if call.Ellipsis.IsValid() {
					c.bad = "arguments passed on with ...; name them here"
				} else if len(rest)%2 != 0 {
					c.bad = "an odd argument list"
				}
				for j := 0; j+1 < len(rest) && c.bad == ""; j += 2 {
					lit, ok := rest[j].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						c.bad = "an argument name that is not a literal string"
						break
					}
					s, _ := strconv.Unquote(lit.Value)
					c.names = append(c.names, s)
				}
				slices.Sort(c.names)
				out = append(out, c)
				break
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// literalKey reads a key literal ("zone.set") or the literal start of a
// key built at run time ("cs.status." + s).
func literalKey(e ast.Expr) (key string, prefix, ok bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false, false
		}
		s, err := strconv.Unquote(e.Value)
		return s, false, err == nil && keyShape.MatchString(s)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false, false
		}
		if s, _, ok := literalKey(e.X); ok || isLit(e.X) {
			if !ok {
				s, _ = strconv.Unquote(e.X.(*ast.BasicLit).Value)
			}
			return s, true, strings.Contains(s, ".")
		}
	}
	return "", false, false
}

// isLit tells a string literal.
func isLit(e ast.Expr) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Kind == token.STRING
}

// Every key the code names exists, and every call gives exactly the named
// arguments the text uses: a missing one would render blank, a misspelt
// one would never show.
func TestEveryKeyInTheCodeExistsWithItsArguments(t *testing.T) {
	c := Default()
	calls := textCalls(t, filepath.Join("..", ".."))
	if len(calls) < 500 {
		t.Fatalf("found only %d text calls: is the scan looking in the right place?", len(calls))
	}
	for _, call := range calls {
		if call.bad != "" {
			t.Errorf("%s: %q: %s", call.pos, call.key, call.bad)
			continue
		}
		if !call.prefix {
			if !c.Has(call.key) {
				t.Errorf("%s: no text %q", call.pos, call.key)
			} else if want := textArgs(t, c, Fallback, call.key); !slices.Equal(call.names, want) {
				t.Errorf("%s: %q is given %v, its text uses %v", call.pos, call.key, call.names, want)
			}
			continue
		}
		// A key built at run time ("cs.status." + s) names one of a
		// family; the bot's tests name each member it can reach. Here: the
		// family exists and some member takes no argument not given.
		reachable := false
		for _, k := range c.Keys(Fallback) {
			if strings.HasPrefix(k, call.key) && subset(textArgs(t, c, Fallback, k), call.names) {
				reachable = true
			}
		}
		if !reachable {
			t.Errorf("%s: no text starting with %q takes only %v", call.pos, call.key, call.names)
		}
	}
}

// subset tells whether every one of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// errorCall is one core.NewError call: its key, English and names.
type errorCall struct {
	pos, key, english string
	names             []string
}

// errorCalls finds every NewError call under root with a literal key.
func errorCalls(t *testing.T, root string) (calls []errorCall, errKeys map[string]string) {
	t.Helper()
	errKeys = map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, _ := strconv.Unquote(lit.Value); strings.HasPrefix(s, "err.") && keyShape.MatchString(s) {
					errKeys[s] = fset.Position(lit.Pos()).String()
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 3 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if name != "NewError" {
				return true
			}
			key, _, ok := literalKey(call.Args[1])
			if !ok {
				return true
			}
			c := errorCall{pos: fset.Position(call.Pos()).String(), key: key}
			if lit, ok := call.Args[2].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				c.english, _ = strconv.Unquote(lit.Value)
			}
			for j := 3; j+1 < len(call.Args); j += 2 {
				if lit, ok := call.Args[j].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					c.names = append(c.names, s)
				}
			}
			slices.Sort(c.names)
			calls = append(calls, c)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, errKeys
}

// Every error a person can be shown has a text in the catalog: each
// core.NewError names a key whose English text is the error's English
// message, with the same named arguments, and every "err.…" key the code
// names (tables of keys included) exists.
func TestEveryErrorKeyHasItsText(t *testing.T) {
	c := Default()
	calls, keys := errorCalls(t, filepath.Join("..", ".."))
	if len(calls) < 150 {
		t.Fatalf("found only %d NewError calls", len(calls))
	}
	placeholder := regexp.MustCompile(`\{\{\.(\w+)\}\}`)
	for _, call := range calls {
		if !c.Has(call.key) {
			t.Errorf("%s: no text %q", call.pos, call.key)
			continue
		}
		if want := textArgs(t, c, Fallback, call.key); !slices.Equal(call.names, want) {
			t.Errorf("%s: %q is given %v, its text uses %v", call.pos, call.key, call.names, want)
		}
		if call.english == "" || call.key == "error.internal" {
			continue // worded at run time, or an internal fault's detail for the log
		}
		if en := placeholder.ReplaceAllString(c.Forms(Fallback, call.key)["other"], "{$1}"); en != call.english {
			t.Errorf("%s: %q says %q in the code and %q in en.toml", call.pos, call.key, call.english, en)
		}
	}
	for key, pos := range keys {
		if !c.Has(key) {
			t.Errorf("%s: no text %q", pos, key)
		}
	}
}

// pageKey is a page text's key quoted in a page's template or script.
var pageKey = regexp.MustCompile(`["'](web\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']`)

// Every text a web page's template or script names (the Mini App's
// "web.…" keys in its .html and .js assets) is in the catalog: the page
// speaks from the same files as the chat.
func TestEveryKeyInThePagesExists(t *testing.T) {
	c := Default()
	found := 0
	err := filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && d.Name() != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".js")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range pageKey.FindAllStringSubmatch(string(src), -1) {
			found++
			if !c.Has(m[1]) {
				t.Errorf("%s: no text %q", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 30 {
		t.Fatalf("found only %d page texts: is the scan looking in the right place?", found)
	}
}
