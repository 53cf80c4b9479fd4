package discord

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// An interaction answered at once needs nothing stored: its work is done
// when Discord gets the answer, and an interaction never answered is
// shown to the person as failed. A deferred one is different: Discord is
// told "later" before the work is done, and the person waits for the
// edit. So before the deferral is sent, the interaction is stored in the
// inbox, held by this replica (bot.Inbox.Hold) while it finishes the
// answer; if the replica dies first, another replica's inbox claims the
// stored interaction once the lease runs out and answers it from the
// row (handleStored): the bot is asked again and the deferred answer is
// edited in, with the interaction's token, which Discord honours for 15
// minutes. An interaction that cannot be stored within holdTimeout (the
// database is slow or away) is deferred all the same, unstored, as
// before the inbox: a person waiting is better served by an answer that
// a crash could lose than by "interaction failed".

// holdTimeout bounds the store of a deferred interaction, which comes
// after DeferAfter (2 s) and before the deferral, which Discord wants
// within 3 s of the interaction.
const holdTimeout = 700 * time.Millisecond

// interactionTTL is how long Discord accepts edits and follow-ups of an
// interaction (its token's life).
const interactionTTL = 15 * time.Minute

// storedInteraction is the inbox row of a deferred interaction: what
// another replica needs to finish it.
type storedInteraction struct {
	// Deferred is the deferral sent: a new message (5) or an update of
	// the pressed message (6).
	Deferred discordgo.InteractionResponseType `json:"deferred"`
	// Interaction is the interaction as Discord sends it
	// (interactionJSON).
	Interaction json.RawMessage `json:"interaction"`
}

// interactionJSON encodes i as Discord sends it, for
// discordgo.Interaction's decoding to read back. discordgo does not
// encode a modal's fields (ModalSubmitInteractionData.Components is
// `json:"-"`), so they are put back here.
func interactionJSON(i *discordgo.Interaction) ([]byte, error) {
	b, err := json.Marshal(i)
	if err != nil || i.Type != discordgo.InteractionModalSubmit {
		return b, err
	}
	d, ok := i.Data.(discordgo.ModalSubmitInteractionData)
	if !ok {
		return b, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m["data"], err = json.Marshal(struct {
		CustomID   string                       `json:"custom_id"`
		Components []discordgo.MessageComponent `json:"components"`
	}{d.CustomID, d.Components}); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// interaction decodes the stored interaction.
func (s storedInteraction) interaction() (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(s.Interaction, &i); err != nil {
		return nil, err
	}
	return &i, nil
}

// hold stores x's interaction in the inbox, held by this replica, and
// runs finish as its work; false when it could not (no inbox running,
// the store failed or was too slow), and finish has not been run.
func (a *Adapter) hold(x *exchange, finish func(ctx context.Context)) bool {
	if a.inbox == nil {
		return false
	}
	raw, err := interactionJSON(x.i)
	if err == nil {
		raw, err = json.Marshal(storedInteraction{Deferred: x.deferred, Interaction: raw})
	}
	body := raw
	if err != nil {
		a.log.Error("discord: cannot encode an interaction to store", "err", err)
		return false
	}
	u := &core.InboxUpdate{Platform: Platform, UpdateID: x.i.ID, Chat: x.req.UserID, Body: body}
	ctx, cancel := context.WithTimeout(a.ctx, holdTimeout)
	defer cancel()
	a.busy.Add(1)
	err = a.inbox.Hold(ctx, u, func(ctx context.Context) {
		defer a.busy.Add(-1)
		finish(ctx)
	})
	if err != nil {
		a.busy.Add(-1)
	}
	switch {
	case errors.Is(err, bot.ErrInboxStopped):
		a.log.Debug("discord: inbox not running; a deferred answer goes unstored", "interaction", x.i.ID)
		return false
	case err != nil:
		a.log.Warn("discord: a deferred answer could not be stored; it is lost if this replica stops before sending it",
			"interaction", x.i.ID, "err", err)
		return false
	}
	return true
}

// handleStored finishes a deferred interaction another replica (or this
// process before a restart) stored and did not finish: it asks the bot
// again, as if for the first time (the interaction id was recorded then),
// and edits the answer into the deferral. One older than Discord keeps
// its token is dropped: nothing could show the answer.
func (a *Adapter) handleStored(ctx context.Context, su *core.InboxUpdate) {
	var s storedInteraction
	err := json.Unmarshal(su.Body, &s)
	var i *discordgo.Interaction
	if err == nil {
		i, err = s.interaction()
	}
	if err != nil {
		a.log.Error("discord: stored interaction unreadable; dropped", "interaction", su.UpdateID, "err", err)
		return
	}
	if age := a.svc.Clock.Now().Sub(su.Received); age > interactionTTL { // Received is on the service's clock
		a.log.Warn("discord: stored interaction too old to answer; dropped", "interaction", su.UpdateID,
			"age", age.Round(time.Second).String())
		return
	}
	p, err := parseInteraction(i)
	if err != nil || p.kind != kindRequest {
		a.log.Error("discord: stored interaction is not a request; dropped", "interaction", su.UpdateID, "err", err)
		return
	}
	req := p.req
	req.UpdateID = ""
	delivered := make(chan struct{})
	close(delivered) // sent right after the store; if it was not, the edit fails and is logged
	x := a.exchange(i, req, delivered)
	x.deferred = s.Deferred
	a.ensureDM(ctx, req)
	x.finish(ctx, a.bot.Handle(ctx, req))
	a.log.Info("discord: finished a deferred answer another process left", "interaction", su.UpdateID,
		"attempt", su.Attempts)
}
