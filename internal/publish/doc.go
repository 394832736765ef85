// Package publish puts people's new profile pictures into the directories
// their colleagues see them in: Microsoft Entra ID / Exchange (through
// Microsoft Graph), Google Workspace and BambooHR.
//
// A Target is one connected directory: it lists its accounts, reads,
// uploads and removes one person's photo, and states its limits (bytes,
// formats, square, sides). Each target lives in its own sub-package
// (publish/entra, publish/google, publish/bamboohr) and its HTTP goes
// through NewClient here, which all targets share: bounded retries on 5xx,
// one shared pause honouring 429 Retry-After across every request in
// flight, a pace learnt from the target's throttling, and one token
// renewal on a 401.
//
// The flow is Match (a Report the admin reviews before anything is
// written: who will change, who is already up to date, who is missing on
// either side), then Run (a job: for each person who will change, read the
// current photo and keep it, upload the new one, log both), and Revert
// (put the kept photo back, per person or for a whole run). What was sent
// is logged in the offline copy (store's publish tables) so a second run
// sends only what is left or changed; the kept photos live as files in the
// data folder (not the photo cache: they cannot be downloaded again).
package publish
