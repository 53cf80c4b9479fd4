package bot

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// acctClientRow reads a client row.
func (h *harness) acctClientRow(u user) *core.Client {
	h.t.Helper()
	var c *core.Client
	id := h.acctClient(u)
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { c, err = tx.Client(id); return }); err != nil {
		h.t.Fatal(err)
	}
	return c
}

// A bad email, phone or empty name is refused in the person's language by
// core's error, and asked again; nothing is stored.
func TestMyProfileRefusalsInEveryLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for i, c := range []struct{ lang, email, askEmail, phone, name string }{
		{"en", `"maria@" does not look like an email address.`, "Type your email address:",
			`"call me" does not look like a phone number.`, "Please tell me your name."},
		{"fr", "« maria@ » ne ressemble pas à une adresse e-mail.", "Tapez votre adresse e-mail",
			"« call me » ne ressemble pas à un numéro de téléphone.", "Dites-moi votre nom, s'il vous plaît."},
		{"ru", "«maria@» не похоже на адрес электронной почты.", "Введите адрес электронной почты:",
			"«call me» не похоже на номер телефона.", "Пожалуйста, скажите, как вас зовут."},
	} {
		u := user{"4" + string(rune('a'+i)), "Maria", c.lang}
		h.press(u, h.send(u, "/start"), "(Europe/")
		h.press(u, h.send(u, "/profile"), "✉️")
		expect(t, h.send(u, "maria@"), c.email, c.askEmail)
		h.press(u, h.send(u, "/profile"), "📞")
		expect(t, h.send(u, "call me"), c.phone)
		h.press(u, h.send(u, "/profile"), "✏️")
		expect(t, h.send(u, "   "), c.name)
		if row := h.acctClientRow(u); row.Email != "" || row.Phone != "" || row.Name != "Maria" {
			t.Fatalf("%s: stored %+v", c.lang, row)
		}
	}
}

// Editing the email: a bad address is refused politely and asked again,
// a good one saved; the phone likewise; the email can be removed.
func TestMyProfileEditRefusesABadEmailPolitely(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"40", "Maria", "en"}
	h.onboard(u)
	r := h.send(u, "/profile")
	expect(t, r, "👤 Your profile", "Name: Maria", "Email: —", "Phone: —", "Time zone: Europe/Paris", "Language: English",
		"[✏️ Name]", "[✉️ Email]", "[📞 Phone]", "[🌍 Time zone]", "[🗣 Language]")
	r = h.press(u, r, "Email")
	expect(t, r, "Type your email address:")
	if !r[len(r)-1].ExpectText {
		t.Fatal("the prompt should expect text")
	}
	r = h.send(u, "maria@")
	expect(t, r, `"maria@" does not look like an email address.`, "Type your email address:")
	if got := h.acctClientRow(u).Email; got != "" {
		t.Fatalf("bad email stored: %q", got)
	}
	r = h.send(u, "maria@example.com")
	expect(t, r, "✅ Saved.", "Email: maria@example.com")
	if got := h.acctClientRow(u).Email; got != "maria@example.com" {
		t.Fatalf("email = %q", got)
	}
	// The flow ended: more text is not taken as an email.
	expect(t, h.send(u, "hello"), "I work best with buttons")

	h.press(u, h.send(u, "/profile"), "Phone")
	expect(t, h.send(u, "call me"), `"call me" does not look like a phone number.`)
	expect(t, h.send(u, "+33 6 12 34 56 78"), "Phone: +33 6 12 34 56 78")

	r = h.press(u, h.press(u, h.send(u, "/profile"), "Email"), "Remove my email")
	expect(t, r, "🗑 Removed.", "Email: —")
	if got := h.acctClientRow(u).Email; got != "" {
		t.Fatalf("email = %q", got)
	}

	h.press(u, h.send(u, "/profile"), "Name")
	expect(t, h.send(u, "Maria Lopez"), "Name: Maria Lopez")
	// Time zone and language reuse the existing flows.
	expect(t, h.press(u, h.send(u, "/profile"), "Time zone"), "Which time zone are you in?")
}

// In French the refusal is French.
func TestMyProfileFrench(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"41", "Luc", "fr"}
	h.onboard(u)
	r := h.send(u, "/profile")
	expect(t, r, "👤 Votre profil", "Nom : Luc", "E-mail : —", "Langue : français", "[✉️ E-mail]")
	h.press(u, r, "E-mail")
	expect(t, h.send(u, "luc@@x"), "« luc@@x » ne ressemble pas à une adresse e-mail.", "Tapez votre adresse e-mail :")
	expect(t, h.send(u, "luc@example.fr"), "✅ Enregistré.", "E-mail : luc@example.fr")
}
