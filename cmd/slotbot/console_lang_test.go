package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The terminal's language is read as gettext reads it.
func TestTerminalLocale(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"LANG": "ru_RU.UTF-8"}, "ru_RU.UTF-8"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr_FR.UTF-8"},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "ru_RU.UTF-8"}, "ru_RU.UTF-8"},
		{map[string]string{"LANG": "en_GB.UTF-8", "LANGUAGE": "ru:en"}, "ru"},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ru:en"}, "C.UTF-8"},
		{map[string]string{"LANGUAGE": "ru"}, ""},
		{map[string]string{}, ""},
	} {
		if got := (&Main{Getenv: env(c.vars)}).locale(); got != c.want {
			t.Errorf("%v: locale %q, want %q", c.vars, got, c.want)
		}
	}
}

// With a Russian LANG the whole terminal chat is Russian, its banner too.
func TestTerminalChatInRussian(t *testing.T) {
	t.Parallel()
	var out, errs bytes.Buffer
	m := &Main{Getenv: env(map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "LANG": "ru_RU.UTF-8"}),
		Stdin: strings.NewReader("/start\n1\n/book\n/quit\n"), Stdout: &out, Stderr: &errs}
	if err := m.Run(context.Background(), nil); err != nil {
		t.Fatalf("%v\n%s", err, errs.String())
	}
	for _, want := range []string{"— чат в терминале, данные:", "Первый запуск: создана демонстрационная студия (тренер Ana Martin",
		"Вы — Maria, клиент: наберите /start.", "Здравствуйте, Maria!", "Часовой пояс: Europe/Moscow",
		// The demo studio is named in the terminal's language too.
		"• Стандартное занятие — 1 ч · 50,00\u00a0€ или 1 кредит · онлайн или очно", "Бесплатная консультация (30 мин)", "До свидания!"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("want %q in:\n%s", want, out.String())
		}
	}
	for _, en := range []string{"terminal chat", "First run", "You are", "Bye", "SQLite file", "session", "consultation"} {
		if strings.Contains(out.String(), en) {
			t.Errorf("English %q in:\n%s", en, out.String())
		}
	}
}
