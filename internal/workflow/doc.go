// Package workflow holds Shotdesk's use cases: the things an admin does,
// written once and called by both front-ends. The window (app/) and the
// command line (internal/cli) are thin adapters around it: they turn
// arguments or DTOs into a request, make one call, and present the result.
//
// A Desk is one organization's local side: the offline cache, the photo
// cache, the API client (absent without a key) and the sync machinery.
// Its methods are the use cases:
//
//   - Freshen: bring the cache up to date before an export, or say how old
//     it is when HeadshotPro cannot be reached (freshen.go);
//   - DownloadFavorites: freshen → renew expiring photo links → export the
//     ZIP or folder (favorites.go);
//   - ExportStatusCSV: freshen → write the status CSV of everyone or of a
//     list's View, through the list's own query (statuscsv.go, view.go);
//   - profile pictures to a file or a preview, cached per template (pfp.go);
//   - actioned marks (actioned.go), team changes (teams.go);
//   - invites: roster → preview plan with one eligibility rule → queue →
//     send → result (invites.go); re-send = revoke + invite queued together
//     (pending.go); the outbox list, retry, discard (outbox.go);
//   - chasing people: reminder mail drafts under MaxMailtoLen (remind.go);
//     the only links the front-ends open, checked by CheckLink, and the
//     member page with words that say why (links.go, memberpage.go);
//   - one full-size photo to a file (photo.go).
//
// Errors that reach a person are *Error values: a Kind the adapters map to
// their own codes (the window's AppError code, the CLI's exit code), words
// for a person (what happened and what to do) and the technical cause for
// the log. See errors.go.
package workflow
