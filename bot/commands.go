package bot

// Audience is who a command is for, which decides the menus that list it.
type Audience uint8

const (
	// Everyone is every person: a client's commands, which coaches (who
	// book and pay too) see as well.
	Everyone Audience = iota
	// Coaches is the admin commands; the bot refuses them to anyone else.
	Coaches
)

// Chats says in which chats a command is offered.
type Chats uint8

const (
	// Private is the person's own chat with the bot (on Discord, also an
	// ephemeral answer in a server).
	Private Chats = 1 << iota
	// Group is a group or channel, for what acts on that chat itself
	// (linking it, announcing in it).
	Group
)

// Command is one command as the platforms' menus offer it.
type Command struct {
	Name string // without the slash
	// Key is its description's catalog key; each platform words it as
	// "<platform>." + Key, since Discord lists coach commands to everyone
	// and says so where Telegram shows them only in coaches' chats.
	Key string
	For Audience
	In  Chats
	// Shortcut is typed only: left out of the menus, it is reached from
	// /coach's buttons.
	Shortcut bool
}

// Commands is the command list, declared once: the bot registers a handler
// for each of them and no other (New panics otherwise), and each platform
// renders its menus from it, in this order.
func Commands() []Command {
	c := func(name string, who Audience, in Chats) Command {
		return Command{Name: name, Key: "command." + name, For: who, In: in}
	}
	shortcut := func(name string) Command {
		cmd := c(name, Coaches, Private)
		cmd.Shortcut = true
		return cmd
	}
	return []Command{
		c("start", Everyone, Private),
		c("menu", Everyone, Private),
		c("help", Everyone, Private),
		c("book", Everyone, Private),
		c("classes", Everyone, Private),
		c("mybookings", Everyone, Private),
		c("reschedule", Everyone, Private),
		c("packages", Everyone, Private),
		c("passes", Everyone, Private),
		c("payments", Everyone, Private),
		c("history", Everyone, Private),
		c("stats", Everyone, Private),
		c("calendar", Everyone, Private),
		c("progress", Everyone, Private),
		c("profile", Everyone, Private),
		c("language", Everyone, Private),
		c("timezone", Everyone, Private),
		c("link", Everyone, Private),

		c("coach", Coaches, Private),
		c("addcoach", Coaches, Private),
		c("linkchannel", Coaches, Group),
		c("unlinkchannel", Coaches, Group),
		c("channels", Coaches, Private),
		c("calendars", Coaches, Private),
		c("announce", Coaches, Private|Group),
		c("cancelday", Coaches, Private),
		c("move", Coaches, Private),
		c("late", Coaches, Private),
		c("report", Coaches, Private),
		c("export", Coaches, Private),
		shortcut("agenda"),
		shortcut("availability"),
		shortcut("types"),
		shortcut("packs"),
		shortcut("clients"),
		shortcut("newclass"),
		shortcut("policy"),
		shortcut("share"),
	}
}

// Menu is the commands a platform's menu lists for people of audience
// who in chats of kind in: coaches' menus list their own commands first,
// then everyone's.
func Menu(who Audience, in Chats) []Command {
	passes := []Audience{Everyone}
	if who == Coaches {
		passes = []Audience{Coaches, Everyone}
	}
	var out []Command
	for _, pass := range passes {
		for _, c := range Commands() {
			if c.For == pass && c.In&in != 0 && !c.Shortcut {
				out = append(out, c)
			}
		}
	}
	return out
}
