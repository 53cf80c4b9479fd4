// Package bot holds Slotbot's conversations once, for every chat
// platform. An adapter turns a platform update into a Request, calls
// Bot.Handle and turns each Reply back into platform calls; no platform
// type ever enters this package. bot imports only core.
package bot
