package console

import (
	"strings"
	"testing"
)

// A terminal whose LANG is Russian gets the bot and the console's own
// words in Russian: who is typing, whom a notice is for, goodbye.
func TestARussianTerminalChatsInRussian(t *testing.T) {
	c := newChat(t, Options{Language: "ru_RU.UTF-8"})
	b := c.con.bot
	c.con = New(b, Options{Out: c.out, Language: "ru_RU.UTF-8", Drain: outbox(c.svc, b, &c.con)})
	out := c.say("/start")
	want(t, out, "Здравствуйте, Maria!", "В каком вы часовом поясе?", "] Москва (Europe/Moscow)\n")
	c.say(number(t, out, "Москва"))
	out = c.say("/classes")
	out = c.say(number(t, out, "Yoga flow (group)"))
	out = c.say(number(t, out, "Записаться"))
	want(t, out, "Yoga flow (group), тренер Ana Martin", "── кому: Maria ──\n", "── кому: coach ──\n")
	want(t, c.say("/as Tom"), "Теперь пишет: Tom.\n")
	want(t, c.say("/as"), "Кто пишет? /as coach", "Сейчас пишет: Tom.")
	for _, en := range []string{"── to ", "Now typing", "Who should type"} {
		if strings.Contains(c.out.String(), en) {
			t.Fatalf("English %q in:\n%s", en, c.out.String())
		}
	}
	if !c.con.Line(c.ctx, "/quit") || !strings.HasSuffix(c.out.String(), "До свидания!\n") {
		t.Fatalf("quit: %q", c.out.String()[len(c.out.String())-40:])
	}
}

// French is read from a French LANG the same way.
func TestAFrenchTerminalChatsInFrench(t *testing.T) {
	c := newChat(t, Options{Language: "fr_FR.UTF-8"})
	want(t, c.say("/start"), "Bonjour Maria", "Paris (Europe/Paris)")
	want(t, c.say("/as coach"), "Vous écrivez maintenant en tant que coach.")
}
