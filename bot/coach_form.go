package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// Coach forms: one card listing a draft's fields with their values, a
// button per field (choices as buttons, or a value to type), and action
// buttons (Save, Save and notify, Retire, …). The draft lives in the
// conversation: "form" names the form, "id" the object edited, "f.<key>"
// each value in a canonical text form, "await" the field or prompt that
// the next typed text answers. Every form button carries the step it was
// drawn at, so a double tap or an old card is stale.
//
// Prompts ("type a reason", "type a link") and confirmations reuse the
// same state: "await" = "p.<purpose>", "confirm" = purpose.

// formField is one line of a form.
type formField struct {
	key     string       // the draft key, without "f."
	label   string       // rendered label
	hint    string       // rendered prompt for typing; "" when only choices apply
	choices []formChoice // buttons; may be combined with typing
	parse   func(typed string) (string, error)
	show    func(v string) string                   // renders a value; nil shows it as is
	set     func(d map[string]string, value string) // extra effects of choosing a value
	empty   string                                  // shown for an empty value; "" shows a dash
}

// formChoice is one button of a field.
type formChoice struct{ value, label string }

// formAction is a button that acts on the draft.
type formAction struct {
	label string
	run   func(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) error
}

// coachForm is a form drawn for one turn.
type coachForm struct {
	title   string
	fields  []formField
	actions []formAction
	back    Button
}

// promptHandler answers typed text for a prompt.
type promptHandler func(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, typed string) error

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actFormField  = "cf"  // cf:<step>:<field>
	actFormChoose = "cfc" // cfc:<step>:<field>:<choice>
	actFormAct    = "cfa" // cfa:<step>:<action>
	actFormBack   = "cfb" // cfb:<step>
	actConfirmYes = "cfy" // cfy:<step>
)

// registerCoachForms registers the form and prompt buttons.
func (b *Bot) registerCoachForms() {
	b.action(actFormField, b.asCoach(b.formField))
	b.action(actFormChoose, b.asCoach(b.formChoose))
	b.action(actFormAct, b.asCoach(b.formAct))
	b.action(actFormBack, b.asCoach(b.formBack))
	b.action(actConfirmYes, b.asCoach(b.confirmYes))
}

// buildForm draws the form the conversation holds.
func (b *Bot) buildForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation) (*coachForm, error) {
	switch c.Data["form"] {
	case "se":
		return b.sessionForm(ctx, t, coach, c)
	case "gs":
		return b.groupForm(ctx, t, coach, c)
	case "st":
		return b.typeForm(ctx, t, coach, c)
	case "pk":
		return b.packageForm(ctx, t, coach, c)
	case "po":
		return b.policyForm(ctx, t, coach, c)
	case "av":
		return b.availForm(ctx, t, coach, c)
	}
	return nil, ErrStaleButton
}

// answer registers h as the coach's typed answer to a prompt for
// purpose (b.await): the text table's entry "coach/<purpose>".
func (b *Bot) answer(purpose string, h promptHandler) {
	b.typed(coachFlow+"/"+purpose, b.asCoach(func(ctx context.Context, t *turn, coach *core.Coach) error {
		c, err := b.conversation(ctx, t)
		if err != nil {
			return err
		}
		return h(ctx, t, coach, c, strings.TrimSpace(t.req.Text))
	}))
}

// confirmHandler carries out a confirmed action with the data the
// conversation held.
type confirmHandler func(ctx context.Context, t *turn, coach *core.Coach, data map[string]string) error

// confirms are the handlers of a confirmed action, by purpose.
func (b *Bot) confirms() map[string]confirmHandler {
	return map[string]confirmHandler{"cancelsession": b.confirmCancelSession, "cancelday": b.confirmCancelDay}
}

// startForm begins a form with its first values and shows it.
func (b *Bot) startForm(ctx context.Context, t *turn, coach *core.Coach, form, id string, values map[string]string) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	c.Data = map[string]string{"form": form, "id": id}
	for k, v := range values {
		c.Data["f."+k] = v
	}
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	return b.showForm(ctx, t, coach, c, "")
}

// showForm draws the form card at the conversation's current step.
func (b *Bot) showForm(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, note string) error {
	f, err := b.buildForm(ctx, t, coach, c)
	if err != nil {
		return err
	}
	var text strings.Builder
	text.WriteString(f.title)
	if note != "" {
		text.WriteString("\n" + note)
	}
	text.WriteString("\n")
	s := step(c)
	var rows [][]Button
	var pair []Button
	for i, fl := range f.fields {
		text.WriteString("\n" + b.t(t, "form.line", "Label", fl.label, "Value", fieldValue(fl, c.Data["f."+fl.key])))
		pair = append(pair, btn("✏️ "+fl.label, actFormField, s, strconv.Itoa(i)))
		if len(pair) == 2 {
			rows, pair = append(rows, pair), nil
		}
	}
	if len(pair) > 0 {
		rows = append(rows, pair)
	}
	for k, a := range f.actions {
		rows = append(rows, row(btn(a.label, actFormAct, s, strconv.Itoa(k))))
	}
	rows = append(rows, row(f.back))
	t.say(text.String(), rows...)
	return nil
}

// fieldValue renders a draft value, a dash when empty.
func fieldValue(fl formField, v string) string {
	if v == "" && fl.empty != "" {
		return fl.empty
	}
	if v != "" && fl.show != nil {
		v = fl.show(v)
	}
	return orDash(v)
}

// formAt loads the current form and the field its button names.
func (b *Bot) formAt(ctx context.Context, t *turn, coach *core.Coach) (*core.Conversation, *coachForm, int, error) {
	c, err := b.current(ctx, t, coachFlow, 0)
	if err != nil {
		return nil, nil, 0, err
	}
	f, err := b.buildForm(ctx, t, coach, c)
	if err != nil {
		return nil, nil, 0, err
	}
	s, err := t.cb.arg(1)
	if err != nil {
		return nil, nil, 0, err
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 {
		return nil, nil, 0, ErrStaleButton
	}
	return c, f, i, nil
}

// formField asks for one field: its choices as buttons, or to type it.
func (b *Bot) formField(ctx context.Context, t *turn, coach *core.Coach) error {
	c, f, i, err := b.formAt(ctx, t, coach)
	if err != nil {
		return err
	}
	if i >= len(f.fields) {
		return ErrStaleButton
	}
	fl := f.fields[i]
	delete(c.Data, "await")
	if fl.hint != "" {
		c.Data["await"] = "f." + fl.key
	}
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	s := step(c)
	text := b.t(t, "form.value", "Label", fl.label, "Value", fieldValue(fl, c.Data["f."+fl.key]))
	if fl.hint != "" {
		text += "\n" + fl.hint
	}
	var rows [][]Button
	var pair []Button
	for j, ch := range fl.choices {
		pair = append(pair, btn(ch.label, actFormChoose, s, strconv.Itoa(i), strconv.Itoa(j)))
		if len(pair) == 2 {
			rows, pair = append(rows, pair), nil
		}
	}
	if len(pair) > 0 {
		rows = append(rows, pair)
	}
	rows = append(rows, row(btn(b.t(t, "form.back"), actFormBack, s)))
	t.say(text, rows...)
	t.replies[len(t.replies)-1].ExpectText = fl.hint != ""
	return nil
}

// formChoose stores a choice and shows the form again.
func (b *Bot) formChoose(ctx context.Context, t *turn, coach *core.Coach) error {
	c, f, i, err := b.formAt(ctx, t, coach)
	if err != nil {
		return err
	}
	s, err := t.cb.arg(2)
	if err != nil {
		return err
	}
	j, err := strconv.Atoi(s)
	if err != nil || i >= len(f.fields) || j < 0 || j >= len(f.fields[i].choices) {
		return ErrStaleButton
	}
	return b.setField(ctx, t, coach, c, f.fields[i], f.fields[i].choices[j].value)
}

// setField stores a field's value, then shows the form at the next step.
func (b *Bot) setField(ctx context.Context, t *turn, coach *core.Coach, c *core.Conversation, fl formField, v string) error {
	c.Data["f."+fl.key] = v
	if fl.set != nil {
		fl.set(c.Data, v)
	}
	delete(c.Data, "await")
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	return b.showForm(ctx, t, coach, c, "")
}

// formBack shows the form again without changing it.
func (b *Bot) formBack(ctx context.Context, t *turn, coach *core.Coach) error {
	c, err := b.current(ctx, t, coachFlow, 0)
	if err != nil {
		return err
	}
	delete(c.Data, "await")
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	return b.showForm(ctx, t, coach, c, "")
}

// formAct runs an action of the form (Save, …); a refusal shows the form
// again with the reason, so the coach can fix the draft.
func (b *Bot) formAct(ctx context.Context, t *turn, coach *core.Coach) error {
	c, f, k, err := b.formAt(ctx, t, coach)
	if err != nil {
		return err
	}
	if k >= len(f.actions) {
		return ErrStaleButton
	}
	// Spend the step first: a second tap of the same Save is stale.
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	err = f.actions[k].run(ctx, t, coach, c)
	if code := core.ErrorCode(err); code == core.EINVALID && err != ErrStaleButton || code == core.ECONFLICT {
		if err := b.advance(ctx, t, c, coachFlow); err != nil {
			return err
		}
		return b.showForm(ctx, t, coach, c, "⚠️ "+b.errText(t, err))
	}
	return err
}

// coachText takes typed text: a form field's value, a prompt's answer,
// or a pointer back to the buttons.
func (b *Bot) coachText(ctx context.Context, t *turn, coach *core.Coach) error {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return err
	}
	typed := strings.TrimSpace(t.req.Text)
	await := c.Data["await"]
	switch {
	case strings.HasPrefix(await, "f."):
		f, err := b.buildForm(ctx, t, coach, c)
		if err != nil {
			return err
		}
		for _, fl := range f.fields {
			if "f."+fl.key != await {
				continue
			}
			v, err := fl.parse(typed)
			if err != nil {
				t.say("⚠️ "+b.errText(t, err)+"\n"+fl.hint, row(btn(b.t(t, "form.back"), actFormBack, step(c))))
				t.replies[len(t.replies)-1].ExpectText = true
				return nil
			}
			return b.setField(ctx, t, coach, c, fl, v)
		}
	case strings.HasPrefix(await, "p."):
		// A prompt's answer is routed by text() to its own entry
		// (b.answer); one that has none gets the menu.
	case c.Data["form"] != "":
		return b.showForm(ctx, t, coach, c, b.t(t, "form.tap"))
	}
	return b.coachMenu(ctx, t, coach, b.t(t, "coach.tap"))
}

// prompt asks the coach to type something for purpose, keeping extra
// state in the conversation; rows, if set, draws buttons that may carry
// the new step.
func (b *Bot) prompt(ctx context.Context, t *turn, purpose string, data map[string]string, text string, rows func(step string) [][]Button) error {
	c, err := b.await(ctx, t, purpose, data)
	if err != nil {
		return err
	}
	var rs [][]Button
	if rows != nil {
		rs = rows(step(c))
	}
	t.say(text, rs...)
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// await makes the next typed text answer purpose, saying nothing: a
// command typed with its arguments that turn out wrong can then be
// answered by typing them again.
func (b *Bot) await(ctx context.Context, t *turn, purpose string, data map[string]string) (*core.Conversation, error) {
	c, err := b.conversation(ctx, t)
	if err != nil {
		return nil, err
	}
	c.Data = map[string]string{"await": "p." + purpose}
	for k, v := range data {
		c.Data[k] = v
	}
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return nil, err
	}
	return c, nil
}

// backRows is a prompt's single "back" button.
func backRows(back Button) func(string) [][]Button {
	return func(string) [][]Button { return [][]Button{row(back)} }
}

// reprompt refuses a typed answer and waits for another; without rows
// of its own it offers the way back to the coach menu.
func (b *Bot) reprompt(t *turn, err error, hint string, rows ...[]Button) error {
	code := core.ErrorCode(err)
	if code != core.EINVALID && code != core.ECONFLICT && code != core.ENOTFOUND || err == ErrStaleButton {
		return err
	}
	text := "⚠️ " + b.errText(t, err)
	if hint != "" {
		text += "\n" + hint
	}
	if len(rows) == 0 {
		rows = [][]Button{row(b.backToMenu(t))}
	}
	t.say(text, rows...)
	t.replies[len(t.replies)-1].ExpectText = true
	return nil
}

// askConfirm shows what an action will do with a Confirm button carrying
// the step; the conversation's data says what to do.
func (b *Bot) askConfirm(ctx context.Context, t *turn, c *core.Conversation, purpose, text, yes string, back Button) error {
	c.Data["confirm"] = purpose
	delete(c.Data, "await")
	if err := b.advance(ctx, t, c, coachFlow); err != nil {
		return err
	}
	t.say(text, row(btn(yes, actConfirmYes, step(c))), row(back))
	return nil
}

// confirmYes runs a confirmed action once: the step is spent first.
func (b *Bot) confirmYes(ctx context.Context, t *turn, coach *core.Coach) error {
	c, err := b.current(ctx, t, coachFlow, 0)
	if err != nil {
		return err
	}
	h, ok := b.confirms()[c.Data["confirm"]]
	if !ok {
		return ErrStaleButton
	}
	data := c.Data
	c.Data = map[string]string{}
	if err := b.advance(ctx, t, c, ""); err != nil {
		return err
	}
	return h(ctx, t, coach, data)
}
